"""The coordinator creates an audit, uploads and annotates a policy, turns the annotation
into a finding and the finding into a recommendation owned by an agency, in a real
browser; the finding page passes axe."""

from typing import Any

import pytest

from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot
from ccrhub.reviews.models import Annotation, Recommendation

pytestmark = pytest.mark.browser


def test_the_coordinator_turns_an_annotated_policy_into_a_recommendation(
    page: Any, browser_server: Any, personas: Any
) -> None:
    login_in_browser(page.context, personas.coordinator, browser_server)
    page.goto(f"{browser_server.url}/reviews/")
    page.get_by_role("link", name="Start a review").click()
    page.get_by_label("Collaborative", exact=True).select_option(label=personas.ccr.name)
    page.get_by_label("Kind of review").select_option("audit")
    page.get_by_label("Title", exact=True).fill("Audit of the arrest response")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Audit of the arrest response')")

    page.get_by_role("link", name="Upload a form or policy").click()
    page.get_by_label("Title", exact=True).fill("General Order 4.12")
    page.get_by_label("Kind", exact=True).select_option("policy")
    page.get_by_label("File", exact=True).set_input_files(
        files=[
            {
                "name": "go-4-12.txt",
                "mimeType": "text/plain",
                "buffer": b"4.12.5 Officers should consider arresting both parties.\n",
            }
        ]
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('General Order 4.12')")

    page.get_by_label("Where (page, section, field)").fill("4.12.5")
    page.get_by_label("Passage").fill("consider arresting both parties")
    page.get_by_label("Annotation", exact=True).fill("Invites dual arrest.")
    page.get_by_role("button", name="Add the annotation").click()
    page.get_by_role("link", name="Turn into a finding").click()
    page.get_by_label("The problem").fill("Dual arrests of victims who defended themselves")
    page.get_by_label("Institutional method that produces it").select_option("rules")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Dual arrests of victims')")
    assert_accessible(page)
    screenshot(page, "reviews-finding-detail")

    page.get_by_role("link", name="Recommend", exact=True).click()
    page.get_by_label("Owner agency").select_option(label=personas.police.name)
    page.get_by_label("Type", exact=True).select_option("policy")
    page.get_by_label("Recommendation", exact=True).fill("Adopt a primary-aggressor policy.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Adopt a primary-aggressor policy.")

    recommendation = Recommendation.objects.get()
    assert recommendation.owner_agency == personas.police
    assert recommendation.finding is not None
    assert Annotation.objects.get().finding == recommendation.finding
