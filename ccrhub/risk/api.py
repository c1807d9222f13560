"""/api/v1/risk/: instrument definitions and the agency's assessments (API.md)."""

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.api import CursorPagination, StrictInput
from ccrhub.lib.policy import requires
from ccrhub.risk import actions, instruments
from ccrhub.risk.access import access_survivor_to_assess, assessments_of_agency, require_assessor
from ccrhub.risk.models import Assessment
from ccrhub.survivors.access import agency_of


def instrument_data(instrument: instruments.Instrument) -> dict[str, Any]:
    return {
        "id": instrument.id,
        "version": instrument.version,
        "language": instrument.language,
        "title": instrument.title,
        "schema_only": instrument.schema_only,
        "items": [
            {"id": item.id, "gist": item.gist, "answer_type": list(instrument.answers)}
            for item in instrument.items
        ],
        "scoring": dict(instrument.scoring),
        "threshold": dict(instrument.threshold),
        "bands": [{"id": b.id, "label": b.label, "min": b.min} for b in instrument.bands],
        "licence": {"ref": instrument.licence_ref, "note": instrument.licence_note},
    }


class InstrumentItemSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    gist = serializers.CharField()
    answer_type = serializers.ListField(child=serializers.CharField())


class InstrumentSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    version = serializers.CharField()
    language = serializers.CharField()
    title = serializers.CharField()
    schema_only = serializers.BooleanField()
    items = InstrumentItemSerializer(many=True)
    scoring = serializers.DictField()
    threshold = serializers.DictField()
    bands = serializers.ListField(child=serializers.DictField())
    licence = serializers.DictField()


class InstrumentListSerializer(serializers.Serializer[Any]):
    results = InstrumentSerializer(many=True)


@requires("risk.assess")
class InstrumentListView(generics.GenericAPIView[Any]):
    """Definitions for the deployment's jurisdiction, items in order."""

    pagination_class = None
    serializer_class = InstrumentListSerializer

    def get(self, request: Request) -> Response:
        require_assessor(request.user)
        data = {"results": [instrument_data(i) for i in instruments.available()]}
        return Response(InstrumentListSerializer(data).data)


class JudgementSerializer(StrictInput, serializers.Serializer[Any]):
    refer = serializers.BooleanField()
    reasons = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentCreateSerializer(StrictInput, serializers.Serializer[Any]):
    instrument = serializers.CharField(max_length=40)
    version = serializers.CharField(max_length=20, required=False)
    answers = serializers.DictField(child=serializers.JSONField())
    professional_judgement = JudgementSerializer(required=False)
    survivor = serializers.UUIDField(required=False)
    assessed_on = serializers.DateField(required=False)


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    survivor = serializers.UUIDField(source="survivor.public_id", read_only=True)
    instrument = serializers.CharField(source="instrument_id", read_only=True)
    version = serializers.CharField(source="instrument_version", read_only=True)
    meets_referral_threshold = serializers.BooleanField(source="meets_threshold", read_only=True)
    professional_judgement = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "survivor",
            "instrument",
            "version",
            "language",
            "licence_ref",
            "assessed_on",
            "score",
            "band",
            "meets_referral_threshold",
            "professional_judgement",
            "referral_indicated",
        ]

    def get_professional_judgement(self, obj: Assessment) -> dict[str, Any]:
        return {"refer": obj.judgement_raised, "reasons": obj.judgement_reasons}


@extend_schema_view(
    post=extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer})
)
@requires("risk.assess")
class AssessmentListView(generics.ListCreateAPIView[Assessment]):
    serializer_class = AssessmentSerializer
    pagination_class = CursorPagination

    def get_queryset(self) -> Any:
        return assessments_of_agency(self.request.user).select_related("survivor")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_assessor(request.user)
        body = AssessmentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actor = signed_in_user(request)
        survivor = (
            access_survivor_to_assess(actor, data["survivor"]) if data.get("survivor") else None
        )
        judgement = data.get("professional_judgement") or {"refer": False, "reasons": ""}
        assessment = actions.record_assessment(
            survivor,
            data["instrument"],
            data["answers"],
            actor=actor,
            agency=agency_of(actor),
            assessed_on=data.get("assessed_on") or timezone.localdate(),
            judgement_raised=judgement["refer"],
            judgement_reasons=judgement.get("reasons", ""),
            version=data.get("version"),
        )
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("risk/instruments/", InstrumentListView.as_view(), name="api-risk-instruments"),
    path("risk/assessments/", AssessmentListView.as_view(), name="api-risk-assessments"),
]
