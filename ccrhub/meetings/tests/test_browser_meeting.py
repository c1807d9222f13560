"""The coordinator builds a meeting's agenda from a template, records attendance and turns
a discussion into an action item, in a real browser; the pages pass axe."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot
from ccrhub.meetings import actions
from ccrhub.meetings.models import ActionItem

pytestmark = pytest.mark.browser


def test_the_coordinator_runs_a_meeting_page(page: Any, browser_server: Any, personas: Any):
    meeting = actions.schedule_meeting(
        personas.ccr,
        title="Riverbend CCR monthly meeting",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Room 204",
        actor=personas.coordinator,
    )
    login_in_browser(page.context, personas.coordinator, browser_server)
    page.goto(f"{browser_server.url}/meetings/")
    page.get_by_role("link", name="Riverbend CCR monthly meeting").click()
    page.wait_for_selector("h1:has-text('Riverbend CCR monthly meeting')")

    page.get_by_label("Facilitation template", exact=True).select_option("continue_or_start")
    page.get_by_role("button", name="Add the template").click()
    page.wait_for_selector("text=What supports victims and protects their confidentiality?")

    page.get_by_role("link", name="Record attendance").click()
    officer = personas.police_officer
    page.locator(f"#id_status_{officer.public_id.hex}").select_option("present")
    page.locator(f"label[for='id_signed_{officer.public_id.hex}']").click()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_selector("#attendance")

    page.get_by_role("link", name="Turn a discussion into an action item").click()
    page.get_by_label("Action", exact=True).fill("Share the arrest figures by quarter")
    page.get_by_label("Owning agency").select_option(label=personas.police.name)
    page.get_by_label("Due on").fill(
        (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    )
    page.get_by_role("button", name="Record the action").click()
    page.wait_for_selector("#action-items")
    assert ActionItem.objects.get().meeting == meeting
    assert_accessible(page)
    screenshot(page, "meetings-meeting-detail")
