"""Operators' view of protocols: read-only. Changes go through the pages, which check
roles and write the audit trail."""

from django.contrib import admin

from ccrhub.lib.admin import ReadOnlyAdmin
from ccrhub.protocols.models import Adoption, Protocol, ProtocolVersion


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
