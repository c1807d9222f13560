"""`/health/`: is this app server able to serve? For load balancers and monitoring.

It answers without a session or cookie and says only "ok" or which dependency failed —
nothing about the data.
"""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from ccrhub.lib.policy import public


@public
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "failed"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
