"""No path shows a survivor's address to a police user without a valid release (US) or
recorded basis (UK): agenda, meeting, minutes, research returns, actions, API, e-mails
and the data return. The same pages show it to the owning advocate, and to the police
once a release covers it, so the absence is not an accident of the fixtures."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ccrhub.highrisk import actions
from ccrhub.highrisk.tests.conftest import ADDRESS, conference, dash, survivor_of
from ccrhub.survivors.actions import record_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Any, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    survivor = survivor_of(personas)
    assessment = dash(personas, survivor)
    referral = actions.refer_to_conference(
        personas.marac,
        actor=personas.advocate,
        assessment=assessment,
        victim_ref="Maria Lopez 1990-04-12",
        perpetrator_ref="Dan Lopez 1988-01-30",
        referred_on=datetime.date(2026, 3, 2),
        consented=True,
        victim_knows=True,
        safe_contacts="Sister, evenings",
    )
    meeting = conference(personas)
    (entry,) = actions.build_agenda(meeting, actor=personas.coordinator)
    actions.submit_return(entry, content="Two call-outs.", actor=personas.police_officer)
    action = actions.record_action(
        entry,
        owner_agency=personas.police,
        risk_target="victim",
        description="Flag the home on police systems",
        due_on=datetime.date(2026, 3, 20),
        actor=personas.coordinator,
    )
    for agency, name in ((personas.police, "Sgt. Reyes"), (personas.vsp, "Imani Carter")):
        actions.record_attendance(
            meeting,
            agency=agency,
            person_name=name,
            kind="member",
            confidentiality_signed=True,
            actor=personas.coordinator,
        )
    meeting = actions.save_minutes(
        meeting, version=1, text="Safety plan agreed.", actor=personas.coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.distribute_minutes(meeting, actor=personas.coordinator)
    actions.chase_returns(meeting)
    return {"survivor": survivor, "referral": referral, "conference": meeting, "action": action}


def _pages(world: dict[str, Any]) -> list[str]:
    c, r, a = world["conference"].public_id, world["referral"].public_id, world["action"].public_id
    return [
        reverse("highrisk:referral-list"),
        reverse("highrisk:referral-detail", args=[r]),
        reverse("highrisk:conference-detail", args=[c]),
        reverse("highrisk:meeting", args=[c]),
        reverse("highrisk:minutes", args=[c]),
        reverse("highrisk:returns", args=[c]),
        reverse("highrisk:action-report", args=[c]),
        reverse("highrisk:action-list"),
        reverse("highrisk:action-detail", args=[a]),
        "/api/v1/highrisk/referrals/",
        f"/api/v1/highrisk/referrals/{r}",
        f"/api/v1/highrisk/conferences/{c}/agenda",
        "/api/v1/highrisk/actions/",
        f"/api/v1/highrisk/actions/{a}",
    ]


def _everything(client: Any, world: dict[str, Any]) -> str:
    bodies = []
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    return "\n".join(bodies)


def test_the_police_see_no_address_anywhere(personas: Any, client_as: Any, world: Any):
    seen = _everything(client_as(personas.police_officer), world)
    assert "Larkspur" not in seen
    assert "Maria Lopez" not in seen  # nor the name, without a release


def test_the_coordinator_sees_no_address_either(personas: Any, client_as: Any, world: Any):
    assert "Larkspur" not in _everything(client_as(personas.coordinator), world)
    team = personas.marac.public_id
    csv = client_as(personas.coordinator).get(
        reverse("highrisk:data-return", args=[team]) + "?quarter=2026-03-12"
    )
    assert csv.status_code == 200 and "Larkspur" not in csv.content.decode()


def test_no_email_carries_the_address(world: Any):
    assert mail.outbox
    for message in mail.outbox:
        assert "Larkspur" not in message.subject + message.body
        assert "Maria" not in message.body


def test_the_owning_advocate_sees_it(personas: Any, client_as: Any, world: Any):
    url = reverse("highrisk:referral-detail", args=[world["referral"].public_id])
    assert ADDRESS in client_as(personas.advocate).get(url).content.decode()


def test_a_valid_release_lets_the_police_see_it_on_the_referral(
    personas: Any, client_as: Any, world: Any
):
    url = reverse("highrisk:referral-detail", args=[world["referral"].public_id])
    now = timezone.now()
    given = record_release(
        world["survivor"],
        actor=personas.advocate,
        recipient_agency=personas.police,
        categories=["identity", "address"],
        purpose="High-risk safety planning",
        expires_at=now + datetime.timedelta(days=30),
        signed_at=now - datetime.timedelta(minutes=5),
        told_not_condition_of_service=True,
    )
    assert ADDRESS in client_as(personas.police_officer).get(url).content.decode()
    # Seen across the agency line: audited, without the data itself.
    from ccrhub.audit.models import AuditEvent

    [view] = AuditEvent.objects.filter(
        action="survivors.shared_viewed", actor=personas.police_officer
    )
    assert view.details == {
        "categories": ["address", "identity"],
        "via": "highrisk:referral",
        "basis": "release",
        "releases": [str(given.public_id)],
    }
    client_as(personas.advocate).get(url)  # the owning agency's own reads are not "shared"
    assert not AuditEvent.objects.filter(
        action="survivors.shared_viewed", actor=personas.advocate
    ).exists()
    # The agenda, minutes and API still never carry it.
    for page in _pages(world)[2:]:
        if page.startswith("/api/") or "minutes" in page or "meeting" in page:
            assert "Larkspur" not in client_as(personas.police_officer).get(page).content.decode()


def test_an_address_confidentiality_participant_shows_only_the_substitute(
    personas: Any, client_as: Any, world: Any
):
    survivor = world["survivor"]
    survivor.address_confidentiality = True
    survivor.substitute_address = "PO Box 9, Riverbend"
    survivor.save(update_fields=["address_confidentiality", "substitute_address"])
    now = timezone.now()
    record_release(
        survivor,
        actor=personas.advocate,
        recipient_agency=personas.police,
        categories=["identity", "address"],
        purpose="High-risk safety planning",
        expires_at=now + datetime.timedelta(days=30),
        signed_at=now - datetime.timedelta(minutes=5),
        told_not_condition_of_service=True,
    )
    url = reverse("highrisk:referral-detail", args=[world["referral"].public_id])
    body = client_as(personas.police_officer).get(url).content.decode()
    assert "Larkspur" not in body and "PO Box 9" in body
