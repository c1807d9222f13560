"""/api/v1/cases/{id}/orders and /api/v1/orders/{id}/serve: the actions the pages use.

Who may issue an order, and who may serve one, is the stage model's answer: a caller
whose agency issues (or serves) no orders gets 403 before the body is read, as on the
pages; a coordinator naming an agency outside those sectors gets 400 with the field
named (`issue_order`, `serve_order`). Fields are allow-listed both ways.
"""

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ccrhub.accounts.access import signed_in_user
from ccrhub.cases import actions
from ccrhub.cases.access import access_case, access_order, require_records
from ccrhub.cases.api import agency_from
from ccrhub.cases.models import Order
from ccrhub.lib.api import CursorPagination, StrictInput, problem
from ccrhub.lib.policy import requires


class OrderSerializer(serializers.ModelSerializer[Order]):
    """An order as the API shows it; read-only (writes go through the create serializers)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    case: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    issued_by: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )
    served_by: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="public_id", read_only=True
    )

    class Meta:
        model = Order
        fields = [
            "id",
            "case",
            "kind",
            "track",
            "issued_by",
            "issued_on",
            "served_on",
            "served_by",
            "expires_on",
            "conditions",
            "created_at",
        ]
        read_only_fields = fields


class OrderCreateSerializer(StrictInput, serializers.Serializer[Order]):
    """POST {kind, issued_on, issued_by?, track?, expires_on?, conditions?}."""

    kind = serializers.CharField(max_length=32)
    issued_on = serializers.DateField()
    issued_by = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    track = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    conditions = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(actions.ORDER_CONDITIONS)),
        required=False,
        default=list,
        max_length=len(actions.ORDER_CONDITIONS),
    )


class OrderServeSerializer(StrictInput, serializers.Serializer[Order]):
    """POST {served_on, served_by?}."""

    served_on = serializers.DateField()
    served_by = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class IssuedCursor(CursorPagination):
    ordering = ("issued_on", "id")  # type: ignore[assignment]


@extend_schema_view(
    post=extend_schema(request=OrderCreateSerializer, responses={201: OrderSerializer})
)
@requires("cases.view")
class CaseOrdersView(generics.ListCreateAPIView[Order]):
    """GET the case's orders, oldest first; POST one."""

    serializer_class = OrderSerializer
    pagination_class = IssuedCursor

    def get_queryset(self) -> "QuerySet[Order]":
        case = access_case(self.request.user, self.kwargs["case_id"])
        return Order.objects.filter(case=case).select_related("case", "issued_by", "served_by")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = access_case(request.user, kwargs["case_id"], write=True)
        require_records(request.user, case, "orders")
        serializer = OrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = actions.issue_order(
            case,
            kind=data["kind"],
            issued_on=data["issued_on"],
            issued_by=agency_from(data["issued_by"], "issued_by"),
            track=data["track"],
            expires_on=data["expires_on"],
            conditions=data["conditions"],
            actor=signed_in_user(request),
        )
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)


@requires("cases.view")
class OrderServeView(generics.GenericAPIView[Order]):
    """POST: record that the order was served; an order is served once."""

    serializer_class = OrderServeSerializer

    def post(self, request: Request, order_id: str) -> Response:
        order = access_order(request.user, order_id, write=True)
        require_records(request.user, order.case, "service")
        serializer = OrderServeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if order.served_on is not None:
            return problem(409, "Conflict", "This order has already been served.")
        order = actions.serve_order(
            order,
            served_on=data["served_on"],
            served_by=agency_from(data["served_by"], "served_by"),
            actor=signed_in_user(request),
        )
        return Response(OrderSerializer(order).data)


urlpatterns = [
    path("cases/<str:case_id>/orders", CaseOrdersView.as_view(), name="api-case-orders"),
    path("orders/<str:order_id>/serve", OrderServeView.as_view(), name="api-order-serve"),
]
