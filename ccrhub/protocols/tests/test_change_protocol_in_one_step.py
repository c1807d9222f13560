"""Changing a protocol's details and moving its status on is one action, so the page
and the API's PATCH share it: a stale version or a refused move changes nothing."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ccrhub.protocols import actions
from ccrhub.protocols.models import Status
from ccrhub.protocols.tests.conftest import adopt, draft

pytestmark = pytest.mark.django_db


def test_the_coordinator_renames_and_submits_a_draft_at_once(personas: Any) -> None:
    protocol = draft(personas)
    actions.change_protocol(
        protocol,
        actor=personas.coordinator,
        version=protocol.version,
        changes={"title": "Arrest protocol"},
        status=Status.IN_REVIEW,
    )
    protocol.refresh_from_db()
    assert protocol.title == "Arrest protocol" and protocol.status == Status.IN_REVIEW


def test_a_refused_move_keeps_the_old_title(personas: Any) -> None:
    protocol = draft(personas)
    adopt(protocol, personas.coordinator)  # in force: no draft left to submit
    with pytest.raises(ValidationError):
        actions.change_protocol(
            protocol,
            actor=personas.coordinator,
            version=protocol.version,
            changes={"title": "Renamed"},
            status=Status.IN_REVIEW,
        )
    protocol.refresh_from_db()
    assert protocol.title == "Arrest and response protocol"


def test_a_stale_version_changes_nothing(personas: Any) -> None:
    protocol = draft(personas)
    read = protocol.version
    actions.change_protocol(
        protocol, actor=personas.coordinator, version=read, changes={"title": "First"}
    )
    with pytest.raises(actions.StaleVersion):
        actions.change_protocol(
            protocol, actor=personas.coordinator, version=read, changes={"title": "Second"}
        )
    protocol.refresh_from_db()
    assert protocol.title == "First"
