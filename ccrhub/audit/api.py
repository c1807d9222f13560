"""GET /api/v1/audit/events and /api/v1/audit/access-report (coordinators only)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.audit import actions
from ccrhub.audit.access import OBJECT_ID, OBJECT_TYPE, access_object_report, require_auditor
from ccrhub.audit.models import AuditEvent
from ccrhub.audit.queries import events_in
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Collaborative


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    actor: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    actor_name = serializers.SerializerMethodField()
    actor_agency: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    collaborative: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor",
            "actor_name",
            "actor_agency",
            "actor_role",
            "action",
            "object_type",
            "object_id",
            "collaborative",
            "compartment",
            "reason",
            "outcome",
            "request_id",
            "details",
        ]
        read_only_fields = fields

    def get_actor_name(self, event: AuditEvent) -> str:
        return event.actor.get_full_name() if event.actor is not None else ""


def _object_filter(params: Any) -> tuple[str, str]:
    object_type = params.get("object_type", "")
    object_id = params.get("object_id", "")
    if object_type and not OBJECT_TYPE.match(object_type):
        raise exceptions.ValidationError({"object_type": ["Use the form 'app.model'."]})
    if object_id and not OBJECT_ID.match(object_id):
        raise exceptions.ValidationError({"object_id": ["Malformed object id."]})
    return object_type, object_id


OBJECT_PARAMETERS = [
    OpenApiParameter("object_type", str, description="'app.model', e.g. cases.case"),
    OpenApiParameter("object_id", str, description="The object's public id"),
]


@extend_schema(
    parameters=[
        OpenApiParameter("collaborative", str, description="A collaborative's id"),
        OpenApiParameter("action", str, description="e.g. case.viewed"),
        *OBJECT_PARAMETERS,
    ]
)
@requires("audit.view")
class AuditEventList(generics.ListAPIView[AuditEvent]):
    """Events in the collaboratives the caller coordinates; filter by collaborative,
    object_type, object_id, action."""

    serializer_class = AuditEventSerializer

    def get_queryset(self) -> QuerySet[AuditEvent]:
        collaborative_ids = require_auditor(self.request.user)
        params = self.request.query_params
        wanted = params.get("collaborative")
        if wanted:
            match = Collaborative.objects.filter(
                pk__in=collaborative_ids, public_id=parse_public_id(wanted)
            ).values_list("pk", flat=True)
            collaborative_ids = list(match)
            if not collaborative_ids:
                raise Http404
        object_type, object_id = _object_filter(params)
        return events_in(
            collaborative_ids,
            object_type=object_type,
            object_id=object_id,
            action=params.get("action", ""),
        )


@extend_schema(
    parameters=[
        OpenApiParameter(p.name, str, description=p.description, required=True)
        for p in OBJECT_PARAMETERS
    ]
)
@requires("audit.view")
class AccessReport(generics.ListAPIView[AuditEvent]):
    """Who saw or changed one object: `?object_type=&object_id=` (both required)."""

    serializer_class = AuditEventSerializer

    def get_queryset(self) -> QuerySet[AuditEvent]:
        object_type, object_id = self._reference()
        return access_object_report(self.request.user, object_type, object_id)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        # Recorded after the listing, so a reader does not see their own read in it.
        object_type, object_id = self._reference()
        actions.record_report_read(
            actor=request.user,
            object_type=object_type,
            object_id=object_id,
            collaborative_id=self.get_queryset().values_list("collaborative_id", flat=True)[0],
        )
        return response

    def _reference(self) -> tuple[str, str]:
        params = self.request.query_params
        object_type, object_id = params.get("object_type", ""), params.get("object_id", "")
        if not object_type or not object_id:
            require_auditor(self.request.user)
            raise exceptions.ValidationError(
                {"object_type": ["object_type and object_id are required."]}
            )
        return object_type, object_id


urlpatterns = [
    path("audit/events", AuditEventList.as_view(), name="api-audit-events"),
    path("audit/access-report", AccessReport.as_view(), name="api-audit-access-report"),
]
