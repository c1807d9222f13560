"""/api/hsds/: the public, read-only Open Referral HSDS 3.0 API."""

from django.urls import URLPattern, URLResolver, path

from ccrhub.directory import hsds_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", hsds_api.ApiRoot.as_view(), name="api-hsds-root"),
    path("services", hsds_api.ServiceList.as_view(), name="api-hsds-service-list"),
    path("services/<str:id>", hsds_api.ServiceDetail.as_view(), name="api-hsds-service-detail"),
    path("organizations", hsds_api.OrganizationList.as_view(), name="api-hsds-organization-list"),
    path(
        "organizations/<str:id>",
        hsds_api.OrganizationDetail.as_view(),
        name="api-hsds-organization-detail",
    ),
    path(
        "service_at_locations",
        hsds_api.ServiceAtLocationList.as_view(),
        name="api-hsds-service-at-location-list",
    ),
    path(
        "service_at_locations/<str:id>",
        hsds_api.ServiceAtLocationDetail.as_view(),
        name="api-hsds-service-at-location-detail",
    ),
    path("taxonomies", hsds_api.TaxonomyList.as_view(), name="api-hsds-taxonomy-list"),
    path("taxonomies/<str:id>", hsds_api.TaxonomyDetail.as_view(), name="api-hsds-taxonomy-detail"),
    path("taxonomy_terms", hsds_api.TaxonomyTermList.as_view(), name="api-hsds-taxonomy-term-list"),
    path(
        "taxonomy_terms/<str:id>",
        hsds_api.TaxonomyTermDetail.as_view(),
        name="api-hsds-taxonomy-term-detail",
    ),
]
