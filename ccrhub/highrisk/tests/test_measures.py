"""Measures of the team: volume against the benchmark, repeat rate, police versus
partner referrals; partners see counts under the disclosure rule; the quarterly data
return is a formula-safe CSV for the coordinator."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse

from ccrhub.highrisk import actions
from ccrhub.highrisk.measures import measures_of
from ccrhub.highrisk.models import TeamSettings
from ccrhub.highrisk.tests.conftest import conference, refer

pytestmark = pytest.mark.django_db
Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def _heard(personas: Any, pairs: int) -> None:
    for n in range(pairs):
        refer(personas, victim_ref=f"v{n}", perpetrator_ref=f"p{n}", on=datetime.date(2026, 2, 1))
    refer(
        personas,
        victim_ref="v0",
        perpetrator_ref="p0",
        on=datetime.date(2026, 2, 20),
        earlier_referrals_elsewhere='=HYPERLINK("x")',
    )
    meeting = conference(personas)
    actions.build_agenda(meeting, actor=personas.coordinator)


def test_volume_repeats_and_referrers(personas: Any):
    TeamSettings.objects.create(collaborative=personas.marac, adult_women_population=20_000)
    _heard(personas, 9)
    result = measures_of(personas.marac, start=Q1[0], end=Q1[1], suppress=False)
    assert result.cases == 10 and result.repeats == 1 and result.repeat_rate == 10.0
    assert result.police_referrals == 0 and result.partner_referrals == 10
    assert result.per_10k_a_year == pytest.approx(10 / 20_000 * 10_000 * 365 / 90, abs=0.1)
    assert result.median_days_to_meeting is not None


def test_partners_see_small_counts_hidden(personas: Any, client_as: Any):
    _heard(personas, 3)
    url = reverse("highrisk:measures", args=[personas.marac.public_id]) + "?quarter=2026-03-01"
    partner = measures_of(personas.marac, start=Q1[0], end=Q1[1], suppress=True)
    assert partner.cases is None and partner.repeat_rate is None
    assert client_as(personas.police_officer).get(url).status_code == 200
    assert client_as(personas.outsider).get(url).status_code == 404


def test_the_data_return_is_csv_for_the_coordinator_only(personas: Any, client_as: Any):
    _heard(personas, 3)
    url = reverse("highrisk:data-return", args=[personas.marac.public_id]) + "?quarter=2026-03-01"
    response = client_as(personas.coordinator).get(url)
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "cases_discussed,4" in body and "repeat_cases,1" in body
    assert client_as(personas.police_officer).get(url).status_code == 403


def test_cases_heard_and_repeats_are_named_measures_for_evaluation() -> None:
    from ccrhub.evaluation.registry import get

    cases, repeats = get("marac_cases"), get("marac_repeat_rate")
    assert cases is not None and cases.unit == "count"
    assert repeats is not None and repeats.unit == "share"


def test_the_coordinator_sets_the_population_the_benchmark_needs(personas, client_as) -> None:
    from ccrhub.audit.models import AuditEvent
    from ccrhub.highrisk.models import TeamSettings

    url = f"/highrisk/teams/{personas.marac.public_id}/settings/"
    assert client_as(personas.police_officer).get(url).status_code == 403

    response = client_as(personas.coordinator).post(
        url, {"adult_women_population": "48500", "escalation_incidents": "4"}
    )

    assert response.status_code == 302
    saved = TeamSettings.objects.get(collaborative=personas.marac)
    assert (saved.adult_women_population, saved.escalation_incidents) == (48500, 4)
    assert AuditEvent.objects.filter(action="highrisk.settings_changed").exists()


def test_the_data_return_is_audited_with_its_measures_and_runs_no_formula(
    personas: Any, client_as: Any
) -> None:
    from ccrhub.audit.models import AuditEvent

    _heard(personas, 3)
    personas.marac.name = '=HYPERLINK("http://evil.example")'
    personas.marac.save(update_fields=["name"])
    url = reverse("highrisk:data-return", args=[personas.marac.public_id]) + "?quarter=2026-03-01"
    body = client_as(personas.coordinator).get(url).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert {row[0] for row in rows[1:]} == {'\'=HYPERLINK("http://evil.example")'}
    event = AuditEvent.objects.get(action="highrisk.data_return_exported")
    assert event.actor == personas.coordinator and event.reason == "Quarterly MARAC data return"
    assert event.details["row_ids"] == [row[3] for row in rows[1:]]
    assert event.details["period_start"] == "2026-01-01"
    assert "evil" not in str(event.details)


def test_no_data_return_leaves_when_its_audit_fails(
    personas: Any, client_as: Any, audit_refused: Any
) -> None:
    url = reverse("highrisk:data-return", args=[personas.marac.public_id]) + "?quarter=2026-03-01"
    with audit_refused():
        client_as(personas.coordinator).get(url)
