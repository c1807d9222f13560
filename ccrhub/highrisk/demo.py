"""The demo county's high-risk team: last month's conference, held, with actions in
every status, and next week's, with its agenda built (a repeat and a case with
children among the referrals) and research returns partly in.

Survivor records and DASH assessments are created here for the referrals that come
from Riverbend Safe Harbor; all names are invented."""

import datetime

from django.conf import settings
from django.utils import timezone

from ccrhub.highrisk import actions
from ccrhub.highrisk.models import TeamSettings
from ccrhub.partners.demo import County, demo_part
from ccrhub.risk.actions import record_assessment
from ccrhub.survivors.actions import create_survivor
from ccrhub.survivors.models import Survivor

# (victim, perpetrator, yes answers of 24, children, days before the next conference)
SAFE_HARBOR = (
    ("Rosa Alvarez 1987-05-14", "Marco Alvarez 1985-02-02", 16, 2, 40),
    ("Jenna Price 1994-11-03", "Tyler Price 1992-07-21", 15, 0, 38),
    ("Rosa Alvarez 1987-05-14", "Marco Alvarez 1985-02-02", 17, 2, 6),  # the repeat
    ("Aisha Mensah 1999-01-30", "Kwame Boateng 1996-09-09", 14, 1, 5),
)

# What the survivor's high-risk advocate is called where the demo runs.
ADVOCATE_TITLE = {"uk": "IDVA", "us": "victim advocate"}


@demo_part
def seed_demo_highrisk(county: County) -> None:
    marac = county.collaboratives["marac"]
    coordinator, advocate = county.users["coordinator"], county.users["advocate"]
    officer = county.users["police_officer"]
    vsp, police = county.agencies["vsp"], county.agencies["police"]
    TeamSettings.objects.get_or_create(
        collaborative=marac, defaults={"adult_women_population": 48_500}
    )
    today = timezone.localdate()
    upcoming = today + datetime.timedelta(days=7)
    held = upcoming - datetime.timedelta(days=28)

    survivors: dict[str, Survivor] = {}  # a repeat referral is the same person's record

    def refer(victim: str, perpetrator: str, yes: int, children: int, before: int) -> None:
        day = upcoming - datetime.timedelta(days=before)
        name, born = victim.rsplit(" ", 1)
        if victim not in survivors:
            survivors[victim] = create_survivor(vsp, actor=advocate, name=name, date_of_birth=born)
        survivor = survivors[victim]
        assessment = record_assessment(
            survivor,
            "dash",
            {f"q{n}": "yes" if n <= yes else "no" for n in range(1, 25)},
            actor=advocate,
            agency=vsp,
            assessed_on=day,
        )
        actions.refer_to_conference(
            marac,
            actor=advocate,
            assessment=assessment,
            victim_ref=victim,
            perpetrator_ref=perpetrator,
            referred_on=day,
            victim_knows=True,
            consented=True,
            children_count=children,
            children_under_18=children > 0,
            victim_minoritised=victim.startswith("Aisha"),
        )

    for victim, perpetrator, yes, children, before in SAFE_HARBOR[:2]:
        refer(victim, perpetrator, yes, children, before)
    last = actions.schedule_conference(marac, held_on=held, cadence="monthly", actor=coordinator)
    entries = actions.build_agenda(last, actor=coordinator)
    for agency_key, name in (
        ("police", "Derek Holloway"),
        ("vsp", "Imani Carter"),
        ("probation", "Samuel Reyes"),
        ("coordination", "Dana Whitfield"),
    ):
        actions.record_attendance(
            last,
            agency=county.agencies[agency_key],
            person_name=name,
            kind="member",
            confidentiality_signed=True,
            actor=coordinator,
        )
    actions.record_attendance(
        last,
        agency=county.agencies["university"],
        person_name="Dr. Nathan Cole",
        kind="observer",
        confidentiality_signed=True,
        actor=coordinator,
    )
    first, second = entries[0], entries[1]
    plan = (
        (first, police, "victim", "Flag the home address on police systems", "complete", ""),
        (first, vsp, "child", "Refer the children to the school safeguarding lead", "open", ""),
        (
            second,
            county.agencies["probation"],
            "perpetrator",
            "Check licence conditions",
            "not_possible",
            "The perpetrator moved out of the area; the new area was told.",
        ),
        (
            second,
            county.agencies["housing"],
            "victim",
            "Assess for a sanctuary scheme",
            "not_done",
            "No officer available this month.",
        ),
        (second, police, "professional", "Brief the patrol teams", "open", ""),
    )
    for entry, agency, target, text, status, note in plan:
        action = actions.record_action(
            entry,
            owner_agency=agency,
            risk_target=target,
            description=text,
            due_on=held + datetime.timedelta(days=14),
            actor=coordinator,
        )
        if status != "open":
            actions.update_action(
                action,
                version=action.version,
                changes={"status": status, "status_note": note},
                actor=coordinator,
            )
    last = actions.save_minutes(
        last,
        version=last.version,
        text="Two cases heard. Actions agreed as listed; reports due before the next meeting.",
        actor=coordinator,
    )
    actions.close_conference(last, actor=coordinator)

    for victim, perpetrator, yes, children, before in SAFE_HARBOR[2:]:
        refer(victim, perpetrator, yes, children, before)
    actions.refer_to_conference(
        marac,
        actor=officer,
        victim_ref="Laura Kim 1990-08-08",
        perpetrator_ref="Evan Kim 1989-03-15",
        referred_on=upcoming - datetime.timedelta(days=4),
        professional_judgement=True,
        judgement_reasons="Strangulation reported at the last call-out.",
        victim_knows=True,
        consented=False,
        without_consent_justification="Serious risk to life; consent sought, refused.",
    )
    nxt = actions.schedule_conference(marac, held_on=upcoming, cadence="monthly", actor=coordinator)
    for entry in actions.build_agenda(nxt, actor=coordinator):
        actions.submit_return(entry, content="Call-out history attached.", actor=officer)
    # The advocate has returned research for the first case only.
    first_case = nxt.cases.order_by("position").first()
    if first_case is not None:
        content = f"Engaged with the {ADVOCATE_TITLE[settings.JURISDICTION]}."
        actions.submit_return(first_case, content=content, actor=advocate)
