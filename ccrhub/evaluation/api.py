"""/api/v1/ routes of evaluation.

- `/api/v1/indicators/?collaborative=<id>`: the collaborative's indicators (without
  `collaborative`, those of every collaborative the caller sees) with their
  quarterly figures, under the caller's disclosure rule (exact for those who may read
  the cases, the partner rule for everyone else); `evaluation.view` in the
  collaborative, 404 without a role.
- `/api/v1/reports/public-summary?collaborative=<id>`: public — no authentication,
  no cookies — the public report's figures (public rule); without `collaborative`,
  the deployment's first public collaborative; 404 when none publishes.
"""

from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ccrhub.cases.period_input import InvalidPeriod, parse_period
from ccrhub.evaluation import disclosure, queries
from ccrhub.evaluation.access import access_indicator, require_evaluation_role
from ccrhub.evaluation.public_views import chosen_collaborative
from ccrhub.lib.api import PROBLEM_CONTENT_TYPE, LookedUpId, problem, query
from ccrhub.lib.openapi import ProblemSerializer
from ccrhub.lib.policy import public, requires
from ccrhub.lib.rate_limits import PublicReportThrottle
from ccrhub.partners.access import access_collaborative
from ccrhub.partners.models import Collaborative


class CollaborativeFilter(serializers.Serializer[Any]):
    collaborative = LookedUpId(required=False)


class PublicSummaryQuery(CollaborativeFilter):
    lang = serializers.ChoiceField(choices=["en", "es"], required=False)


# An interactive range covers five years at most (each quarter is checked on its own).
MAX_RANGE_DAYS = 5 * 366


def _series(series: Any) -> dict[str, Any]:
    indicator = series.indicator
    return {
        "id": str(indicator.public_id),
        "title": indicator.title,
        "question": indicator.question,
        "level": indicator.level,
        "source": indicator.source,
        "measure": indicator.measure,
        "unit": series.unit,
        "direction": indicator.direction,
        "baseline": None if indicator.baseline is None else float(indicator.baseline),
        "target": None if indicator.target is None else float(indicator.target),
        "points": [
            {
                "period": p.label,
                "from": p.start.isoformat(),
                "to": p.end.isoformat(),
                "count": p.numerator,
                "denominator": p.denominator,
                "value": p.value,
            }
            for p in series.points
        ],
    }


@requires("evaluation.view")
class IndicatorList(APIView):
    @extend_schema(
        parameters=[CollaborativeFilter],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        """The collaborative named by `collaborative`, or every one the caller sees."""
        raw = query(request, CollaborativeFilter).get("collaborative")
        if raw:
            chosen = [access_collaborative(request.user, raw, permission="evaluation.view")]
        else:
            chosen = list(queries.collaboratives_of(require_evaluation_role(request.user)))
        return Response({"collaboratives": [self._one(request, c) for c in chosen]})

    def _one(self, request: Request, collaborative: Collaborative) -> dict[str, Any]:
        audience = disclosure.audience_for(request.user, collaborative)
        cards = queries.scorecard(collaborative, audience=audience)
        return {
            "id": str(collaborative.public_id),
            "name": collaborative.name,
            "disclosure": audience,
            "goals": [
                {
                    "id": str(card.goal.public_id),
                    "title": card.goal.title,
                    "indicators": [_series(s) for s in card.series],
                }
                for card in cards
            ],
        }


@requires("evaluation.view")
class IndicatorFigure(APIView):
    """One indicator over a chosen period: the interactive filter. For readers who do
    not see the cases the period moves in whole quarters (`from` and `to` widen to the
    quarters holding them: `disclosure.window_for`), and a query set below the minimum
    is refused (422), so two answers never differ by one person. The answer's `from`
    and `to` are the period used."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
        ],
        responses={
            200: OpenApiTypes.OBJECT,
            (422, PROBLEM_CONTENT_TYPE): ProblemSerializer,
        },
    )
    def get(self, request: Request, public_id: str) -> Response:
        indicator = access_indicator(request.user, public_id)
        try:
            period = parse_period(request.query_params.get("from"), request.query_params.get("to"))
        except InvalidPeriod as invalid:
            return problem(400, "Invalid period", errors=invalid.errors)
        if period.start is None or period.end is None:
            return problem(400, "Invalid period", errors={"from": ["Give both ends."]})
        if (period.end - period.start).days > MAX_RANGE_DAYS:
            return problem(400, "Invalid period", errors={"to": ["Ask for five years at most."]})
        audience = disclosure.audience_for(request.user, indicator.goal.collaborative)
        try:
            figure = queries.figure_for_period(
                indicator, start=period.start, end=period.end, audience=audience
            )
        except disclosure.QuerySetTooSmall:
            return problem(
                422,
                "Query set too small",
                f"Figures are given for at least {disclosure.MIN_QUERY_SET} people.",
            )
        return Response(figure)


@public
class PublicSummary(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    # The public report's limit, counted together with the page's.
    throttle_classes = [PublicReportThrottle]
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        parameters=[PublicSummaryQuery],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        wanted = query(request, PublicSummaryQuery)
        collaborative = chosen_collaborative(wanted.get("collaborative"))
        if collaborative is None:
            raise Http404
        return Response(queries.public_summary(collaborative, lang=wanted.get("lang", "en")))


urlpatterns = [
    path(
        "indicators/",
        IndicatorList.as_view(),
        name="api-indicator-list",
    ),
    path(
        "indicators/<str:public_id>/figure",
        IndicatorFigure.as_view(),
        name="api-indicator-figure",
    ),
    path(
        "reports/public-summary",
        PublicSummary.as_view(),
        name="api-public-summary",
    ),
]
