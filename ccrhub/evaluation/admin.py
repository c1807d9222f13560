"""Operators' view of evaluation: coalitions are set up here (which collaboratives a
coalition gathers, and its lead); everything else changes through the pages, which
check roles and write the audit trail."""

from django.contrib import admin

from ccrhub.evaluation.models import Coalition, Goal, Indicator


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin):
    list_display = ["name", "lead"]
    filter_horizontal = ["members"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "collaborative"]
    readonly_fields = ("public_id", "collaborative", "title", "description", "owner", "position")
    fields = readonly_fields

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["title", "goal", "source", "measure"]
    readonly_fields = ("public_id", "goal", "title", "source", "measure", "unit", "is_public")
    fields = readonly_fields

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False
