"""Anomaly rules raise alerts for coordinators, after the event is committed (S20).

These tests commit each event for real (`transaction=True`) and run the queued rules at
once (the immediate task backend), as the worker would a moment later.
"""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from ccrhub.audit.log import record, record_denial
from ccrhub.audit.models import Alert, AlertRule
from ccrhub.audit.queries import open_alerts_for
from ccrhub.audit.tests.helpers import make_collaborative, make_person
from ccrhub.partners.models import Role

pytestmark = pytest.mark.django_db(transaction=True)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def rules_run_as_soon_as_queued(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


@pytest.fixture
def riverside() -> Any:
    return make_collaborative()


@pytest.fixture
def coordinator(riverside: Any) -> Any:
    return make_person(riverside, Role.COORDINATOR)


@pytest.fixture
def officer(riverside: Any) -> Any:
    return make_person(riverside, Role.MEMBER)


def test_an_officer_reading_many_records_in_an_hour_raises_one_alert(
    settings: Any, riverside: Any, coordinator: Any, officer: Any
) -> None:
    settings.CCRHUB_ANOMALY_THRESHOLDS = {"views_per_hour": 5}
    for _ in range(4):
        record(actor=officer, action="collaborative.viewed", target=riverside)
    assert not Alert.objects.exists()
    for _ in range(5):
        record(actor=officer, action="collaborative.viewed", target=riverside)
    alert = Alert.objects.get()
    assert (alert.rule, alert.actor, alert.collaborative) == (
        AlertRule.MANY_VIEWS,
        officer,
        riverside,
    )
    assert alert.details["count"] == 5
    assert list(open_alerts_for(coordinator)) == [alert]


def test_probing_for_ids_raises_an_alert_in_the_prober_s_collaboratives(
    settings: Any, riverside: Any, coordinator: Any, officer: Any
) -> None:
    settings.CCRHUB_ANOMALY_THRESHOLDS = {"probes_per_window": 3}
    for n in range(3):
        record_denial(
            actor=officer, action="case.not_found", object_type="cases.case", requested_id=f"id-{n}"
        )
    alert = Alert.objects.get()
    assert (alert.rule, alert.actor, alert.collaborative) == (
        AlertRule.PROBING,
        officer,
        riverside,
    )
    assert list(open_alerts_for(coordinator)) == [alert]


def test_a_single_attempt_on_a_restricted_record_alerts_at_once(
    riverside: Any, coordinator: Any, officer: Any
) -> None:
    record_denial(actor=officer, action="restricted.denied", target=riverside)
    alert = Alert.objects.get()
    assert alert.rule == AlertRule.RESTRICTED
    assert alert.details["object_id"] == str(riverside.public_id)
    assert list(open_alerts_for(coordinator)) == [alert]


def test_a_large_export_alerts_and_a_small_one_does_not(
    settings: Any, riverside: Any, officer: Any
) -> None:
    settings.CCRHUB_ANOMALY_THRESHOLDS = {"export_rows": 100}
    record(actor=officer, action="export.created", target=riverside, details={"rows": 100})
    assert not Alert.objects.exists()
    record(actor=officer, action="export.created", target=riverside, details={"rows": 101})
    alert = Alert.objects.get()
    assert (alert.rule, alert.details["rows"]) == (AlertRule.LARGE_EXPORT, 101)


def test_other_people_do_not_see_the_coordinators_alerts(
    riverside: Any, coordinator: Any, officer: Any
) -> None:
    record_denial(actor=officer, action="restricted.denied", target=riverside)
    elsewhere = make_person(make_collaborative("Hill County CCR"), Role.COORDINATOR)
    assert list(open_alerts_for(officer)) == []
    assert list(open_alerts_for(elsewhere)) == []
    assert len(open_alerts_for(coordinator)) == 1


def test_alerts_hold_no_personal_data(riverside: Any, officer: Any) -> None:
    riverside.name = "Maria Lopez Team"
    record_denial(actor=officer, action="restricted.denied", target=riverside)
    assert "Maria" not in str(Alert.objects.get().details)


def test_views_of_cases_outside_the_caseload_raise_an_alert(settings: Any, personas: Any) -> None:
    import datetime

    from ccrhub.cases.actions import open_case, record_case_viewed

    settings.CCRHUB_ANOMALY_THRESHOLDS = {"out_of_caseload_per_hour": 3}
    cases = [
        open_case(
            personas.ccr,
            external_ref=f"RPD-{n}",
            offender_ref=f"P-{n}",
            opened_on=datetime.date(2026, 3, 2),
            actor=personas.police_officer,
        )
        for n in range(4)
    ]
    # The police lead these cases: the officer viewing them is in his caseload.
    for case in cases:
        record_case_viewed(case, actor=personas.police_officer)
    assert not Alert.objects.filter(rule=AlertRule.OUT_OF_CASELOAD).exists()

    # The probation officer has no part in them yet.
    for case in cases[:2]:
        record_case_viewed(case, actor=personas.probation_officer)
    assert not Alert.objects.filter(rule=AlertRule.OUT_OF_CASELOAD).exists()
    record_case_viewed(cases[2], actor=personas.probation_officer)

    alert = Alert.objects.get(rule=AlertRule.OUT_OF_CASELOAD)
    assert (alert.actor, alert.details["count"]) == (personas.probation_officer, 3)


def test_searches_never_followed_by_opening_a_record_raise_an_alert(
    settings: Any, riverside: Any, coordinator: Any, officer: Any
) -> None:
    import time_machine
    from django.utils import timezone

    from ccrhub.audit.log import record_search

    settings.CCRHUB_ANOMALY_THRESHOLDS = {"searches_without_follow_up": 3, "follow_up_minutes": 10}
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        # One search followed by a view within minutes: that is work, not fishing.
        record_search(actor=officer, scope="survivors", term="Garcia", collaborative=riverside)
        clock.shift(60)
        record(actor=officer, action="collaborative.viewed", target=riverside)
        for name in ("Lopez", "Smith", "Nguyen"):
            clock.shift(120)
            record_search(actor=officer, scope="survivors", term=name, collaborative=riverside)
        clock.shift(15 * 60)
        assert not Alert.objects.filter(rule=AlertRule.SEARCH_NO_FOLLOW_UP).exists()
        record_search(actor=officer, scope="survivors", term="Khan", collaborative=riverside)

    alert = Alert.objects.get(rule=AlertRule.SEARCH_NO_FOLLOW_UP)
    assert (alert.actor, alert.details["count"]) == (officer, 3)
    assert "Lopez" not in str(alert.details)


def test_the_request_only_queues_the_rules_and_the_worker_raises_the_alert(
    settings: Any, riverside: Any, coordinator: Any, officer: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_QUEUE
    record_denial(actor=officer, action="restricted.denied", target=riverside)
    # Committed and queued, but no rule has run on the request path.
    assert DBTaskResult.objects.filter(task_path__endswith="evaluate_anomalies").count() == 1
    assert not Alert.objects.exists()
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=StringIO())
    assert Alert.objects.get().rule == AlertRule.RESTRICTED
    assert len(open_alerts_for(coordinator)) == 1


def test_a_rolled_back_act_queues_nothing(settings: Any, riverside: Any, officer: Any) -> None:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_QUEUE
    with pytest.raises(RuntimeError), transaction.atomic():
        record_denial(actor=officer, action="restricted.denied", target=riverside)
        raise RuntimeError("the act failed")
    assert not DBTaskResult.objects.exists()
