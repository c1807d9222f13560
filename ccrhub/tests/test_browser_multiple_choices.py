"""Every form with a field of several choices, in a real browser: two boxes ticked are two
values saved, the form reopened shows both ticked, and opening it and saving it again
keeps every field as it was (no stored choice silently dropped).

The forms: a protocol's draft (stages it governs, roles to re-train), a responsibility
(agencies responsible), who attended a cross-training session, a review (processing
points in scope), an outreach activity (socio-ecological levels), a directory service
(needs, languages, places, days open), a release of information and a compelled
disclosure (categories), and a court order (conditions). The last three are recorded
once and never edited: their boxes are read back from a refused submission and from
the page that shows the saved record."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from ccrhub.cases.actions import open_case
from ccrhub.cases.models import Order
from ccrhub.directory.demo import build_directory
from ccrhub.directory.models import Service
from ccrhub.lib.tests.browser import assert_accessible, login_in_browser, screenshot
from ccrhub.meetings import crosstraining
from ccrhub.outreach.models import Activity
from ccrhub.protocols.models import Protocol, Responsibility
from ccrhub.reviews.models import Review
from ccrhub.survivors import actions as survivor_actions
from ccrhub.survivors.models import CompelledDisclosure, Release

pytestmark = pytest.mark.browser

FORM = "form.usa-form--large"
# Not what the person entered: the form's anti-forgery token and its edit counter.
BOOKKEEPING = {"csrfmiddlewaretoken", "version"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def at(page: Any, browser_server: Any) -> Iterator[Any]:
    """`at(user, path)`: the page, signed in as `user`, showing `path`."""

    def go(user: Any, path: str) -> Any:
        login_in_browser(page.context, user, browser_server)
        page.set_default_timeout(10_000)
        page.goto(f"{browser_server.url}{path}")
        return page

    yield go


def boxes(page: Any, name: str) -> Any:
    return page.locator(f"{FORM} input[name='{name}']")


def kinds(page: Any, name: str) -> set[str]:
    return set(boxes(page, name).evaluate_all("els => els.map(e => e.type)"))


def ticked(page: Any, name: str) -> list[str]:
    return list(
        page.locator(f"{FORM} input[name='{name}']:checked").evaluate_all(
            "els => els.map(e => e.value)"
        )
    )


def tick(page: Any, name: str, *values: str) -> None:
    """Click the label of each box, as a person with a mouse does (the USWDS input
    itself is drawn off-screen; its label is the box they see)."""
    for value in values:
        box = page.locator(f"{FORM} input[name='{name}'][value='{value}']")
        page.locator(f"{FORM} label[for='{box.get_attribute('id')}']").click()


def form_values(page: Any) -> dict[str, list[str]]:
    """Everything the form would send, as a browser builds it, but the bookkeeping."""
    values: dict[str, list[str]] = page.locator(FORM).evaluate(
        """form => {
            const out = {};
            for (const [name, value] of new FormData(form)) {
                (out[name] ||= []).push(typeof value === "string" ? value : value.name);
            }
            return out;
        }"""
    )
    return {name: sorted(v) for name, v in values.items() if name not in BOOKKEEPING}


def save(page: Any, done: str, button: str = "Save") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector(f".usa-alert--success:has-text('{done}')")


def look(page: Any, name: str) -> None:
    """The form passes axe; a picture of it at desktop and at phone width."""
    assert_accessible(page)
    screenshot(page, f"choices-{name}-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, f"choices-{name}-390")
    page.set_viewport_size(DESKTOP)


def reopen_and_save_unchanged(
    page: Any,
    url: str,
    done: str,
    button: str = "Save",
    *,
    entered: dict[str, list[str]],
    **stored: list[str],
) -> None:
    """Open the edit form: each multiple field shows what is stored, and every field
    the person filled in before reads as they entered it. Save it untouched; reopened,
    every field reads as before."""
    page.goto(url)
    for name, values in stored.items():
        assert kinds(page, name) == {"checkbox"}, name
        assert sorted(ticked(page, name)) == sorted(values), name
    before = form_values(page)
    assert {k: v for k, v in entered.items() if k in before} == {
        k: v for k, v in before.items() if k in entered
    }
    save(page, done, button)
    page.goto(url)
    assert form_values(page) == before


def test_a_protocol_draft_keeps_both_stages_and_both_roles(
    at: Any, browser_server: Any, personas: Any
) -> None:
    page = at(personas.coordinator, "/protocols/new/")
    page.get_by_label("Collaborative", exact=True).select_option(label=personas.ccr.name)
    page.get_by_label("Title", exact=True).fill("Arrest and charging protocol")
    page.get_by_label("Kind", exact=True).select_option("protocol")
    page.get_by_label("Text", exact=True).fill("Officers identify the predominant aggressor.")
    tick(page, "governed_stages", "arrest", "charge_filed")
    tick(page, "retraining_roles", "law_enforcement", "prosecution")
    entered = form_values(page)
    save(page, "Draft saved.", button="Save draft")

    protocol = Protocol.objects.get(title="Arrest and charging protocol")
    assert protocol.governed_stages == ["arrest", "charge_filed"]
    assert protocol.versions.get().retraining_roles == ["law_enforcement", "prosecution"]
    edit = f"{browser_server.url}/protocols/{protocol.public_id}/edit/"
    reopen_and_save_unchanged(
        page,
        edit,
        "Draft saved.",
        "Save draft",
        entered=entered,
        governed_stages=["arrest", "charge_filed"],
        retraining_roles=["law_enforcement", "prosecution"],
    )
    protocol.refresh_from_db()
    assert protocol.governed_stages == ["arrest", "charge_filed"]
    assert protocol.versions.get().retraining_roles == ["law_enforcement", "prosecution"]
    look(page, "protocol")


def test_a_responsibility_keeps_both_agencies_ticked_by_keyboard(
    at: Any, browser_server: Any, personas: Any
) -> None:
    page = at(personas.coordinator, f"/protocols/responsibilities/{personas.ccr.public_id}/add/")
    page.get_by_label("Area", exact=True).fill("Law enforcement")
    page.get_by_label("Responsibility", exact=True).fill("Serve protection orders promptly")
    first, second = boxes(page, "agencies").evaluate_all("els => els.slice(0, 2).map(e => e.id)")
    # From the text field, Tab reaches each box and Space ticks it.
    page.get_by_label("Responsibility", exact=True).focus()
    for box in (first, second):
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == box
        page.keyboard.press("Space")
    screenshot(page, "choices-responsibility-keyboard-focus", full_page=False)
    chosen = ticked(page, "agencies")
    assert len(chosen) == 2
    entered = form_values(page)
    save(page, "Responsibility added.")

    row = Responsibility.objects.get(text="Serve protection orders promptly")
    assert sorted(str(a.public_id) for a in row.agencies.all()) == sorted(chosen)
    edit = f"{browser_server.url}/protocols/responsibility/{row.public_id}/edit/"
    reopen_and_save_unchanged(page, edit, "Responsibility saved.", entered=entered, agencies=chosen)
    assert sorted(str(a.public_id) for a in row.agencies.all()) == sorted(chosen)
    look(page, "responsibility")


def test_training_attendance_keeps_both_people(at: Any, browser_server: Any, personas: Any) -> None:
    session = crosstraining.schedule_training_session(
        personas.ccr,
        agency=personas.police,
        title="What the DV unit does",
        starts_at=datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC),
        actor=personas.coordinator,
    )
    url = f"/meetings/training/session/{session.public_id}/attendance/"
    page = at(personas.coordinator, url)
    people = [str(personas.advocate.public_id), str(personas.prosecutor.public_id)]
    assert kinds(page, "attendees") == {"checkbox"}
    tick(page, "attendees", *people)
    entered = form_values(page)
    save(page, "Attendance recorded: 2 people.", button="Save attendance")

    attended = session.attendance.values_list("user__public_id", flat=True)
    assert sorted(str(p) for p in attended) == sorted(people)
    reopen_and_save_unchanged(
        page,
        f"{browser_server.url}{url}",
        "Attendance recorded: 2 people.",
        "Save attendance",
        entered=entered,
        attendees=people,
    )
    assert sorted(str(p) for p in attended) == sorted(people)
    look(page, "training-attendance")


def test_a_review_keeps_both_processing_points(at: Any, browser_server: Any, personas: Any) -> None:
    page = at(personas.coordinator, "/reviews/new/")
    page.get_by_label("Collaborative", exact=True).select_option(label=personas.ccr.name)
    page.get_by_label("Kind of review").select_option("audit")
    page.get_by_label("Title", exact=True).fill("Audit of the arrest response")
    tick(page, "scope_points", "arrest", "first_appearance")
    entered = form_values(page)
    save(page, "Review created.")

    review = Review.objects.get(title="Audit of the arrest response")
    assert review.scope_points == ["arrest", "first_appearance"]
    edit = f"{browser_server.url}/reviews/{review.public_id}/edit/"
    reopen_and_save_unchanged(
        page, edit, "Review saved.", entered=entered, scope_points=["arrest", "first_appearance"]
    )
    review.refresh_from_db()
    assert review.scope_points == ["arrest", "first_appearance"]
    look(page, "review")


def test_an_outreach_activity_keeps_both_levels(
    at: Any, browser_server: Any, personas: Any
) -> None:
    page = at(personas.coordinator, "/outreach/new/")
    page.get_by_label("Collaborative", exact=True).select_option(label=personas.ccr.name)
    page.get_by_label("Title", exact=True).fill("Faith leaders: responding to disclosure")
    page.get_by_label("Kind", exact=True).select_option("training")
    page.get_by_label("Date (or first day)").fill("2026-04-14")
    page.get_by_label("Delivering agency").select_option(label=personas.vsp.name)
    page.get_by_label("Setting", exact=True).select_option("faith")
    page.get_by_label("Audience size (people reached)").fill("34")
    tick(page, "levels", "relationship", "community")
    entered = form_values(page)
    save(page, "Activity recorded.")

    activity = Activity.objects.get()
    assert activity.levels == ["relationship", "community"]
    edit = f"{browser_server.url}/outreach/{activity.public_id}/edit/"
    reopen_and_save_unchanged(
        page, edit, "Activity saved.", entered=entered, levels=["relationship", "community"]
    )
    activity.refresh_from_db()
    assert activity.levels == ["relationship", "community"]
    look(page, "outreach")


def test_a_directory_service_keeps_every_need_language_place_and_day(
    at: Any, browser_server: Any, personas: Any
) -> None:
    directory = build_directory(personas.county)
    # Safe Harbor's advocacy: two needs, weekdays 9 to 5, English, one of two places.
    service: Service = directory["services"]["advocacy"]
    terms = sorted(str(t.pk) for t in service.taxonomy_terms.all())
    assert len(terms) == 2
    edit = f"/directory/services/{service.public_id}/edit/"
    page = at(personas.coordinator, edit)
    assert sorted(ticked(page, "taxonomy_terms")) == terms
    assert sorted(ticked(page, "weekdays")) == ["0", "1", "2", "3", "4"]
    tick(
        page, "languages", *[code for code in ("en", "es") if code not in ticked(page, "languages")]
    )
    tick(page, "weekdays", "5")
    places = boxes(page, "locations").evaluate_all("els => els.map(e => e.value)")
    assert len(places) == 2 and len(ticked(page, "locations")) == 1
    tick(page, "locations", *[p for p in places if p not in ticked(page, "locations")])
    entered = form_values(page)
    save(page, "Changes saved.")

    languages = sorted(service.languages.values_list("code", flat=True))
    assert languages == ["en", "es"]
    assert sorted(service.schedules.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4, 5]
    assert sorted(str(t.pk) for t in service.taxonomy_terms.all()) == terms
    located = sorted(str(s.location_id) for s in service.at_locations.all())
    assert located == sorted(places)
    reopen_and_save_unchanged(
        page,
        f"{browser_server.url}{edit}",
        "Changes saved.",
        entered=entered,
        taxonomy_terms=terms,
        languages=languages,
        weekdays=["0", "1", "2", "3", "4", "5"],
        locations=located,
    )
    assert sorted(service.languages.values_list("code", flat=True)) == languages
    assert sorted(service.schedules.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4, 5]
    look(page, "directory-service")


def confirm_password(page: Any, personas: Any) -> None:
    """A release and a disclosure ask the advocate for her password before they are saved."""
    page.wait_for_selector("h1:has-text('Confirm it is you')")
    page.get_by_label("Password", exact=True).fill(personas.password("advocate"))
    page.get_by_role("button", name="Confirm").click()


def make_survivor(personas: Any) -> Any:
    return survivor_actions.create_survivor(
        personas.vsp, actor=personas.advocate, name="Marisol Vantongeren", address="14 Lane"
    )


def test_a_release_keeps_both_categories(at: Any, browser_server: Any, personas: Any) -> None:
    survivor = make_survivor(personas)
    page = at(personas.advocate, f"/survivors/{survivor.public_id}/releases/new/")
    now = datetime.datetime.now()
    page.get_by_label("Recipient agency").select_option(label=personas.police.name)
    tick(page, "categories", "contact", "address")
    page.get_by_label("Purpose", exact=True).fill("Safety planning with the DV unit")
    page.get_by_label("Expires on").fill(
        (now + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    )
    # Refused (no date signed, no not-a-condition statement): both boxes stay ticked.
    page.get_by_role("button", name="Record").click()
    confirm_password(page, personas)
    page.wait_for_selector(".usa-error-message")
    assert kinds(page, "categories") == {"checkbox"}
    assert sorted(ticked(page, "categories")) == ["address", "contact"]
    look(page, "release")
    page.get_by_label("Signed (or agreed) on").fill(
        (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_text("The survivor was told that services do not depend on this release").click()
    save(page, "Recorded.", button="Record")

    assert sorted(Release.objects.get().categories) == ["address", "contact"]
    released = page.locator("td", has_text="contact").first.inner_text()
    assert "contact" in released and "address" in released


def test_a_compelled_disclosure_keeps_both_categories(
    at: Any, browser_server: Any, personas: Any
) -> None:
    survivor = make_survivor(personas)
    page = at(personas.advocate, f"/survivors/{survivor.public_id}/disclosures/new/")
    page.get_by_label("Legal instrument").select_option("court_order")
    page.get_by_label("Reference (case or docket)").fill("CR-2026-77")
    tick(page, "categories", "identity", "risk")
    # Refused (no date received): both boxes stay ticked.
    page.get_by_role("button", name="Record").click()
    confirm_password(page, personas)
    page.wait_for_selector(".usa-error-message")
    assert kinds(page, "categories") == {"checkbox"}
    assert sorted(ticked(page, "categories")) == ["identity", "risk"]
    page.get_by_label("Requested by").fill("Defence counsel")
    page.get_by_label("Received on").fill("2026-03-10")
    save(page, "Disclosure recorded", button="Record")

    assert sorted(CompelledDisclosure.objects.get().categories) == ["identity", "risk"]
    shown = page.locator("dd", has_text="identity").inner_text()
    assert "identity" in shown and "risk" in shown


def test_a_court_order_keeps_both_conditions(at: Any, browser_server: Any, personas: Any) -> None:
    case = open_case(
        personas.ccr,
        external_ref="RPD-2026-0001",
        offender_ref="P-778812",
        opened_on=datetime.date(2026, 3, 2),
        actor=personas.police_officer,
    )
    page = at(personas.coordinator, f"/cases/{case.public_id}/orders/new/")
    page.get_by_label("Kind of order").select_option("protection_order")
    page.get_by_label("Recorded for agency").select_option(label=personas.court.name)
    assert kinds(page, "conditions") == {"checkbox"}
    tick(page, "conditions", "no_contact", "firearms_surrender")
    # Refused (no date issued): both boxes stay ticked.
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".usa-error-message")
    assert sorted(ticked(page, "conditions")) == ["firearms_surrender", "no_contact"]
    look(page, "order")
    page.get_by_label("Issued on").fill("2026-03-10")
    save(page, "Order recorded.")

    assert sorted(Order.objects.get().conditions) == ["firearms_surrender", "no_contact"]
