"""Operators' view of the partners tables.

Roles are given through the pages, the API or `manage.py grant_role` (all through the
action that enforces S5 and writes the audit trail), so representatives and avenue
assessments are read-only here. Agency memberships decide whose staff may hold a role:
only superusers change them here; everyone else reads.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    AvenueAssessment,
    Collaborative,
    Representative,
    Unit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuperuserWritesOnly:
    """Staff read; only a superuser adds, changes or removes rows."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


class MembershipInline(SuperuserWritesOnly, admin.TabularInline):
    model = AgencyMembership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Collaborative)
class CollaborativeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "area"]
    readonly_fields = ["public_id", "created_at"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_code", "sector", "regime", "is_active"]
    list_filter = ["sector", "regime", "is_active"]
    search_fields = ["name", "short_code"]
    readonly_fields = ["public_id", "created_at"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    search_fields = ["name", "agency__name"]
    autocomplete_fields = ["agency"]


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(SuperuserWritesOnly, admin.ModelAdmin):
    list_display = ["agency", "collaborative", "joined_on", "ended_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["agency__name", "collaborative__name"]
    autocomplete_fields = ["agency", "collaborative"]


@admin.register(Representative)
class RepresentativeAdmin(ReadOnlyAdmin):
    list_display = ["user", "collaborative", "role", "is_active", "granted_at", "revoked_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["collaborative__name"]
    list_select_related = ["user", "collaborative"]


@admin.register(AvenueAssessment)
class AvenueAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "outcome", "collaborative", "created_at"]
    list_filter = ["outcome"]
    list_select_related = ["collaborative"]
