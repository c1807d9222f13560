"""In a real browser: the advocate completes a DASH and refers from it, the coordinator
schedules the conference and builds the agenda, the meeting records two SMART actions
and the police officer marks one done. The pages pass axe.

The DASH is completed on the risk app's page when its route resolves; otherwise the
assessment is recorded directly, and the story continues from the referral page."""

import datetime
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ccrhub.highrisk.models import Action, ConferenceCase, Referral
from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot
from ccrhub.risk.models import Assessment

pytestmark = pytest.mark.browser


def _complete_a_dash(page: Any, server: Any, personas: Any) -> Assessment:
    try:
        url = reverse("risk:assessment-create")
    except NoReverseMatch:  # pragma: no cover - the risk pages are present
        from ccrhub.highrisk.tests.conftest import dash, survivor_of

        return dash(personas, survivor_of(personas))
    page.goto(f"{server.url}{url}?instrument=dash")
    for n in range(1, 16):
        page.locator(f"input[name='q{n}__answer'][value='yes']").check(force=True)
    page.get_by_role("button", name="Record the assessment").click()
    page.wait_for_url("**/risk/*/")
    return Assessment.objects.get()


def test_from_a_dash_to_an_action_done(page: Any, browser_server: Any, personas: Any):
    server = browser_server
    login_in_browser(page.context, personas.advocate, server)
    assessment = _complete_a_dash(page, server, personas)
    assert assessment.meets_threshold

    page.goto(
        f"{server.url}{reverse('highrisk:referral-create')}?assessment={assessment.public_id}"
    )
    page.wait_for_selector("text=Visible high risk.")
    assert_accessible(page)
    page.get_by_label("Victim identifier").fill("Maria Lopez 1990-04-12")
    page.get_by_label("Perpetrator identifier").fill("Dan Lopez 1988-01-30")
    page.locator("label[for='id_victim_knows']").click()
    page.locator("label[for='id_consented']").click()
    page.get_by_label("Number of children").fill("2")
    page.get_by_role("button", name="Refer").click()
    page.wait_for_selector("h1:has-text('Referral')")
    referral = Referral.objects.get()
    assert referral.visible_high_risk and referral.assessment == assessment

    page.context.clear_cookies()
    login_in_browser(page.context, personas.coordinator, server)
    page.goto(f"{server.url}{reverse('highrisk:conference-create')}")
    held_on = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Date of the conference").fill(held_on.isoformat())
    page.get_by_role("button", name="Schedule").click()
    page.get_by_role("button", name="Build the agenda").click()
    page.wait_for_selector(f"#agenda >> text={referral.label}")
    page.get_by_role("link", name="Meeting view").click()
    page.wait_for_selector(f"h2:has-text('{referral.label}')")
    assert_accessible(page)

    entry = ConferenceCase.objects.get()
    for text, agency in (
        ("Flag the address on police systems", personas.police),
        ("Review the safety plan with the survivor", personas.vsp),
    ):
        page.get_by_role("link", name=f"Record an action for {referral.label}").click()
        page.get_by_label("Action", exact=True).fill(text)
        page.get_by_label("Owning agency").select_option(label=agency.name)
        page.get_by_label("Due on").fill((held_on + datetime.timedelta(days=14)).isoformat())
        page.get_by_role("button", name="Record the action").click()
        page.wait_for_selector(f"text={text}")
    assert Action.objects.filter(conference_case=entry).count() == 2
    screenshot(page, "highrisk-meeting")

    page.context.clear_cookies()
    login_in_browser(page.context, personas.police_officer, server)
    page.goto(f"{server.url}{reverse('highrisk:action-list')}")
    page.get_by_role("link", name="Flag the address on police systems").click()
    page.get_by_label("Status").select_option("complete")
    page.get_by_role("button", name="Save the status").click()
    page.wait_for_selector("text=Action updated.")
    done = Action.objects.get(owner_agency=personas.police)
    assert done.status == "complete"
    assert Action.objects.get(owner_agency=personas.vsp).status == "open"
