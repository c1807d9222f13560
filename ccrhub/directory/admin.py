"""Operators' view of the directory: read-only. Entries change through the pages,
which check who may change them and write the audit trail; taxonomies are the one
thing operators maintain here."""

from django.contrib import admin

from ccrhub.directory.models import Location, Organization, Service, Taxonomy, TaxonomyTerm
from ccrhub.lib.admin import ReadOnlyAdmin


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "collaborative", "agency", "is_active"]
    list_select_related = ["collaborative", "agency"]


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "status", "accepting_referrals", "assured_date"]
    list_select_related = ["organization"]


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    # The address of a confidential location is not shown, even here.
    list_display = ["name", "organization", "is_confidential"]
    exclude = ["address_1", "latitude", "longitude"]
    list_select_related = ["organization"]


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "version"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "name_es", "code", "taxonomy"]
    list_select_related = ["taxonomy"]
