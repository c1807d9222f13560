"""Validating against the HSDS 3.0 schemas copied in `ccrhub/directory/schema/`.

The table schemas refer to each other by file name ("phone.json"); each is registered
under a base URI in this folder so those references resolve locally, never over the
network. Formats (uuid, email, date-time, uri) are checked.
"""

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
BASE = "https://hsds.schema.invalid/"


@cache
def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.rglob("*.json"):
        relative = path.relative_to(SCHEMA_DIR).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (BASE + relative, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


def _format_checker() -> jsonschema.FormatChecker:
    """jsonschema's checkers, with date-time and uri (whose optional packages we lack)."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_datetime(value: object) -> bool:
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(urlsplit(value).scheme)

    return checker


def _schema(name: str) -> dict[str, Any]:
    return {"$ref": BASE + name}


def validate(instance: Any, name: str) -> None:
    """Raise jsonschema.ValidationError unless `instance` is valid against `name`."""
    validator = jsonschema.Draft202012Validator(
        _schema(name), registry=_registry(), format_checker=_format_checker()
    )
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    if errors:
        raise errors[0]


def page_schema() -> dict[str, Any]:
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    return dict(openapi["components"]["schemas"]["Page"])


def validate_page(body: Any, item_schema: str) -> None:
    """An HSDS `Page` whose `contents` are items of `item_schema`."""
    page = page_schema()
    jsonschema.validate(body, page)
    assert set(page["properties"]) | {"contents"} == set(body)
    for item in body["contents"]:
        validate(item, item_schema)
