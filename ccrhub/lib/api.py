"""REST conventions of API.md: problem+json errors and cursor pagination."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, pagination, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class CursorPagination(pagination.CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"results": data, "next": self.get_next_link()})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results", "next"],
            "properties": {
                "results": schema,
                "next": {"type": "string", "format": "uri", "nullable": True},
            },
        }


def problem(status_code: int, title: str, detail: str = "", **extra: Any) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status_code,
        "detail": detail or title,
        **extra,
    }
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


TITLES = {
    400: "Invalid input",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
}


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error as application/problem+json; a 404 never says why."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    extra: dict[str, Any] = {}
    if code == status.HTTP_404_NOT_FOUND:
        detail = "Not found."
    elif isinstance(exc, exceptions.ValidationError):
        detail = "The request has invalid fields."
        data = response.data
        extra["errors"] = data if isinstance(data, dict) else {"non_field_errors": data}
    else:
        detail = str(getattr(exc, "detail", "")) or TITLES.get(code, "Error")
    result = problem(code, TITLES.get(code, "Error"), detail, **extra)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result


class RoleFieldsMixin:
    """Field allow-lists per role (S4) for a serializer.

    `readable_by[role]` names the fields the role sees; `writable_by[role]` the ones
    it may set. Anything else sent by the client is ignored, whatever its name. The
    role comes from the serializer context (`context["role"]`).
    """

    readable_by: dict[str, frozenset[str]] = {}
    writable_by: dict[str, frozenset[str]] = {}

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()  # type: ignore[misc]
        role = self.context.get("role", "")  # type: ignore[attr-defined]
        readable = self.readable_by.get(role, frozenset())
        writable = self.writable_by.get(role, frozenset())
        allowed: dict[str, Any] = {}
        for name, field in fields.items():
            if name in writable:
                allowed[name] = field
            elif name in readable and not field.write_only:
                field.read_only = True
                allowed[name] = field
        return allowed
