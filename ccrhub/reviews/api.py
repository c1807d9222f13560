"""/api/v1/reviews/, /api/v1/reviews/{id}/findings and /api/v1/recommendations/: the
same access functions and actions as the pages; PATCH answers 409 on a stale `version`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.api import CursorPagination, StrictInput, VersionedPatch, named, query
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Agency, Collaborative
from ccrhub.partners.queries import collaborative_ids_with
from ccrhub.reviews import actions
from ccrhub.reviews.access import (
    MANAGE,
    VIEW,
    access_finding,
    access_recommendation,
    access_review,
    require_reviews_role,
    visible_recommendations,
)
from ccrhub.reviews.models import (
    Finding,
    Method,
    Recommendation,
    RecommendationStatus,
    RecommendationType,
    Review,
    ReviewKind,
    ReviewStatus,
    SourceKind,
)
from ccrhub.reviews.queries import reviews_for_list


class ReviewSerializer(serializers.ModelSerializer[Review]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative = serializers.UUIDField(source="collaborative.public_id", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "collaborative",
            "kind",
            "title",
            "question",
            "scope_points",
            "status",
            "summary",
            "response_on",
            "jurisdiction",
            "notified_on",
            "decision_due_on",
            "decision",
            "published_at",
            "version",
        ]
        read_only_fields = fields


class ReviewCreateSerializer(StrictInput, serializers.Serializer[Any]):
    collaborative = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    title = serializers.CharField(max_length=200)
    question = serializers.CharField(required=False, allow_blank=True, default="")
    scope_points = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    notified_on = serializers.DateField(required=False, allow_null=True, default=None)
    response_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReviewUpdateSerializer(VersionedPatch):
    """PATCH {version, title?, question?, scope_points?, status?, summary?}."""

    title = serializers.CharField(max_length=200, required=False)
    question = serializers.CharField(required=False, allow_blank=True)
    scope_points = serializers.ListField(child=serializers.CharField(), required=False)
    status = serializers.ChoiceField(
        choices=[c for c in ReviewStatus.choices if c[0] != ReviewStatus.PUBLISHED],
        required=False,
    )
    summary = serializers.CharField(required=False, allow_blank=True)


class FindingSerializer(StrictInput, serializers.ModelSerializer[Finding]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "problem",
            "method",
            "processing_point",
            "how_produced",
            "evidence",
            "measure_key",
            "version",
        ]
        read_only_fields = ["id", "version"]
        extra_kwargs = {"method": {"choices": Method.choices}}


class FindingUpdateSerializer(VersionedPatch):
    """PATCH {id, version, problem?, method?, processing_point?, how_produced?, evidence?,
    measure_key?}: the finding named by `id`."""

    always_required = ("version", "id")

    id = serializers.UUIDField(help_text="The finding to change.")
    problem = serializers.CharField(max_length=300, required=False)
    method = serializers.ChoiceField(choices=Method.choices, required=False)
    processing_point = serializers.CharField(max_length=40, required=False, allow_blank=True)
    how_produced = serializers.CharField(required=False, allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)
    measure_key = serializers.CharField(max_length=60, required=False, allow_blank=True)


class FindingListSerializer(serializers.Serializer[Any]):
    results = FindingSerializer(many=True)
    next = serializers.URLField(allow_null=True)


class RecommendationSerializer(serializers.ModelSerializer[Recommendation]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    collaborative = serializers.UUIDField(source="collaborative.public_id", read_only=True)
    review = serializers.SerializerMethodField()
    finding = serializers.SerializerMethodField()
    owner_agency = serializers.UUIDField(source="owner_agency.public_id", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "collaborative",
            "source_kind",
            "source_ref",
            "review",
            "finding",
            "owner_agency",
            "kind",
            "text",
            "theme",
            "due_on",
            "status",
            "action_plan",
            "evidence",
            "implemented_on",
            "version",
        ]
        read_only_fields = fields

    def get_review(self, obj: Recommendation) -> str | None:
        return str(obj.review.public_id) if obj.review else None

    def get_finding(self, obj: Recommendation) -> str | None:
        return str(obj.finding.public_id) if obj.finding else None


class RecommendationCreateSerializer(StrictInput, serializers.Serializer[Any]):
    review = serializers.UUIDField()
    finding = serializers.UUIDField(required=False, allow_null=True, default=None)
    owner_agency = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=RecommendationType.choices)
    text = serializers.CharField()
    theme = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class RecommendationFilters(serializers.Serializer[Any]):
    """The query of `GET /api/v1/recommendations/`."""

    status = serializers.ChoiceField(choices=RecommendationStatus.choices, required=False)
    owner_agency = serializers.UUIDField(required=False)
    theme = serializers.CharField(max_length=80, required=False)
    source_kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)


class RecommendationUpdateSerializer(VersionedPatch):
    """PATCH {version, status?, due_on?, theme?, action_plan?, evidence?}."""

    status = serializers.ChoiceField(choices=RecommendationStatus.choices, required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    theme = serializers.CharField(required=False, allow_blank=True)
    action_plan = serializers.CharField(required=False, allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)


def _agency(value: Any) -> Agency:
    agencies = Agency.objects.filter(is_active=True)
    return named(agencies, value, field="owner_agency", unknown="Unknown agency.")


def _require_manage_somewhere(user: Any) -> None:
    """Creating is for those who manage reviews somewhere (403 before any parsing)."""
    require_reviews_role(user)
    if not collaborative_ids_with(user, MANAGE):
        raise PermissionDenied


class CreatedCursor(CursorPagination):
    ordering = ("-created_at", "-id")  # type: ignore[assignment]


@extend_schema_view(
    post=extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
)
@requires(VIEW)
class ReviewListView(generics.ListCreateAPIView[Review]):
    """GET the reviews the caller is a member of; POST one (`reviews.manage`)."""

    serializer_class = ReviewSerializer
    pagination_class = CreatedCursor

    def get_queryset(self) -> Any:
        ids = require_reviews_role(self.request.user)
        return reviews_for_list(self.request.user, ids)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_manage_somewhere(request.user)
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        collaborative = (
            Collaborative.objects.of_user(request.user)
            .filter(public_id=parse_public_id(data.pop("collaborative")))
            .first()
        )
        if collaborative is None:
            raise Http404
        review = actions.create_review(collaborative, actor=signed_in_user(request), **data)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


@extend_schema_view(patch=extend_schema(request=ReviewUpdateSerializer))
@requires(VIEW)
class ReviewDetailView(generics.GenericAPIView[Review]):
    serializer_class = ReviewSerializer

    def get(self, request: Request, id: str) -> Response:
        return Response(ReviewSerializer(access_review(request.user, id)).data)

    def patch(self, request: Request, id: str) -> Response:
        review = access_review(request.user, id, manage=True)
        serializer = ReviewUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        review = actions.update_review(
            review, version=version, changes=changes, actor=signed_in_user(request)
        )
        return Response(ReviewSerializer(review).data)


@extend_schema_view(
    get=extend_schema(responses=FindingListSerializer),
    post=extend_schema(responses={201: FindingSerializer}),
    patch=extend_schema(request=FindingUpdateSerializer),
)
@requires(VIEW)
class FindingListView(generics.GenericAPIView[Finding]):
    """GET a review's findings; POST one (any member); PATCH one by `id` in the body."""

    serializer_class = FindingSerializer

    def get(self, request: Request, id: str) -> Response:
        review = access_review(request.user, id)
        findings = FindingSerializer(review.findings.all(), many=True).data
        return Response({"results": findings, "next": None})

    def post(self, request: Request, id: str) -> Response:
        review = access_review(request.user, id)
        serializer = FindingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        finding = actions.record_finding(
            review, actor=signed_in_user(request), **serializer.validated_data
        )
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    def patch(self, request: Request, id: str) -> Response:
        review = access_review(request.user, id)
        serializer = FindingUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        finding = access_finding(request.user, changes.pop("id"))
        if finding.review_id != review.pk:
            raise Http404
        version = changes.pop("version")
        finding = actions.update_finding(
            finding, version=version, changes=changes, actor=signed_in_user(request)
        )
        return Response(FindingSerializer(finding).data)


class DueCursor(CursorPagination):
    ordering = ("due_on", "id")  # type: ignore[assignment]


@extend_schema_view(
    get=extend_schema(parameters=[RecommendationFilters]),
    post=extend_schema(
        request=RecommendationCreateSerializer, responses={201: RecommendationSerializer}
    ),
)
@requires(VIEW)
class RecommendationListView(generics.ListCreateAPIView[Recommendation]):
    """GET the tracker (`?status=&owner_agency=&theme=&source_kind=`); POST one for a
    review (its coordinator)."""

    serializer_class = RecommendationSerializer
    pagination_class = DueCursor

    def get_queryset(self) -> Any:
        require_reviews_role(self.request.user)
        items: Any = visible_recommendations(self.request.user)
        items = items.for_list()
        wanted = query(self.request, RecommendationFilters)
        if "owner_agency" in wanted:
            items = items.filter(owner_agency__public_id=wanted.pop("owner_agency"))
        return items.filter(**wanted)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_manage_somewhere(request.user)
        serializer = RecommendationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        review = access_review(request.user, data.pop("review"), manage=True)
        finding_id = data.pop("finding")
        finding = access_finding(request.user, finding_id) if finding_id else None
        data["owner_agency"] = _agency(data["owner_agency"])
        item = actions.recommend(review, finding=finding, actor=signed_in_user(request), **data)
        item = Recommendation.objects.for_list().get(pk=item.pk)
        return Response(RecommendationSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema_view(patch=extend_schema(request=RecommendationUpdateSerializer))
@requires(VIEW)
class RecommendationDetailView(generics.GenericAPIView[Recommendation]):
    serializer_class = RecommendationSerializer

    def get(self, request: Request, id: str) -> Response:
        return Response(RecommendationSerializer(access_recommendation(request.user, id)).data)

    def patch(self, request: Request, id: str) -> Response:
        item = access_recommendation(request.user, id, manage=True)
        serializer = RecommendationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        item = actions.update_recommendation(
            item, version=version, changes=changes, actor=signed_in_user(request)
        )
        item = Recommendation.objects.for_list().get(pk=item.pk)
        return Response(RecommendationSerializer(item).data)


urlpatterns = [
    path("reviews/", ReviewListView.as_view(), name="api-review-list"),
    path("reviews/<str:id>", ReviewDetailView.as_view(), name="api-review-detail"),
    path("reviews/<str:id>/findings", FindingListView.as_view(), name="api-review-findings"),
    path("recommendations/", RecommendationListView.as_view(), name="api-recommendation-list"),
    path(
        "recommendations/<str:id>",
        RecommendationDetailView.as_view(),
        name="api-recommendation-detail",
    ),
]
