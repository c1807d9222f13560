"""The coordinator and the advocate read the demo county in plain words: how meetings
repeat, referrals by date and agency, instruments and bands by name, dates on one line."""

import shutil
from pathlib import Path
from typing import Any

import pytest

from ccrhub.cases.demo import seed_demo_cases
from ccrhub.cases.models import Case
from ccrhub.highrisk.demo import seed_demo_highrisk
from ccrhub.highrisk.models import Conference
from ccrhub.lib.tests.browser import login_in_browser, screenshot
from ccrhub.meetings.demo import seed_demo_meetings
from ccrhub.meetings.models import Meeting
from ccrhub.risk.models import Assessment

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/words-shots")


def shot(page: Any, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def visit(page: Any, server: Any, path: str, name: str) -> str:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(server.url + path)
        shot(page, f"{name}-{width}")
    return page.locator("main").inner_text()


def test_the_coordinator_reads_meetings_referrals_and_cases_in_words(
    browser_context: Any, browser_server: Any, personas: Any
) -> None:
    for seed in (seed_demo_cases, seed_demo_meetings, seed_demo_highrisk):
        seed(personas.county)
    login_in_browser(browser_context, personas.coordinator, browser_server)
    page = browser_context.new_page()
    meeting = Meeting.objects.filter(series__isnull=False).earliest("starts_at")
    text = visit(page, browser_server, f"/meetings/{meeting.public_id}/", "words-meeting")
    assert "FREQ=" not in text and "Repeats" in text
    text = visit(page, browser_server, "/highrisk/referrals/", "words-referrals")
    assert "Referral of " in text
    upcoming = Conference.objects.order_by("-held_on").first()
    assert upcoming is not None
    url = f"/highrisk/conferences/{upcoming.public_id}/"
    assert "Referral of " in visit(page, browser_server, url, "words-conference")
    case = Case.objects.order_by("id").first()
    assert case is not None
    text = visit(page, browser_server, f"/cases/{case.public_id}/", "words-case")
    assert "Correct this event" in text or "Correct" not in text
    visit(page, browser_server, "/chasing/", "words-chasing")


def test_the_advocate_reads_the_risk_list_in_words(
    browser_context: Any, browser_server: Any, personas: Any
) -> None:
    seed_demo_highrisk(personas.county)
    login_in_browser(browser_context, personas.advocate, browser_server)
    page = browser_context.new_page()
    text = visit(page, browser_server, "/risk/", "words-risk-list")
    assert "dash 2014" not in text and "DASH risk identification checklist" in text
    assessment = Assessment.objects.filter(agency=personas.vsp).first()
    assert assessment is not None
    text = visit(page, browser_server, f"/risk/{assessment.public_id}/", "words-risk-detail")
    assert "Yes" in text
