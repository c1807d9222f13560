"""Public ids are UUIDs; integer keys stay internal."""

import uuid

from django.http import Http404


def parse_public_id(value: object) -> uuid.UUID:
    """A UUID from a URL or a request body, or 404: a malformed id is just another id
    that does not exist, and answers the same (S3)."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
