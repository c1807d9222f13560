import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ccrhub.accounts import actions, queries
from ccrhub.accounts.access import access_api_token, access_user_session, signed_in_user
from ccrhub.accounts.decorators import require_recent_reauth
from ccrhub.accounts.forms import ApiTokenForm
from ccrhub.accounts.sessions import session_digest
from ccrhub.audit.queries import open_alerts_for
from ccrhub.lib.policy import authenticated
from ccrhub.meetings import queries as meeting_queries
from ccrhub.partners.models import Role
from ccrhub.partners.queries import active_roles, collaboratives_for_list
from ccrhub.partners.roles import role_can

ROLE_LABELS = dict(Role.choices)


@authenticated
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where everyone lands: their collaboratives and roles, and alerts for coordinators."""
    roles = active_roles(request.user)
    rows = [
        (c, ROLE_LABELS.get(roles[c.pk], ""), role_can(roles[c.pk], "aggregates.view"))
        for c in collaboratives_for_list(request.user)
    ]
    context = {
        "rows": rows,
        "alerts": open_alerts_for(request.user)[:20],
        "works_cases": any(role_can(role, "cases.view") for role in roles.values()),
        "this_week": _this_week(request.user, roles),
    }
    return render(request, "accounts/dashboard.html", context)


def _this_week(user: Any, roles: dict[int, str]) -> dict[str, Any] | None:
    """The week ahead for people who meet: meetings of the next seven days and the
    overdue actions by agency, from the meetings area's own queries."""
    if not any(role_can(role, "meetings.view") for role in roles.values()):
        return None
    week_end = timezone.now() + datetime.timedelta(days=7)
    upcoming = meeting_queries.meetings_for_list(user)["upcoming"]
    return {
        "meetings": [meeting for meeting in upcoming if meeting.starts_at < week_end],
        "overdue": meeting_queries.overdue_by_agency(user),
    }


# --- Sessions and API tokens (settings pages) -------------------------------------


@authenticated
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    current = request.session.session_key
    rows = queries.sessions_of(signed_in_user(request))
    current_digest = session_digest(current) if current else ""
    return render(
        request,
        "accounts/sessions.html",
        {"user_sessions": rows, "current_digest": current_digest},
    )


@authenticated
@require_POST
def session_end(request: HttpRequest, public_id: str) -> HttpResponse:
    user_session = access_user_session(signed_in_user(request), public_id)
    is_current = user_session.key_digest == session_digest(request.session.session_key or "")
    actions.end_user_session(user_session, actor=signed_in_user(request))
    if is_current:
        logout(request)
        return redirect(settings.LOGIN_URL)
    messages.success(request, _("The session was ended."))
    return redirect("accounts:sessions")


@authenticated
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    count = actions.end_other_sessions(
        signed_in_user(request),
        keep_session_key=request.session.session_key,
        actor=signed_in_user(request),
    )
    messages.success(
        request,
        ngettext(
            "%(count)d other session was ended.", "%(count)d other sessions were ended.", count
        )
        % {"count": count},
    )
    return redirect("accounts:sessions")


@authenticated
@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    rows = queries.tokens_of(signed_in_user(request))
    return render(request, "accounts/tokens.html", {"tokens": rows, "now": timezone.now()})


@authenticated
@require_http_methods(["GET", "POST"])
@require_recent_reauth
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = actions.create_api_token(
            signed_in_user(request),
            name=form.cleaned_data["name"],
            read_only=form.cleaned_data["read_only"],
            days=form.cleaned_data["days"],
            actor=signed_in_user(request),
        )
        # Shown once, on this response only (authenticated pages are sent no-store).
        return render(request, "accounts/token_created.html", {"token": token, "raw": raw})
    return render(request, "accounts/token_create.html", {"form": form})


@authenticated
@require_POST
def token_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    token = access_api_token(signed_in_user(request), public_id)
    actions.revoke_api_token(token, actor=signed_in_user(request))
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")
