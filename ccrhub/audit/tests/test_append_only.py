"""The trail is append-only (model and database) and hash-chained (S19)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from ccrhub.audit.integrity import delete_events_before, verify_chain
from ccrhub.audit.log import record
from ccrhub.audit.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def three_events() -> list[AuditEvent]:
    return [record(actor=None, action=f"system.step_{n}", details={"n": n}) for n in range(3)]


def test_the_model_refuses_to_change_or_delete_an_event() -> None:
    event = three_events()[0]
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'rewritten'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_raw_update_and_delete(sql: str) -> None:
    three_events()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.filter(reason="").count() == 3


def test_the_retention_delete_is_the_one_sanctioned_way_out() -> None:
    events = three_events()
    from datetime import timedelta

    removed = delete_events_before(events[1].occurred_at + timedelta(microseconds=1))
    assert removed == 2
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [events[2].pk]
    # The guard is back in force for the rest of the transaction.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def test_an_intact_chain_verifies() -> None:
    three_events()
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "OK: 3 audit events" in out.getvalue()


def test_verify_function_finds_an_edited_or_missing_event_in_memory() -> None:
    events = list(three_events())
    assert verify_chain(events).ok
    events[1].details = {"n": 99}
    report = verify_chain(events)
    assert (report.ok, report.broken_event_id) == (False, events[1].pk)
    missing = [events[0], events[2]]
    assert verify_chain(missing).broken_event_id == events[2].pk


def _drop_guards() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_auditevent_append_only ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")


def test_verify_command_names_the_first_tampered_event() -> None:
    events = three_events()
    # An attacker with database access removes the guard and edits a row; the
    # test transaction rolls all of this back, triggers included.
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = 'denied' WHERE id = %s", [events[1].pk]
        )
    with pytest.raises(CommandError, match=f"event id {events[1].pk}"):
        call_command("verify_audit_chain")


def test_verify_command_notices_a_deleted_event() -> None:
    events = three_events()
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"event id {events[2].pk}"):
        call_command("verify_audit_chain")
