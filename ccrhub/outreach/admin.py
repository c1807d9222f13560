"""Operators' view of outreach: read-only. Changes go through the pages, which check
roles and write the audit trail."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ccrhub.outreach.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "collaborative", "kind", "starts_on", "agency"]
    list_filter = ["kind", "setting"]
    fields = ["public_id", "collaborative", "title", "kind", "starts_on", "ends_on", "agency"]
    readonly_fields = [
        "public_id",
        "collaborative",
        "title",
        "kind",
        "starts_on",
        "ends_on",
        "agency",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
