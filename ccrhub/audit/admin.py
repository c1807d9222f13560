"""Read-only admin views of the trail and alerts; nothing here can change a row."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ccrhub.audit.models import Alert, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "action", "outcome", "object_type", "object_id", "actor_role"]
    list_filter = ["outcome", "compartment"]
    search_fields = ["action", "object_id", "request_id"]
    list_select_related = ["actor"]
    show_full_result_count = False


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "rule", "collaborative", "acknowledged_at"]
    list_filter = ["rule"]
    list_select_related = ["collaborative"]
