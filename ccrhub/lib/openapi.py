"""The OpenAPI document says what the API answers: its errors too, and null where the
model allows null.

drf-spectacular documents the success of each operation from its serializers. This
schema class adds what every operation of ours may also answer, all as
`application/problem+json` (`ccrhub.lib.api`): 401 without a valid token, 403 and 404
from the access checks, 429 from the throttle, 400 where there is input to refuse, and
409 and 415 for writes (a stale version or a reused Idempotency-Key; a body that is not
JSON). A read-only field whose value comes through a nullable column is nullable.

It also keeps the document and the checks together: a request body whose serializer
does not read JSON strictly (`StrictInput`), or a PATCH of a versioned resource whose
body does not require `version` (`VersionedPatch`), is a warning, and the schema test
fails on warnings.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.drainage import warn
from drf_spectacular.plumbing import force_instance, is_serializer
from rest_framework import serializers

from ccrhub.lib.api import PROBLEM_CONTENT_TYPE, TITLES, StrictInput, VersionedPatch


class ProblemSerializer(serializers.Serializer[Any]):
    """An error (RFC 9457)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    # DRF's metaclass takes declared fields out of the class: `errors` stays the
    # serializer's own property, and this is the documented member.
    errors = serializers.JSONField(  # type: ignore[assignment]
        required=False, help_text="Invalid input: messages by field (for imports, by row)."
    )
    request_id = serializers.CharField(required=False, help_text="Quote it when reporting.")


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _model_fields_on_path(field: serializers.Field[Any, Any, Any, Any]) -> list[Any]:
    """The model fields a read-only field's value passes through, from its serializer's
    model along `source` (empty when it is not read from columns)."""
    meta = getattr(field.parent, "Meta", None)
    model = getattr(meta, "model", None)
    found: list[Any] = []
    for attr in getattr(field, "source_attrs", ()):
        if model is None:
            return found
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return found
        found.append(model_field)
        model = model_field.related_model
    return found


def _as_the_model_stores_it(field: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """DRF drops `allow_null` and `allow_blank` from read-only fields; the columns
    behind them still hold null, or "" beside a set of choices."""
    path = _model_fields_on_path(field)
    nullable = any(getattr(model_field, "null", False) for model_field in path)
    last = path[-1] if path else None
    blank_choice = bool(
        getattr(last, "choices", None) and getattr(last, "blank", False) and not nullable
    )
    if not (nullable or blank_choice):
        return schema
    if "$ref" not in schema and "type" in schema and not blank_choice:
        return {**schema, "nullable": True}
    alternative: dict[str, Any] = {"type": "string", "enum": [""]}
    if nullable:
        alternative = {"type": "string", "nullable": True, "enum": [None]}
    return {"anyOf": [schema, alternative]}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self._error_statuses(operation):
            responses.setdefault(str(code), self._problem(code))
        return operation

    def _error_statuses(self, operation: dict[str, Any]) -> list[int]:
        codes = [404]
        if self.view.authentication_classes:
            codes += [401, 403]
        if self.view.throttle_classes:
            codes.append(429)
        has_query = any(p.get("in") == "query" for p in operation.get("parameters", ()))
        if has_query or "requestBody" in operation or self.method in WRITES:
            codes.append(400)
        if self.method in WRITES:
            codes += [409, 415]
        return sorted(codes)

    def _get_request_body(self, direction: Any = "request") -> Any:
        if self.method in WRITES:
            self._check_request_serializer(self.get_request_serializer())
        return super()._get_request_body(direction)

    def _check_request_serializer(self, request: Any) -> None:
        if not is_serializer(request):
            return
        body = type(force_instance(request))
        where = f"{self.method} {self.path}"
        if not issubclass(body, StrictInput):
            warn(f"{where}: {body.__name__} does not mix in StrictInput.")
        response = self.get_response_serializers()
        versioned = is_serializer(response) and "version" in force_instance(response).fields
        if self.method == "PATCH" and versioned and not issubclass(body, VersionedPatch):
            warn(f"{where}: {body.__name__} is not a VersionedPatch.")

    def _problem(self, code: int) -> dict[str, Any]:
        component = self.resolve_serializer(ProblemSerializer, "response")
        return {
            "description": TITLES.get(code, "Error"),
            "content": {PROBLEM_CONTENT_TYPE: {"schema": component.ref}},
        }

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(schema, dict) and field.read_only and not schema.get("nullable"):
            return _as_the_model_stores_it(field, schema)
        return schema
