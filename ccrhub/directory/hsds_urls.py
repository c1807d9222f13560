"""/api/hsds/: the public, read-only Open Referral HSDS 3.0 API."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
