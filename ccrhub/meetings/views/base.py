"""What the meeting pages share: the calendar content type, the minutes conflict
message and the redirect to a meeting."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from ccrhub.meetings.models import Meeting

ICS_TYPE = "text/calendar; charset=utf-8"
CONFLICT = gettext_lazy(
    "Someone else saved these minutes while you were editing. Your text is kept below and "
    "theirs is shown beside it: merge the two and save again."
)


def _detail(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:meeting-detail", public_id=meeting.public_id)
