"""REST conventions of API.md: one error shape, JSON objects in, cursors that cannot
be forged, query parameters and bodies read exactly as the OpenAPI document says.

Every error the API answers is `application/problem+json` (RFC 9457) with `type`,
`title`, `status`, `detail` and, for invalid input, `errors: {field: [messages]}`. The
one exception handler below makes it so for DRF's own errors, for an action's Django
`ValidationError`, a stale version, a uniqueness conflict and anything that means "not
found" or "forbidden"; `ccrhub.lib.errors` does the same for what never reaches DRF
(an unknown path, a crash).
"""

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Model, QuerySet
from django.http import Http404, QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, pagination, parsers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler

from ccrhub.lib.concurrency import StaleVersion

PROBLEM_CONTENT_TYPE = "application/problem+json"

Named = TypeVar("Named", bound=Model)

TITLES = {
    400: "Invalid input",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
}

STALE = "It changed since you read it; fetch it again and resend your change."
CONFLICT = "The request conflicts with what is already stored."
INVALID_FIELDS = "The request has invalid fields."


def problem_body(
    status_code: int, title: str = "", detail: str = "", **extra: Any
) -> dict[str, Any]:
    title = title or TITLES.get(status_code, "Error")
    return {
        "type": "about:blank",
        "title": title,
        "status": status_code,
        "detail": detail or title,
        **extra,
    }


def problem(status_code: int, title: str = "", detail: str = "", **extra: Any) -> Response:
    body = problem_body(status_code, title, detail, **extra)
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = CONFLICT
    default_code = "conflict"


def _as_api_exception(exc: Exception) -> Exception:
    """The DRF exception that stands for `exc`, or `exc` when it is none of ours."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        # An action refused the change: its messages, by field, as for a serializer.
        return exceptions.ValidationError(serializers.as_serializer_error(exc))
    if isinstance(exc, StaleVersion):
        return Conflict(STALE)
    if isinstance(exc, IntegrityError):
        # A constraint the database holds (two writes racing for one unique value). The
        # message would name tables and values: it stays in the logs' hands.
        return Conflict(CONFLICT)
    return exc


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error as application/problem+json; a 404 never says why (S3)."""
    exc = _as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    extra: dict[str, Any] = {}
    if code == status.HTTP_404_NOT_FOUND:
        detail = "Not found."
    elif isinstance(exc, exceptions.ValidationError):
        detail = INVALID_FIELDS
        data = response.data
        extra["errors"] = data if isinstance(data, dict) else {"non_field_errors": data}
    else:
        detail = str(getattr(exc, "detail", "")) or TITLES.get(code, "Error")
    result = problem(code, TITLES.get(code, "Error"), detail, **extra)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result


class ObjectJSONParser(parsers.JSONParser):
    """JSON whose top level is an object: every write names its fields (API.md), so an
    array, a string or a number is refused here, before any view reads the body."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError("The body must be a JSON object.")
        return data


# --- pagination -----------------------------------------------------------------------

CURSOR_SALT = "ccrhub.lib.api.cursor"
_PAGE_SIZE = re.compile(r"[0-9]{1,3}")


class CursorPagination(pagination.CursorPagination):
    """Cursor pages of API.md: `{"results": [...], "next": url|null}`, `page_size` 1–200.

    A cursor is signed: a client can only send back one the list handed out, so a forged
    position never reaches the database (where a date column would choke on "abc"). A
    cursor that is not ours answers 404, as DRF answers a garbled one.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not _PAGE_SIZE.fullmatch(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [f"Ask for 1 to {self.max_page_size} results a page."]}
            )
        return int(raw)

    def encode_cursor(self, cursor: pagination.Cursor) -> str:
        token = signing.dumps([cursor.offset, cursor.reverse, cursor.position], salt=CURSOR_SALT)
        return replace_query_param(self.base_url or "", self.cursor_query_param, token)

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        token = request.query_params.get(self.cursor_query_param)
        if token is None:
            return None
        try:
            offset, reverse, position = signing.loads(token, salt=CURSOR_SALT)
        except (signing.BadSignature, ValueError, TypeError):
            raise exceptions.NotFound(self.invalid_cursor_message) from None
        return pagination.Cursor(offset=offset, reverse=reverse, position=position)

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

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters


# --- input read as the document says ----------------------------------------------------

# Dates before or after these years are typing slips (0304 for 2034), and years outside
# them break time zone arithmetic: refused with the field named.
FIRST_YEAR, LAST_YEAR = 1900, 2199
_YEAR = re.compile(r"^(\d{4})-")


def _json_type_problem(field: serializers.Field[Any, Any, Any, Any], value: Any) -> str | None:
    """What is wrong with the JSON type of `value` for `field`, if anything.

    DRF coerces (0 becomes "0", "yes" becomes True, 12 becomes a UUID); the OpenAPI
    document promises the JSON types, so the API holds callers to them."""
    if value is None:
        return None  # the field's allow_null decides
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(field, serializers.IntegerField):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "Must be an integer."
    if isinstance(field, serializers.FloatField):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "Must be a number."
    if isinstance(field, serializers.DateField | serializers.DateTimeField):
        if not isinstance(value, str):
            return "Must be a string."
        match = _YEAR.match(value)
        if match and not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            return f"Give a year from {FIRST_YEAR} to {LAST_YEAR}."
        return None
    if isinstance(field, serializers.ListField | serializers.MultipleChoiceField):
        if not isinstance(value, list):
            return "Must be a list."
        child = getattr(field, "child", None)
        if child is not None:
            for item in value:
                if problem := _json_type_problem(child, item):
                    return problem
        return None
    if isinstance(field, serializers.DictField):
        if not isinstance(value, dict):
            return "Must be an object."
        for item in value.values():
            if problem := _json_type_problem(field.child, item):
                return problem
        return None
    if isinstance(field, serializers.ChoiceField):
        if all(isinstance(key, str) for key in field.choices):
            return None if isinstance(value, str) else "Must be a string."
        return None
    if isinstance(field, serializers.CharField | serializers.UUIDField | serializers.TimeField):
        return None if isinstance(value, str) else "Must be a string."
    return None


class StrictInput:
    """Mixed into every serializer that reads a request body (before the DRF base).

    JSON is held to the types the OpenAPI document gives (see `_json_type_problem`) and
    dates to FIRST_YEAR–LAST_YEAR; anything else is the field's own validation. Form
    data (a query string, a multipart upload) is text by nature and is left to the
    fields."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping) and not isinstance(data, QueryDict):
            fields: Mapping[str, Any] = self.fields  # type: ignore[attr-defined]
            errors = {
                name: [problem]
                for name, field in fields.items()
                if not field.read_only and name in data
                if (problem := _json_type_problem(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


# Versions count edits in a 32-bit column. A write sets `version + 1` in the same
# statement that compares `version`, so even the largest version sent must leave room
# for one more (PostgreSQL refuses the statement otherwise, matching row or not).
MAX_VERSION = 2**31 - 2


class VersionedPatch(StrictInput, serializers.Serializer[Any]):
    """A PATCH body of a versioned resource: `version` is required, however few of the
    other fields are sent (S29); a stale one answers 409."""

    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text="The version you read."
    )

    # Fields a PATCH always names; everything else may be left out (what is sent is
    # what changes).
    always_required: tuple[str, ...] = ("version",)

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        for name, field in fields.items():
            if name not in self.always_required and not field.read_only:
                field.required = False
        return fields

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping) and "version" not in data:
            raise serializers.ValidationError({"version": ["Send back the version you read."]})
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.UUID)
class LookedUpId(serializers.CharField):
    """A query parameter naming one object to look up (not a filter): documented as a
    UUID, and a malformed one is not found (404), exactly like an unknown one (S3)."""


def query(request: Request, filters: type[serializers.Serializer[Any]]) -> dict[str, Any]:
    """A list's query parameters read through `filters` (declared once, for the check
    and for the OpenAPI document); 400 naming each bad one. A parameter sent empty is
    a value like any other (`?status=` is no status), not a parameter left out."""
    serializer = filters(data=dict(request.query_params.items()))
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


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


def named(queryset: QuerySet[Named], public_id: object, *, field: str, unknown: str) -> Named:
    """The row a request body names by its public id, among `queryset` (the choices the
    page's form offers); an unknown or malformed id is a 400 on `field`. The action
    still checks whether the row may be used (a member agency, a colleague)."""
    try:
        found = queryset.filter(public_id=public_id).first()
    except (DjangoValidationError, ValueError):
        found = None
    if found is None:
        raise serializers.ValidationError({field: [unknown]})
    return found
