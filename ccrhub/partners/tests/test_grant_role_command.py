"""`manage.py grant_role`: the operator gives what nobody may give in the product (S5).

A new advocate joins Riverbend Safe Harbor. Nobody who gives roles in the Riverbend CCR
holds survivor permissions, so the coordinator cannot make her an advocate; the operator
does, at the console, and the audit trail says an operator gave it, without her e-mail.
"""

import json
import uuid
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ccrhub.audit.models import AuditEvent
from ccrhub.partners import actions
from ccrhub.partners.models import Collaborative, Representative
from ccrhub.partners.tests.test_support import make_user

pytestmark = pytest.mark.django_db


def grant(*args: str) -> str:
    out = StringIO()
    call_command("grant_role", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def new_advocate(personas: Any) -> Any:
    return make_user(agency=personas.vsp)


def test_the_operator_makes_a_new_colleague_an_advocate(personas: Any, new_advocate: Any) -> None:
    with pytest.raises(actions.RoleBeyondYourOwn):
        actions.grant_role(
            personas.ccr, user=new_advocate, role="advocate", actor=personas.coordinator
        )
    said = grant(
        "--user", new_advocate.email.upper(), "--role", "advocate",
        "--collaborative", str(personas.ccr.public_id), "--agency", personas.vsp.short_code,
    )  # fmt: skip
    assert "Advocate given" in said and new_advocate.email not in said
    held = Representative.objects.get(user=new_advocate, collaborative=personas.ccr, is_active=True)
    assert held.role == "advocate" and held.granted_by is None
    event = AuditEvent.objects.get(action="role.granted", details__user=str(new_advocate.public_id))
    assert event.actor is None and event.details["granted_by"] == "operator_console"
    assert new_advocate.email not in json.dumps(event.details)


def test_the_operator_names_the_first_coordinator_of_a_new_collaborative(
    personas: Any,
) -> None:
    team = Collaborative.objects.create(name="Riverbend DV court team", kind="court_management")
    first = make_user(agency=personas.coordinating_agency)
    grant(
        "--user", first.email, "--role", "coordinator",
        "--collaborative", str(team.public_id), "--agency", personas.coordinating_agency.short_code,
    )  # fmt: skip
    assert Representative.objects.filter(user=first, collaborative=team, role="coordinator")
    added = AuditEvent.objects.get(action="membership.added", collaborative=team)
    assert added.actor is None and added.details["added_by"] == "operator_console"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"--user": "nobody@example.org"}, "No account has this e-mail address."),
        ({"--role": "superhero"}, "Unknown role 'superhero'."),
        ({"--collaborative": str(uuid.uuid4())}, "No active collaborative has the id"),
        ({"--collaborative": "riverbend"}, "No active collaborative has the id"),
        ({"--agency": "nowhere"}, "No agency has the short code 'nowhere'."),
        ({"--agency": "__police__"}, "This person does not belong to the agency"),
    ],
)
def test_the_command_refuses_what_it_cannot_find_and_writes_nothing(
    personas: Any, new_advocate: Any, change: dict[str, str], says: str
) -> None:
    options = {
        "--user": new_advocate.email,
        "--role": "advocate",
        "--collaborative": str(personas.ccr.public_id),
        "--agency": personas.vsp.short_code,
    }
    if change.get("--agency") == "__police__":
        change = {"--agency": personas.police.short_code}
    options.update(change)
    with pytest.raises(CommandError, match=says):
        grant(*(part for pair in options.items() for part in pair))
    assert not Representative.objects.filter(user=new_advocate).exists()
    assert not AuditEvent.objects.filter(action="role.granted").exists()


def test_the_command_refuses_staff_of_an_agency_that_is_not_a_member(personas: Any) -> None:
    stranger = make_user(agency=personas.neighbour_police)
    with pytest.raises(CommandError, match="not a member of the collaborative"):
        grant(
            "--user", stranger.email, "--role", "member",
            "--collaborative", str(personas.ccr.public_id),
        )  # fmt: skip
