"""Pages of what needs chasing, and a court's docket."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ccrhub.cases import stages
from ccrhub.cases.access import require_case_role
from ccrhub.cases.chasing import chasing_list, order_service_days
from ccrhub.cases.court import access_court, court_docket, courts_for
from ccrhub.lib.policy import requires


@requires("cases.view")
@require_GET
def chasing(request: HttpRequest) -> HttpResponse:
    """The open gaps the reader's agency must chase (all of them, for a coordinator)."""
    require_case_role(request.user)
    context = {
        "chasing": chasing_list(request.user),
        "courts": courts_for(request.user),
        "limits": {
            "violations": stages.violation_response_days(),
            "bip_referrals": stages.bip_enrolment_days(),
            "unserved_orders": order_service_days(),
        },
    }
    return render(request, "cases/chasing_list.html", context)


@requires("cases.view")
@require_GET
def court_docket_view(request: HttpRequest, agency_id: str) -> HttpResponse:
    court, collaborative_ids = access_court(request.user, agency_id)
    docket = court_docket(request.user, court, collaborative_ids)
    return render(request, "cases/court_docket.html", {"docket": docket})
