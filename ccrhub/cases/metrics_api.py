"""/api/v1/metrics/funnel and /api/v1/metrics/measures: aggregates of one collaborative.

Who sees what: any role whose grants include `aggregates.view` in the collaborative
(coordinators, agency admins, members, advocates, analysts); a collaborative the
caller has no role in answers 404, a role without the grant 403. People who may
read the collaborative's cases (`cases.view`) get exact figures (`suppressed`:
false) over the period as asked: the same numbers could be counted from the case
list they already see. Everyone else — analysts, who see aggregates only — gets the
partner disclosure rule (counts 1–7 hidden, others rounded to 5; `suppressed`: true)
over whole quarters: `from` and `to` widen to the quarters holding them
(`disclosure.window_for`), so two answers never differ by a day's cases. `window`
says the period the figures cover.
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ccrhub.cases import metrics
from ccrhub.cases.period_input import InvalidPeriod, parse_period
from ccrhub.evaluation import disclosure
from ccrhub.lib.api import problem
from ccrhub.lib.policy import requires
from ccrhub.partners.access import access_collaborative
from ccrhub.partners.models import Collaborative

PARAMETERS = [
    OpenApiParameter("collaborative", OpenApiTypes.UUID, required=True),
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="First event date included (for aggregate-only readers, the first "
        "day of its quarter).",
    ),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        description="Last event date included (for aggregate-only readers, the last "
        "day of its quarter).",
    ),
]


def figures_window(
    user: Any, collaborative: Collaborative, asked: metrics.Period
) -> tuple[disclosure.Window, bool]:
    """The window the user's figures cover, and whether the partner rule applies (to
    anyone who may not read the cases): one decision for the API, pages and CSV."""
    audience = disclosure.audience_for(user, collaborative)
    return disclosure.window_for(audience, asked), audience != disclosure.EXACT


def _errors(invalid: InvalidPeriod) -> dict[str, Any]:
    return {"errors": invalid.errors}


class MetricsView(APIView):
    """GET with `collaborative`, `from`, `to`; subclasses name what they compute."""

    compute: Callable[..., dict[str, Any]]

    @extend_schema(parameters=PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        params = request.query_params
        if not params.get("collaborative"):
            raise Http404
        collaborative = access_collaborative(
            request.user, params["collaborative"], permission="aggregates.view"
        )
        try:
            period = parse_period(params.get("from"), params.get("to"))
        except InvalidPeriod as invalid:
            return problem(
                400, "Invalid input", "The request has invalid fields.", **_errors(invalid)
            )
        window, suppress = figures_window(request.user, collaborative, period)
        figures = self.compute(collaborative, period=window.period, suppress=suppress)
        return Response({**figures, "window": window.as_dict()})


@requires("aggregates.view")
class FunnelView(MetricsView):
    """Cases at each main-line stage, days between stages, and the exits between them."""

    compute = staticmethod(metrics.funnel)


@requires("aggregates.view")
class MeasuresView(MetricsView):
    """The named measures with numerator, denominator, value and reference."""

    compute = staticmethod(metrics.measures)


urlpatterns = [
    path("metrics/funnel", FunnelView.as_view(), name="api-metrics-funnel"),
    path("metrics/measures", MeasuresView.as_view(), name="api-metrics-measures"),
]
