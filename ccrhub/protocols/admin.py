"""Operators' view of protocols: read-only. Changes go through the pages, which check
roles and write the audit trail."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ccrhub.protocols.models import Adoption, Protocol, ProtocolVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Protocol)
class ProtocolAdmin(ReadOnlyAdmin):
    list_display = ["title", "collaborative", "kind", "status", "review_due_on"]
    list_filter = ["kind", "status"]
    fields = ["public_id", "collaborative", "title", "kind", "status", "review_due_on"]
    readonly_fields = ["public_id", "collaborative", "title", "kind", "status", "review_due_on"]


@admin.register(ProtocolVersion)
class ProtocolVersionAdmin(ReadOnlyAdmin):
    list_display = ["protocol", "number", "status", "adopted_at"]
    list_filter = ["status"]
    fields = ["public_id", "protocol", "number", "status", "adopted_at"]
    readonly_fields = ["public_id", "protocol", "number", "status", "adopted_at"]


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["version", "agency", "signed_at"]
    fields = ["public_id", "version", "agency", "signed_at"]
    readonly_fields = ["public_id", "version", "agency", "signed_at"]
