"""/api/v1/protocols/ and its versions and adoptions: the same access functions and
actions as the pages; writes answer 409 on a stale `version`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.api import CursorPagination, named, query
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import requires
from ccrhub.partners.models import Agency, Collaborative
from ccrhub.partners.queries import can
from ccrhub.protocols import actions
from ccrhub.protocols.access import ADOPT, MANAGE, access_protocol, require_protocols_role
from ccrhub.protocols.models import Adoption, Protocol, ProtocolVersion
from ccrhub.protocols.queries import visible_protocols
from ccrhub.protocols.serializers import (
    AdoptionCreateSerializer,
    AdoptionFilters,
    AdoptionSerializer,
    ProtocolCreateSerializer,
    ProtocolFilters,
    ProtocolSerializer,
    ProtocolUpdateSerializer,
    VersionCreateSerializer,
    VersionSerializer,
)


def _fresh(protocol: Protocol) -> Protocol:
    return Protocol.objects.for_list().get(pk=protocol.pk)


class NumberCursor(CursorPagination):
    ordering = ("number", "id")  # type: ignore[assignment]


class SignedCursor(CursorPagination):
    ordering = ("signed_at", "id")  # type: ignore[assignment]


@extend_schema_view(
    get=extend_schema(parameters=[ProtocolFilters]),
    post=extend_schema(request=ProtocolCreateSerializer, responses={201: ProtocolSerializer}),
)
@requires("protocols.view")
class ProtocolListView(generics.ListCreateAPIView[Protocol]):
    """GET the protocols the caller may see (`?collaborative=&kind=&status=`); POST a
    new one (coordinator), whose first version is a draft."""

    serializer_class = ProtocolSerializer
    pagination_class = CursorPagination

    def get_queryset(self) -> Any:
        ids = require_protocols_role(self.request.user)
        protocols = visible_protocols(ids).for_list()
        wanted = query(self.request, ProtocolFilters)
        if "collaborative" in wanted:
            protocols = protocols.filter(collaborative__public_id=wanted.pop("collaborative"))
        return protocols.filter(**wanted)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_protocols_role(request.user)
        key = parse_public_id(request.data.get("collaborative"))
        collaborative = Collaborative.objects.of_user(request.user).filter(public_id=key).first()
        if collaborative is None or not can(request.user, "protocols.view", collaborative.pk):
            raise Http404
        if not can(request.user, MANAGE, collaborative.pk):
            raise PermissionDenied
        serializer = ProtocolCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("collaborative")
        protocol = actions.create_protocol(collaborative, actor=signed_in_user(request), **data)
        body = ProtocolSerializer(_fresh(protocol)).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(patch=extend_schema(request=ProtocolUpdateSerializer))
@requires("protocols.view")
class ProtocolDetailView(generics.GenericAPIView[Protocol]):
    """GET one protocol; PATCH its details or move its status on (`version` required)."""

    serializer_class = ProtocolSerializer

    def get(self, request: Request, id: str) -> Response:
        return Response(ProtocolSerializer(access_protocol(request.user, id)).data)

    def patch(self, request: Request, id: str) -> Response:
        protocol = access_protocol(request.user, id, permission=MANAGE)
        serializer = ProtocolUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        actions.change_protocol(
            protocol,
            actor=signed_in_user(request),
            version=changes.pop("version"),
            status=changes.pop("status", None),
            changes=changes,
        )
        return Response(ProtocolSerializer(_fresh(protocol)).data)


@extend_schema_view(
    post=extend_schema(request=VersionCreateSerializer, responses={201: VersionSerializer})
)
@requires("protocols.view")
class VersionListView(generics.ListCreateAPIView[ProtocolVersion]):
    """GET a protocol's versions, oldest first; POST the working draft's text (starting
    the next version when none is being worked on)."""

    serializer_class = VersionSerializer
    pagination_class = NumberCursor

    def get_queryset(self) -> Any:
        protocol = access_protocol(self.request.user, self.kwargs["id"])
        return ProtocolVersion.objects.filter(protocol=protocol)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        protocol = access_protocol(request.user, self.kwargs["id"], permission=MANAGE)
        serializer = VersionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        draft = actions.save_draft(
            protocol,
            actor=signed_in_user(request),
            version=data["version"],
            kind=protocol.kind,
            title=protocol.title,
            review_due_on=protocol.review_due_on,
            governed_stages=list(protocol.governed_stages),
            text=data["text"],
            change_summary=data["change_summary"],
            retraining_roles=list(data["retraining_roles"]),
        )
        return Response(VersionSerializer(draft).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(parameters=[AdoptionFilters]),
    post=extend_schema(request=AdoptionCreateSerializer, responses={201: AdoptionSerializer}),
)
@requires("protocols.view")
class AdoptionListView(generics.ListCreateAPIView[Adoption]):
    """GET the signatures of the version in force (`?version=N` for another); POST a
    signature for an agency the caller may sign for."""

    serializer_class = AdoptionSerializer
    pagination_class = SignedCursor

    def get_queryset(self) -> Any:
        protocol = access_protocol(self.request.user, self.kwargs["id"])
        adoptions = Adoption.objects.filter(version__protocol=protocol).select_related(
            "version", "agency"
        )
        wanted = query(self.request, AdoptionFilters)
        if "version" in wanted:
            return adoptions.filter(version__number=wanted["version"])
        return adoptions.filter(version_id=protocol.current_version_id)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        protocol = access_protocol(request.user, self.kwargs["id"], permission=ADOPT)
        serializer = AdoptionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agencies = Agency.objects.filter(is_active=True)
        agency = named(agencies, data["agency"], field="agency", unknown="Unknown agency.")
        current = protocol.current_version
        if current is None:
            raise serializers.ValidationError({"version": ["No version is in force."]})
        adoption = actions.sign_version(
            current,
            actor=signed_in_user(request),
            agency=agency,
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
        )
        adoption = Adoption.objects.select_related("version", "agency").get(pk=adoption.pk)
        return Response(AdoptionSerializer(adoption).data, status=status.HTTP_201_CREATED)


urlpatterns: list[URLPattern | URLResolver] = [
    path("protocols/", ProtocolListView.as_view(), name="api-protocol-list"),
    path("protocols/<str:id>", ProtocolDetailView.as_view(), name="api-protocol-detail"),
    path("protocols/<str:id>/versions", VersionListView.as_view(), name="api-protocol-versions"),
    path("protocols/<str:id>/adoptions", AdoptionListView.as_view(), name="api-protocol-adoptions"),
]
