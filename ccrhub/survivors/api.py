"""/api/v1/survivors/: releases (US) or recorded bases (UK), and the shared read view.

Only the owning agency's survivor staff list, record and revoke releases; a recipient
reads `survivors/shared/{id}` while a valid release covers something, audited.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.accounts.models import User
from ccrhub.audit.models import AuditEvent
from ccrhub.lib.api import CursorPagination, StrictInput, named
from ccrhub.lib.policy import authenticated, requires
from ccrhub.partners.models import Agency
from ccrhub.survivors import actions, queries
from ccrhub.survivors.access import (
    access_release,
    access_survivor,
    access_survivor_report,
    may_work_with_survivors,
)
from ccrhub.survivors.models import Category, Release


class ReleaseSerializer(serializers.ModelSerializer[Release]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    survivor = serializers.UUIDField(source="survivor.public_id", read_only=True)
    recipient_agency = serializers.UUIDField(source="recipient_agency.public_id", read_only=True)
    valid = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = [
            "id",
            "survivor",
            "kind",
            "recipient_agency",
            "categories",
            "purpose",
            "signed_at",
            "expires_at",
            "consent",
            "lawful_basis",
            "special_category_condition",
            "without_consent_reason",
            "revoked_at",
            "valid",
        ]

    def get_valid(self, obj: Release) -> bool:
        return obj.is_valid()


class ReleaseCreateSerializer(StrictInput, serializers.Serializer[Any]):
    survivor = serializers.UUIDField()
    recipient_agency = serializers.UUIDField()
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), allow_empty=False
    )
    purpose = serializers.CharField(max_length=2000)
    signed_at = serializers.DateTimeField(required=False, allow_null=True)
    expires_at = serializers.DateTimeField()
    told_not_condition_of_service = serializers.BooleanField(default=False)
    given_by_party_ref = serializers.CharField(required=False, allow_blank=True, max_length=200)
    consent = serializers.BooleanField(default=True)
    lawful_basis = serializers.CharField(required=False, allow_blank=True, default="")
    special_category_condition = serializers.CharField(required=False, allow_blank=True, default="")
    without_consent_reason = serializers.CharField(required=False, allow_blank=True, default="")
    approved_by = serializers.UUIDField(required=False, allow_null=True)


@extend_schema_view(
    post=extend_schema(request=ReleaseCreateSerializer, responses={201: ReleaseSerializer})
)
@requires("survivors.view")
class ReleaseListView(generics.ListCreateAPIView[Release]):
    serializer_class = ReleaseSerializer
    pagination_class = CursorPagination

    def get_queryset(self) -> Any:
        if not may_work_with_survivors(self.request.user):
            raise PermissionDenied
        return Release.objects.filter(
            survivor__owner_agency_id=self.request.user.agency_id  # type: ignore[union-attr]
        ).select_related("survivor", "recipient_agency")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_work_with_survivors(request.user, write=True):
            raise PermissionDenied
        body = ReleaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        survivor = access_survivor(request.user, data.pop("survivor"), write=True)
        recipient = named(
            Agency.objects.all(),
            data.pop("recipient_agency"),
            field="recipient_agency",
            unknown="Unknown agency.",
        )
        approver_id = data.pop("approved_by", None)
        approver = User.objects.filter(public_id=approver_id).first() if approver_id else None
        release = actions.record_release(
            survivor,
            actor=signed_in_user(request),
            recipient_agency=recipient,
            approved_by=approver,
            given_by_party_ref=data.pop("given_by_party_ref", None) or None,
            **data,
        )
        return Response(ReleaseSerializer(release).data, status=status.HTTP_201_CREATED)


@requires("survivors.view")
class ReleaseDetailView(generics.GenericAPIView[Release]):
    serializer_class = ReleaseSerializer

    def get(self, request: Request, id: str) -> Response:
        return Response(ReleaseSerializer(access_release(request.user, id)).data)


@extend_schema_view(post=extend_schema(request=None))
@requires("survivors.write")
class ReleaseRevokeView(generics.GenericAPIView[Release]):
    serializer_class = ReleaseSerializer

    def post(self, request: Request, id: str) -> Response:
        release = access_release(request.user, id, write=True)
        release = actions.revoke_release(release, actor=signed_in_user(request))
        return Response(ReleaseSerializer(release).data)


class SharedSurvivorSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    categories = serializers.ListField(child=serializers.CharField())
    values = serializers.DictField(child=serializers.CharField())


@authenticated
class SharedSurvivorView(generics.GenericAPIView[Any]):
    """The survivor as released to the caller's agency; 404 without a valid release."""

    serializer_class = SharedSurvivorSerializer

    def get(self, request: Request, id: str) -> Response:
        with actions.reading_shared_survivor(request.user, id, via="api") as view:
            body = {
                "id": view.public_id,
                "categories": sorted(view.categories),
                "values": dict(view.fields),
            }
        return Response(body)


class AccessReportRowSerializer(serializers.Serializer[Any]):
    occurred_at = serializers.DateTimeField()
    actor = serializers.UUIDField(source="actor.public_id", allow_null=True, default=None)
    actor_name = serializers.SerializerMethodField()
    agency = serializers.CharField()
    role = serializers.CharField()
    action = serializers.CharField()
    basis = serializers.CharField()
    via = serializers.CharField()
    outcome = serializers.CharField()

    def get_actor_name(self, row: queries.ReportRow) -> str:
        return row.actor.get_full_name() if row.actor is not None else ""


@authenticated
class SurvivorAccessReportView(generics.ListAPIView[AuditEvent]):
    """Who saw this survivor record, when, under what basis: the same readers and the
    same rows as the page (`access_survivor_report`), newest first."""

    serializer_class = AccessReportRowSerializer
    pagination_class = CursorPagination

    def get_queryset(self) -> Any:
        scope = access_survivor_report(self.request.user, self.kwargs["id"])
        return queries.access_events(scope.survivor, whole=scope.whole)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        scope = access_survivor_report(request.user, self.kwargs["id"])
        page = self.paginate_queryset(queries.access_events(scope.survivor, whole=scope.whole))
        rows = queries.report_rows(page or [], scope.survivor.owner_agency_id)
        actions.record_access_report_read(
            scope.survivor, actor=signed_in_user(request), whole=scope.whole
        )
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


urlpatterns = [
    path("survivors/releases/", ReleaseListView.as_view(), name="api-survivor-release-list"),
    path(
        "survivors/releases/<str:id>",
        ReleaseDetailView.as_view(),
        name="api-survivor-release-detail",
    ),
    path(
        "survivors/releases/<str:id>/revoke",
        ReleaseRevokeView.as_view(),
        name="api-survivor-release-revoke",
    ),
    path("survivors/shared/<str:id>", SharedSurvivorView.as_view(), name="api-survivor-shared"),
    path(
        "survivors/<str:id>/access-report",
        SurvivorAccessReportView.as_view(),
        name="api-survivor-access-report",
    ),
]
