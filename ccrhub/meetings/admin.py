"""Operators' view of meetings: read-only. Changes go through the pages and the API,
which check roles and write the audit trail; minutes and comments are not shown."""

from django.contrib import admin

from ccrhub.lib.admin import ReadOnlyAdmin
from ccrhub.meetings.models import ActionItem, CalendarFeed, Meeting, MeetingSeries


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ReadOnlyAdmin):
    list_display = ["title", "collaborative", "rrule", "is_active"]
    fields = ["public_id", "collaborative", "title", "rrule", "first_starts_at", "is_active"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "collaborative", "starts_at", "minutes_status", "is_cancelled"]
    list_filter = ["minutes_status", "is_cancelled"]
    fields = ["public_id", "collaborative", "series", "title", "starts_at", "minutes_status"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "collaborative", "owner_agency", "due_on", "status"]
    list_filter = ["status"]
    fields = ["public_id", "collaborative", "owner_agency", "due_on", "status"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    fields = ["public_id", "user", "created_at", "revoked_at"]
