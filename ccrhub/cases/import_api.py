"""/api/v1/imports/: upload an events file, follow its job (API.md)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, parsers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.cases import imports
from ccrhub.cases.models import ImportJob, ImportStatus
from ccrhub.lib.api import PROBLEM_CONTENT_TYPE, ObjectJSONParser, StrictInput, problem, query
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Collaborative


class ImportJobSerializer(serializers.ModelSerializer[ImportJob]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    mapping: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "collaborative",
            "kind",
            "mapping",
            "status",
            "rows_total",
            "rows_done",
            "rows_imported",
            "errors",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportCreateSerializer(StrictInput, serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=False)
    collaborative = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=["events"], required=False)
    mapping = serializers.UUIDField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("kind")) == bool(attrs.get("mapping")):
            raise serializers.ValidationError(
                {"kind": ["Send either kind=events or mapping=<saved mapping id>."]}
            )
        return attrs


class ImportFilters(serializers.Serializer[Any]):
    collaborative = serializers.UUIDField(required=False)


class ImportRefusedSerializer(serializers.Serializer[Any]):
    """422: a file refused whole. For a stored job, `status` is the job's (`failed`) and
    `errors` lists every error by row and column; otherwise it is the problem's 422."""

    type = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    status = serializers.JSONField(help_text="422, or `failed` for a job refused whole.")
    # DRF's metaclass takes declared fields out of the class (see ProblemSerializer).
    errors = serializers.ListField(child=serializers.DictField())  # type: ignore[assignment]
    id = serializers.UUIDField(required=False)
    rows_total = serializers.IntegerField(required=False)
    rows_imported = serializers.IntegerField(required=False)


IMPORT_ANSWERS = {
    201: ImportJobSerializer,
    202: ImportJobSerializer,
    (422, PROBLEM_CONTENT_TYPE): ImportRefusedSerializer,
}


@extend_schema_view(
    get=extend_schema(parameters=[ImportFilters]),
    post=extend_schema(
        request={"multipart/form-data": ImportCreateSerializer}, responses=IMPORT_ANSWERS
    ),
)
@requires("cases.write")
class ImportListView(generics.ListCreateAPIView[ImportJob]):
    serializer_class = ImportJobSerializer
    # The one upload of the API: a file and its fields, as multipart form data (JSON,
    # which cannot carry the file, is still read, to be refused field by field).
    parser_classes = [parsers.MultiPartParser, ObjectJSONParser]

    def get_queryset(self) -> Any:
        imports.require_import_role(self.request.user)
        jobs = imports.visible_jobs(self.request.user)
        wanted = query(self.request, ImportFilters)
        if "collaborative" in wanted:
            jobs = jobs.filter(collaborative__public_id=wanted["collaborative"])
        return jobs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = signed_in_user(request)
        collaborative = (
            Collaborative.objects.of_user(user)
            .filter(public_id=parse_public_id(request.data.get("collaborative", "")))
            .first()
        )
        if collaborative is None:
            raise Http404
        if not imports.may_import(user, collaborative.pk):
            raise PermissionDenied
        body = ImportCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        mapping = None
        if body.validated_data.get("mapping"):
            mapping = imports.access_mapping(user, body.validated_data["mapping"])
        try:
            job = imports.create_job(
                collaborative=collaborative,
                upload=body.validated_data["file"],
                actor=user,
                mapping=mapping,
            )
        except imports.FileProblem as refused:
            return problem(422, "Invalid input", str(refused), errors=[])
        imports.start_job(job)
        return _job_response(ImportJob.objects.get(pk=job.pk))


def _job_response(job: ImportJob) -> Response:
    """201 when stored, 202 while queued or running, 422 problem+json when refused."""
    data = ImportJobSerializer(job).data
    if job.status == ImportStatus.FAILED:
        extra = {key: data[key] for key in ("id", "status", "rows_total", "rows_imported")}
        return problem(
            422,
            "Invalid input",
            "The file was refused whole; nothing was stored.",
            errors=data["errors"],
            **extra,
        )
    code = status.HTTP_201_CREATED if job.status == ImportStatus.COMPLETED else 202
    return Response(data, status=code)


@requires("cases.write")
class ImportDetailView(generics.GenericAPIView[ImportJob]):
    serializer_class = ImportJobSerializer

    def get(self, request: Request, job_id: str) -> Response:
        job = imports.access_job(request.user, job_id)
        return Response(ImportJobSerializer(job).data)


urlpatterns = [
    path("imports/", ImportListView.as_view(), name="api-import-list"),
    path("imports/<str:job_id>", ImportDetailView.as_view(), name="api-import-detail"),
]
