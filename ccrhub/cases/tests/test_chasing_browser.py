"""The coordinator reads what needs chasing and a court's docket in a real browser."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ccrhub.cases import actions
from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot

pytestmark = pytest.mark.browser


def _on(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _busy_world(personas: Any) -> Any:
    case = actions.open_case(
        personas.ccr,
        external_ref="RPD-2026-0107",
        offender_ref="P-107",
        opened_on=_on(-120),
        actor=personas.police_officer,
    )
    actions.record_event(
        case,
        stage="trial",
        occurred_on=_on(9),
        agency=personas.court,
        actor=personas.coordinator,
    )
    actions.record_event(
        case, stage="bip_referral", occurred_on=_on(-45), actor=personas.probation_officer
    )
    actions.record_violation(
        case, kind="technical", detected_on=_on(-12), actor=personas.probation_officer
    )
    actions.issue_order(
        case,
        kind="no_contact",
        issued_on=_on(-6),
        issued_by=personas.court,
        conditions=["no_contact", "stay_away"],
        actor=personas.coordinator,
    )
    return case


def test_the_coordinator_follows_the_dashboard_to_chasing_and_the_court_docket(
    page: Any, browser_server: Any, personas: Any
) -> None:
    _busy_world(personas)
    login_in_browser(page.context, personas.coordinator, browser_server)
    page.goto(f"{browser_server.url}/")
    assert page.get_by_text("1 order not served").count() == 1
    page.get_by_role("link", name="What needs chasing").click()
    page.wait_for_selector("h1:has-text('What needs chasing')")
    assert page.get_by_role("link", name="RPD-2026-0107").count() == 3
    assert_accessible(page)
    screenshot(page, "chasing-coordinator")
    page.get_by_role("link", name="Riverbend County District Court").click()
    page.wait_for_selector("h1:has-text('Docket of')")
    assert page.get_by_text("Violation review hearing").count() == 0
    assert page.get_by_role("row", name="Trial").count() == 1
    assert_accessible(page)
    screenshot(page, "court-docket-coordinator")
