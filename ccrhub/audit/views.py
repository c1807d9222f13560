"""Pages of the audit area: a record's access report and the coordinators' alerts."""

import uuid

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ccrhub.audit import actions
from ccrhub.audit.access import access_alert, access_object_report
from ccrhub.audit.queries import collaboratives_where, open_alerts_for
from ccrhub.lib.policy import requires

REPORT_PAGE_SIZE = 100


@require_GET
@requires("audit.view")
def access_report(request: HttpRequest) -> HttpResponse:
    object_type = request.GET.get("object_type", "")
    object_id = request.GET.get("object_id", "")
    events = access_object_report(request.user, object_type, object_id)
    page = Paginator(events, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    actions.record_report_read(
        actor=request.user,
        object_type=object_type,
        object_id=object_id,
        collaborative_id=page.object_list[0].collaborative_id if page.object_list else None,
    )
    context = {"page": page, "object_type": object_type, "object_id": object_id}
    return render(request, "audit/access_report.html", context)


@require_GET
@requires("alerts.view")
def alert_list(request: HttpRequest) -> HttpResponse:
    if not collaboratives_where(request.user, "alerts.view"):
        raise PermissionDenied
    alerts = open_alerts_for(request.user)
    return render(request, "audit/alert_list.html", {"alerts": alerts})


@require_POST
@requires("alerts.view")
def alert_acknowledge(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    alert = access_alert(request.user, alert_id)
    actions.acknowledge_alert(alert, actor=request.user)
    return redirect("audit:alert-list")
