"""Permission-matrix rows and targets of the survivor compartment.

Records of Riverbend Safe Harbor exist only for its advocate: everybody else gets 404
(403 on the lists, for those who hold no survivor role at all). The shared view of a
record released to the police department answers 200 to its staff (the agency admin,
the DV-unit officer, the patrol officer) and 404 to everybody else, the prosecutor and
the owning advocate included (she reads the record itself).

A record released to the police whose survivor is the victim in a case the patrol
officer is a party to stays closed to him (S6), while his colleagues read it.

A record's access report is the advocate's; the coordinator gets it too once the record
was referred to the high-risk team she coordinates. The police, who read the record under
a release, get the 404 of a record that does not exist.
"""

import datetime
from typing import Any

from ccrhub.tests.permission_matrix_base import OK, Capability, Declaration, Row, each, either_door

ADVOCATE: dict[str, int | str] = {"advocate": 200}
POLICE = ("agency_admin", "police_officer", "party_officer")
POLICE_BUT_THE_PARTY = ("agency_admin", "police_officer")
RECEIVERS = (
    "coordinator",
    "agency_admin",
    "police_officer",
    "prosecutor",
    "probation_officer",
    "party_officer",
    "advocate",
    "outsider",
)


def _lists(answer: int | str) -> dict[str, int | str]:
    return {"advocate": answer}


ROWS: list[Declaration] = [
    Row("survivors:survivor-list", "-", "GET", _lists(200), otherwise=403),
    Row("survivors:survivor-create", "-", "GET", _lists(200), otherwise=403),
    Row("survivors:survivor-create", "-", "POST", _lists(OK), otherwise=403),
    Row("survivors:survivor-detail", "survivor", "GET", ADVOCATE),
    Row("survivors:survivor-edit", "survivor", "GET", ADVOCATE),
    Row("survivors:survivor-edit", "survivor", "POST", {"advocate": OK}),
    Row("survivors:survivor-incident", "survivor", "GET", ADVOCATE),
    Row("survivors:survivor-incident", "survivor", "POST", {"advocate": OK}),
    Row("survivors:release-create", "survivor", "GET", ADVOCATE),
    Row("survivors:release-create", "survivor", "POST", {"advocate": OK}),
    Capability(
        "revoke a release",
        ADVOCATE,
        target="release",
        page=("GET survivors:release-revoke", "POST survivors:release-revoke"),
        api="POST api-survivor-release-revoke",
    ),
    Row("survivors:disclosure-create", "survivor", "GET", ADVOCATE),
    Row("survivors:disclosure-create", "survivor", "POST", {"advocate": OK}),
    Row("survivors:disclosure-detail", "disclosure", "GET", ADVOCATE),
    Row("survivors:disclosure-detail", "disclosure", "POST", {"advocate": OK}),
    Row("survivors:task-complete", "task", "GET", ADVOCATE),
    Row("survivors:task-complete", "task", "POST", {"advocate": OK}),
    Row("survivors:shared-list", "-", "GET", each(RECEIVERS, 200), otherwise=403),
    Capability(
        "read what a release shares",
        each(POLICE, OK),
        target="shared",
        page="GET survivors:shared-detail",
        api="GET api-survivor-shared",
    ),
    Capability(
        "read what a release shares",
        {},
        target="survivor_unreleased",
        page="GET survivors:shared-detail",
        api="GET api-survivor-shared",
    ),
    Capability(
        "read what a release shares",
        each(POLICE_BUT_THE_PARTY, OK),
        target="shared_party",
        page="GET survivors:shared-detail",
        api="GET api-survivor-shared",
    ),
    Capability(
        "read who saw a survivor record",
        ADVOCATE,
        target="survivor",
        page="GET survivors:access-report",
        api="GET api-survivor-access-report",
    ),
    Capability(
        "read who saw a survivor record",
        {**ADVOCATE, "coordinator": OK},
        target="survivor_referred",
        page="GET survivors:access-report",
        api="GET api-survivor-access-report",
    ),
    # The API's releases: on the pages a release is recorded and read on its record.
    Capability(
        "list the agency's releases",
        ADVOCATE,
        otherwise=403,
        api="GET api-survivor-release-list",
        one_door="the pages list a record's releases on the record itself",
    ),
    Capability(
        "record a release",
        ADVOCATE,
        otherwise=403,
        api="POST api-survivor-release-list",
        one_door="the page names the record in its URL (404 for whoever may not see it)",
    ),
    Capability(
        "read a release",
        ADVOCATE,
        target="api_release",
        api="GET api-survivor-release-detail",
        one_door="the pages show a release on its record",
    ),
]
PUBLIC_ROUTES: set[str] = set()


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from django.utils import timezone

    from ccrhub.accounts.restrictions import restrict
    from ccrhub.cases.actions import open_case
    from ccrhub.highrisk.actions import refer_to_conference
    from ccrhub.survivors import actions

    advocate, now = personas.advocate, timezone.now()

    def new_survivor() -> Any:
        return actions.create_survivor(
            personas.vsp, actor=advocate, name="Matrix survivor", address="1 Matrix Way"
        )

    def release(survivor: Any) -> Any:
        return actions.record_release(
            survivor,
            actor=advocate,
            recipient_agency=personas.police,
            categories=["address"],
            purpose="Safety planning",
            signed_at=now - datetime.timedelta(hours=1),
            expires_at=now + datetime.timedelta(days=30),
            told_not_condition_of_service=True,
        )

    shared, to_revoke, unreleased = new_survivor(), new_survivor(), new_survivor()
    shared_release = release(shared)
    revocable = release(to_revoke)
    disclosure = actions.record_disclosure(
        shared,
        actor=advocate,
        instrument="court_order",
        instrument_reference="CV-2026-0142",
        requesting_body="Riverbend Circuit Court",
        categories=["identity"],
        received_on=timezone.localdate(),
    )
    task = disclosure.tasks.get()
    referred = new_survivor()
    release(referred)
    refer_to_conference(
        personas.marac,
        actor=advocate,
        survivor=referred,
        victim_ref="Matrix referred survivor",
        perpetrator_ref="Matrix referred perpetrator",
        referred_on=timezone.localdate(),
        professional_judgement=True,
        judgement_reasons="Threats to kill.",
        consented=True,
    )
    party_case = open_case(
        personas.ccr,
        external_ref="M-SURVIVOR-PARTY",
        offender_ref="o-survivor-party",
        opened_on=datetime.date(2026, 2, 4),
        actor=personas.police_officer,
    )
    restrict(party_case, actor=personas.coordinator, user=personas.party_officer, party=True)
    victim = new_survivor()
    release(victim)
    refer_to_conference(
        personas.marac,
        actor=advocate,
        survivor=victim,
        linked_case=party_case,
        victim_ref="Matrix victim of the party",
        perpetrator_ref="Matrix party officer",
        referred_on=timezone.localdate(),
        professional_judgement=True,
        judgement_reasons="Threats to kill.",
        consented=True,
    )
    return {
        "survivor": either_door(shared.public_id),
        "shared_party": either_door(victim.public_id),
        "shared": either_door(shared.public_id),
        "survivor_unreleased": either_door(unreleased.public_id),
        "release": either_door(revocable.public_id),
        "disclosure": ({"public_id": disclosure.public_id}, {}),
        "task": ({"public_id": task.public_id}, {}),
        "api_release": ({"id": shared_release.public_id}, {}),
        "survivor_referred": either_door(referred.public_id),
    }
