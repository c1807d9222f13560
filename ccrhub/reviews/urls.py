"""/reviews/: audits, sart protocol reviews, death reviews and recommendations.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import URLPattern, URLResolver

app_name = "reviews"
urlpatterns: list[URLPattern | URLResolver] = []
