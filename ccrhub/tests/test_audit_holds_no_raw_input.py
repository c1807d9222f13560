"""S19: what someone types into an address never reaches the audit trail as typed.

Every route of ours is requested with a marker in each path segment that takes text and
in the usual query parameters, by people of different roles, by GET and (where the path
carries the marker) by POST. Denials and "not found" events are written, and none of
them, nor any alert, holds the marker in any text or JSON column: what was asked for
is kept as a keyed hash only.
"""

import re
import uuid
from typing import Any

import pytest
from django.db import models
from django.test import Client

from ccrhub.audit.log import requested_id_hash
from ccrhub.audit.models import Alert, AuditEvent
from ccrhub.tests.urlwalk import Route, our_routes

pytestmark = pytest.mark.django_db

# Looks like what an abuser might type into an address bar: a name and a phone number.
MARKER = "MariaLopez5550199"
# Query parameters that views of ours read (filters, references, search terms, pages).
QUERY_NAMES = (
    "q",
    "search",
    "term",
    "collaborative",
    "object_type",
    "object_id",
    "survivor",
    "assessment",
    "meeting",
    "item",
    "instrument",
    "kind",
    "status",
    "version",
    "taxonomy_id",
    "organization_id",
    "cursor",
    "page",
)
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
PEOPLE = ("coordinator", "police_officer", "advocate")


def _fill(match: re.Match[str]) -> str:
    converter = match.group("converter") or "str"
    if converter == "int":
        return str(2**31 - 1)
    if converter == "uuid":
        return str(uuid.uuid4())
    if converter == "publiclang":
        return "es"
    return MARKER


def address_of(route: Route) -> str:
    return PARAMETER.sub(_fill, route.pattern)


def text_columns(model: type[models.Model]) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def rows_holding(model: type[models.Model], needle: str) -> list[str]:
    """Each row and column whose value contains `needle` (case-insensitive)."""
    columns = text_columns(model)
    found = []
    for row in model.objects.values("pk", *columns):  # type: ignore[attr-defined]
        for column in columns:
            if needle.casefold() in str(row[column]).casefold():
                found.append(f"{model.__name__} {row['pk']}.{column}")
    return found


def test_no_audit_event_or_alert_holds_what_was_typed_into_an_address(
    personas: Any, client_as: Any, api_as: Any
) -> None:
    query = {name: MARKER for name in QUERY_NAMES}
    for persona in PEOPLE:
        user = getattr(personas, persona)
        page_client: Client = client_as(user)
        page_client.raise_request_exception = False
        api_client = api_as(user)
        api_client.raise_request_exception = False
        for route in our_routes():
            address = address_of(route)
            client = api_client if address.startswith("/api/v1/") else page_client
            client.get(address, query)
            if MARKER in address:
                client.post(address, {})

    assert AuditEvent.objects.filter(action="case.not_found").exists()
    assert AuditEvent.objects.filter(details__requested_id_hash=requested_id_hash(MARKER)).exists()
    assert rows_holding(AuditEvent, MARKER) == []
    assert rows_holding(Alert, MARKER) == []
