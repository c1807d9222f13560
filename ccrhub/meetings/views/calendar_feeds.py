"""Calendar feed settings and the feed itself."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ccrhub.accounts.access import signed_in_user
from ccrhub.lib.policy import authenticated, public
from ccrhub.meetings import actions, calendar, queries
from ccrhub.meetings.views.base import ICS_TYPE


@authenticated
def calendar_settings(request: HttpRequest) -> HttpResponse:
    url = queries.calendar_feed_url(request.user, request)
    return render(request, "meetings/calendar_settings.html", {"feed_url": url})


@require_POST
@authenticated
def calendar_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    actions.create_calendar_feed(user, actor=user)
    messages.success(request, _("A new calendar address was made; any earlier one stopped."))
    return redirect("meetings:calendar-settings")


@require_POST
@authenticated
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    feed = queries.live_feed(user)
    if feed is not None:
        actions.revoke_calendar_feed(feed, actor=user)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("meetings:calendar-settings")


@public
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret feed: no session; the token in the URL is the credential. A revoked,
    replaced or made-up token is not found."""
    feed = queries.feed_for_token(token)
    if feed is None:
        raise Http404
    meetings = queries.feed_meetings(feed.user)
    body = calendar.calendar_bytes(meetings, name=_("CCR Hub meetings"))
    return HttpResponse(body, content_type=ICS_TYPE)
