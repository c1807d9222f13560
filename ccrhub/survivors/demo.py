"""The demo county's survivor compartment: Riverbend Safe Harbor (the advocate's agency)
holds two survivor records with DASH assessments — one at 16 (visible high risk), one
at 12 referred by professional judgement — a valid release to the police department
for the address of the first, and an expired one for the second. All names and
addresses are invented."""

import datetime

from django.utils import timezone

from ccrhub.partners.demo import County, demo_part
from ccrhub.risk.actions import record_assessment
from ccrhub.survivors import actions
from ccrhub.survivors.models import Release


def _yes(count: int) -> dict[str, dict[str, str]]:
    return {
        f"q{number}": {"answer": "yes", "source": "survivor", "comment": ""}
        for number in range(1, count + 1)
    }


@demo_part
def seed_demo_survivors(county: County) -> None:
    advocate = county.users["advocate"]
    vsp, police = county.agencies["vsp"], county.agencies["police"]
    today, now = timezone.localdate(), timezone.now()
    first = actions.create_survivor(
        vsp,
        actor=advocate,
        name="Dana Okafor-Lind",
        address="27 Willowmere Court, Riverbend",
        phone="555-0199",
        safe_contact="Text only, weekdays after 3 pm",
    )
    second = actions.create_survivor(
        vsp,
        actor=advocate,
        name="Rosa Elmquist",
        address="9 Fairbrook Row, Riverbend",
        address_confidentiality=True,
        substitute_address="PO Box 3302, Riverbend ACP",
    )
    record_assessment(
        first,
        "dash",
        _yes(16),
        actor=advocate,
        agency=vsp,
        assessed_on=today - datetime.timedelta(days=10),
    )
    record_assessment(
        second,
        "dash",
        _yes(12),
        actor=advocate,
        agency=vsp,
        assessed_on=today - datetime.timedelta(days=4),
        judgement_raised=True,
        judgement_reasons="Threats escalated after the protection order was served.",
    )
    actions.record_release(
        first,
        actor=advocate,
        recipient_agency=police,
        categories=["address"],
        purpose="Priority response flag on the address",
        signed_at=now - datetime.timedelta(days=9),
        expires_at=now + datetime.timedelta(days=80),
        told_not_condition_of_service=True,
    )
    expired = actions.record_release(
        second,
        actor=advocate,
        recipient_agency=police,
        categories=["contact"],
        purpose="Follow-up after the incident report",
        signed_at=now - datetime.timedelta(days=3),
        expires_at=now + datetime.timedelta(days=1),
        told_not_condition_of_service=True,
    )
    # Its expiry has passed: recorded as it was, then dated back.
    Release.objects.filter(pk=expired.pk).update(expires_at=now - datetime.timedelta(days=1))
