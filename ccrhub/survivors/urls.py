"""/survivors/: the survivor compartment.

Ids in paths are strings, not `<uuid:>`, so a malformed id reaches the access
function and answers the same 404 as an id that does not exist.
"""

from django.urls import URLPattern, URLResolver

app_name = "survivors"
urlpatterns: list[URLPattern | URLResolver] = []
