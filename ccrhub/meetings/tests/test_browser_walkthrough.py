"""The coordinator's walk-through, in a real browser: schedule a meeting, build its agenda
from a facilitation template, record attendance, put a proposal to the vote and record
the decision, then turn an agenda discussion into an action item. Every page passes axe."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot
from ccrhub.meetings.models import ActionItem, Decision, Meeting

pytestmark = pytest.mark.browser

TITLE = "Riverbend CCR quarterly review"


def test_the_coordinator_walks_a_meeting_from_schedule_to_action_item(
    page: Any, browser_server: Any, personas: Any
) -> None:
    login_in_browser(page.context, personas.coordinator, browser_server)
    page.goto(f"{browser_server.url}/meetings/")

    # Schedule the meeting.
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Collaborative").select_option(label=personas.ccr.name)
    page.get_by_label("Title").fill(TITLE)
    starts = timezone.localtime() + datetime.timedelta(days=10)
    page.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT09:30"))
    page.get_by_label("Place or link").fill("Government Center, Room 204")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_selector(f"h1:has-text('{TITLE}')")
    meeting = Meeting.objects.get(title=TITLE)
    assert meeting.collaborative == personas.ccr

    # Build the agenda from a template.
    page.get_by_label("Facilitation template", exact=True).select_option("avoid_or_stop")
    page.get_by_role("button", name="Add the template").click()
    page.wait_for_selector("text=Where do victims fall through the cracks?")
    screenshot(page, "walkthrough-1-agenda")

    # Record attendance.
    page.get_by_role("link", name="Record attendance").click()
    for person in (personas.police_officer, personas.prosecutor):
        page.locator(f"#id_status_{person.public_id.hex}").select_option("present")
        page.locator(f"label[for='id_signed_{person.public_id.hex}']").click()
    page.locator(f"#id_status_{personas.probation_officer.public_id.hex}").select_option(
        "apologies"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_selector("#attendance")
    assert page.locator("#attendance tbody tr").count() == 3

    # Put a proposal to the members, vote, and record the decision.
    page.get_by_role("link", name="Put a proposal to the members").click()
    page.get_by_label("Title").fill("Send protection-order paperwork electronically")
    page.get_by_label("The proposal").fill("Stop sending the paperwork by post.")
    screenshot(page, "walkthrough-decision-form")
    page.get_by_text("One vote per person", exact=True).click()
    page.get_by_label("Agenda item").select_option(label="What can we avoid or stop doing?")
    page.get_by_role("button", name="Draft the decision").click()
    page.get_by_role("button", name="Open the vote").click()
    page.get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Cast my vote").click()
    page.wait_for_selector("#voted")
    page.get_by_label("Outcome").select_option("adopted")
    page.get_by_label("Note for the minutes").fill("Agreed by everyone present.")
    assert_accessible(page)
    page.get_by_role("button", name="Close and record the outcome").click()
    page.wait_for_selector("#outcome:has-text('Adopted')")
    screenshot(page, "walkthrough-2-decision")
    decision = Decision.objects.get(meeting=meeting)
    assert decision.is_closed and decision.outcome == "adopted"
    assert decision.agenda_item is not None

    # Back at the meeting, the decision is in the minutes section.
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_selector("#decisions:has-text('Adopted')")

    # Turn the agenda discussion into an action item.
    agenda_item = decision.agenda_item
    page.locator(f"#agenda-{agenda_item.public_id}").get_by_role(
        "link", name="Turn into an action item"
    ).click()
    assert page.get_by_label("Action", exact=True).input_value() == (
        "What can we avoid or stop doing?"
    )
    page.get_by_label("Action", exact=True).fill("Switch protection-order paperwork to e-mail")
    page.get_by_label("Owning agency").select_option(label=personas.court.name)
    page.get_by_label("Due on").fill(
        (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )
    assert_accessible(page)
    page.get_by_role("button", name="Record the action").click()
    page.wait_for_selector("#action-items:has-text('Switch protection-order paperwork')")
    item = ActionItem.objects.get(meeting=meeting)
    assert item.owner_agency == personas.court
    assert item.agenda_item == agenda_item
    assert_accessible(page)
    screenshot(page, "walkthrough-3-meeting")
