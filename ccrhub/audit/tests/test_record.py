"""record(): one event per act, with who/what/where, never PII, in the caller's transaction."""

import uuid
from typing import Any
from unittest import mock

import pytest
from django.db import transaction

from ccrhub.audit.log import record, record_denial, record_search, requested_id_hash
from ccrhub.audit.models import GENESIS_HASH, AuditEvent
from ccrhub.audit.tests.helpers import make_agency, make_collaborative, make_person
from ccrhub.lib.hashing import keyed_hash
from ccrhub.lib.request_id import reset_request_id, set_request_id
from ccrhub.partners.models import Collaborative, Role

pytestmark = pytest.mark.django_db


def test_record_writes_exactly_one_event_with_who_what_and_where() -> None:
    riverside = make_collaborative()
    agency = make_agency()
    coordinator = make_person(riverside, Role.COORDINATOR, agency=agency)
    token = set_request_id("req-4711")
    try:
        event = record(
            actor=coordinator,
            action="collaborative.viewed",
            target=riverside,
            reason="monthly review",
            compartment="",
            details={"tab": "members", "count": 3},
        )
    finally:
        reset_request_id(token)

    assert AuditEvent.objects.count() == 1
    stored = AuditEvent.objects.get()
    assert stored.pk == event.pk
    assert stored.actor == coordinator
    assert stored.actor_agency == agency
    assert stored.actor_role == Role.COORDINATOR
    assert stored.action == "collaborative.viewed"
    assert stored.object_type == "partners.collaborative"
    assert stored.object_id == str(riverside.public_id)
    assert stored.collaborative == riverside
    assert stored.reason == "monthly review"
    assert stored.outcome == "success"
    assert stored.request_id == "req-4711"
    assert stored.details == {"tab": "members", "count": 3}
    assert stored.occurred_at.utcoffset().total_seconds() == 0
    assert stored.prev_hash == GENESIS_HASH
    assert stored.hash == stored.compute_hash()


def test_the_target_name_never_reaches_the_trail() -> None:
    riverside = make_collaborative("Maria Lopez Safety Team")
    record(actor=None, action="collaborative.viewed", target=riverside)
    event = AuditEvent.objects.get()
    assert "Maria" not in str(event.canonical())


def test_each_event_links_to_the_one_before() -> None:
    first = record(actor=None, action="system.started")
    second = record(actor=None, action="system.checked")
    assert second.prev_hash == first.hash


@pytest.mark.parametrize(
    "details",
    [
        {"email": "x"},
        {"name": "x"},
        {"Full_Name": "x"},
        {"phone": "x"},
        {"home-address": "x"},
        {"dob": "x"},
        {"date_of_birth": "x"},
        {"search_term": "smith"},
        {"nested": {"phone": "x"}},
        {"rows": [{"surname": "x"}]},
        {"note": "reach her at maria@example.org"},
        {"when": object()},
    ],
)
def test_personal_data_in_details_is_refused(details: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        record(actor=None, action="case.viewed", details=details)
    assert AuditEvent.objects.count() == 0


def test_keyed_hashes_ids_and_counts_are_welcome() -> None:
    record(actor=None, action="case.viewed", details={"name_hash": "ab" * 32, "rows": 4})
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("action", ["viewed", "Case.Viewed", "case.", "case viewed"])
def test_actions_are_dotted_lower_case_words(action: str) -> None:
    with pytest.raises(ValueError):
        record(actor=None, action=action)


def test_a_search_keeps_only_the_keyed_hash_of_its_term() -> None:
    officer = make_person(make_collaborative(), Role.MEMBER)
    record_search(actor=officer, scope="cases", term="  Maria LOPEZ ", results=2)
    event = AuditEvent.objects.get()
    assert event.action == "search.performed"
    assert event.details == {
        "scope": "cases",
        "term_hash": keyed_hash("maria lopez", purpose="search"),
        "results": 2,
    }
    assert "maria" not in str(event.canonical()).lower()


def test_a_denial_without_a_visible_target_names_the_type_and_only_a_hash_of_the_id() -> None:
    officer = make_person(make_collaborative(), Role.MEMBER)
    record_denial(
        actor=officer, action="case.not_found", object_type="cases.case", requested_id="abc-123"
    )
    event = AuditEvent.objects.get()
    assert (event.outcome, event.object_type, event.object_id) == ("denied", "cases.case", "")
    assert event.details == {"requested_id_hash": keyed_hash("abc-123", purpose="requested-id")}
    assert "abc-123" not in str(event.canonical())


def test_a_requested_uuid_hashes_the_same_however_it_was_typed() -> None:
    public_id = uuid.uuid4()
    assert requested_id_hash(str(public_id).upper()) == requested_id_hash(public_id)


@pytest.mark.parametrize("key", ["requested_id", "path", "raw_value", "next_url", "input"])
def test_details_that_name_raw_request_input_are_refused_unless_hashed(key: str) -> None:
    with pytest.raises(ValueError, match="keyed hashes"):
        record(actor=None, action="case.not_found", details={key: "anything"})
    record(actor=None, action="case.not_found", details={f"{key}_hash": "0" * 64})


def test_a_failing_audit_write_rolls_back_the_act_it_records() -> None:
    coordinator = make_person(None)
    with (
        mock.patch.object(AuditEvent, "save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError, match="disk full"),
        transaction.atomic(),
    ):
        renamed = Collaborative.objects.create(name="Created then audited", kind="ccr")
        record(actor=coordinator, action="collaborative.created", target=renamed)
    assert not Collaborative.objects.filter(name="Created then audited").exists()
    assert AuditEvent.objects.count() == 0
