"""The demo county's meetings: the CCR's monthly meeting (second Thursday, 9:30), whose
latest past meeting has an agenda built partly from the facilitation templates,
attendance, approved minutes and action items, two of them overdue for two agencies."""

import datetime

from django.utils import timezone

from ccrhub.meetings import actions, recurrence
from ccrhub.meetings.models import ActionStatus, AttendanceStatus, Meeting
from ccrhub.partners.demo import County, demo_part

MINUTES = """Welcome and introductions. The chair reminded everyone that the CCR looks at how
systems respond: no individual survivor is discussed here.

Arrest and charging: the police department reported that dual arrests fell this quarter
after the primary-aggressor training. The prosecutor's office will share its charging
guidance with the group.

Probation: violations are answered more slowly than the protocol asks. Community
Corrections will bring figures on response times to the next meeting.

What we continue: joint training on strangulation; advocates at first appearance.
What we stop: sending protection-order paperwork by post."""


def second_thursday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    offset = (3 - first.weekday()) % 7  # Thursday is weekday 3
    return first + datetime.timedelta(days=offset + 7)


def _months_back(today: datetime.date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - months
    return index // 12, index % 12 + 1


@demo_part
def seed_demo_meetings(county: County) -> None:
    people = county.users
    coordinator, ccr = people["coordinator"], county.collaboratives["ccr"]
    today = timezone.localdate()
    year, month = _months_back(today, 3)
    first_day = second_thursday(year, month)
    first = datetime.datetime.combine(
        first_day, datetime.time(9, 30), tzinfo=recurrence.local_zone()
    )
    series = actions.create_series(
        ccr,
        title="Riverbend CCR monthly meeting",
        rrule="FREQ=MONTHLY;BYDAY=+2TH",
        first_starts_at=first,
        location="Riverbend County Government Center, Room 204",
        actor=coordinator,
    )
    past = series.meetings.filter(starts_at__lt=timezone.now()).order_by("-starts_at").first()
    if past is None:
        return
    _agenda(past, county)
    _attendance(past, county)
    meeting = actions.save_minutes(
        past, version=past.version, text=MINUTES, restricted=False, actor=coordinator
    )
    actions.approve_minutes(meeting, version=meeting.version, actor=coordinator)
    _action_items(past, county, today)
    _decisions(past, county)
    upcoming = series.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    if upcoming is not None:
        actions.add_template_to_agenda(upcoming, key="continue_or_start", actor=coordinator)
        actions.add_agenda_item(
            upcoming,
            title="Probation violation response times",
            owner=people["probation_officer"],
            minutes=15,
            actor=coordinator,
        )


def _agenda(meeting: Meeting, county: County) -> None:
    people, coordinator = county.users, county.users["coordinator"]
    actions.add_agenda_item(
        meeting, title="Welcome and introductions", owner=coordinator, minutes=10, actor=coordinator
    )
    actions.add_agenda_item(
        meeting,
        title="Arrest and charging: the quarter's figures",
        owner=people["police_officer"],
        minutes=20,
        actor=coordinator,
    )
    actions.add_template_to_agenda(meeting, key="continue_or_start", actor=coordinator)
    actions.add_template_to_agenda(meeting, key="avoid_or_stop", actor=coordinator)


def _attendance(meeting: Meeting, county: County) -> None:
    people = county.users
    present = ("coordinator", "police_officer", "prosecutor", "advocate", "agency_admin")
    entries = [
        actions.AttendanceEntry(people[key], AttendanceStatus.PRESENT, True) for key in present
    ]
    entries.append(actions.AttendanceEntry(people["probation_officer"], AttendanceStatus.APOLOGIES))
    entries.append(
        actions.AttendanceEntry(people["community_member"], AttendanceStatus.OBSERVER, True)
    )
    actions.record_attendance(meeting, entries=entries, actor=people["coordinator"])


def _action_items(meeting: Meeting, county: County, today: datetime.date) -> None:
    people, agencies = county.users, county.agencies
    coordinator, ccr = people["coordinator"], county.collaboratives["ccr"]
    specs = (
        ("Share the charging guidance with the group", "prosecutor", "prosecutor", 14),
        ("Report dual-arrest figures by quarter", "police", "police_officer", -10),
        ("Bring violation response times to the next meeting", "probation", None, -5),
        ("Circulate the primary-aggressor training dates", "police", None, -20),
    )
    items = []
    for title, agency_key, owner_key, due_in in specs:
        items.append(
            actions.create_action_item(
                ccr,
                meeting=meeting,
                title=title,
                owner_agency=agencies[agency_key],
                owner=people[owner_key] if owner_key else None,
                due_on=today + datetime.timedelta(days=due_in),
                actor=coordinator,
            )
        )
    done = items[3]
    actions.update_action_item(
        done,
        version=done.version,
        changes={"status": ActionStatus.DONE, "status_note": "Sent to all members."},
        actor=coordinator,
    )


def _decisions(meeting: Meeting, county: County) -> None:
    """Two decisions of the meeting: one agreed per agency, one anonymous per person."""
    people, ccr = county.users, county.collaboratives["ccr"]
    coordinator = people["coordinator"]
    votes = (
        (
            "Adopt the revised primary-aggressor guidance for patrol",
            "agency",
            False,
            {"police_officer": "agree", "prosecutor": "agree", "advocate": "agree"},
            "Primary-aggressor guidance, version 2",
        ),
        (
            "Pay survivor advisors for their time at CCR meetings",
            "person",
            True,
            {
                "advocate": "agree",
                "prosecutor": "agree",
                "probation_officer": "abstain",
                "community_member": "agree",
            },
            "",
        ),
    )
    for title, unit, anonymous, choices, adopted in votes:
        decision = actions.create_decision(
            ccr,
            title=title,
            voting_unit=unit,
            anonymous=anonymous,
            meeting=meeting,
            actor=coordinator,
        )
        actions.open_decision(decision, actor=coordinator)
        for persona, choice in choices.items():
            actions.cast_vote(decision, choice=choice, actor=people[persona])
        actions.close_decision(
            decision, outcome="adopted", adopted_reference=adopted, actor=coordinator
        )


@demo_part
def seed_demo_foundations(county: County) -> None:
    """The CCR's foundations: mission statement version 1, adopted by a decision at an
    earlier monthly meeting; a chair whose term ends soon, a co-chair and the
    coordinator; cross-training half done; two paid participants (one stipend owed,
    one paid); one one-to-one in the coordinator's private log."""
    from decimal import Decimal

    from ccrhub.meetings import crosstraining, participation
    from ccrhub.partners import foundations_actions as foundations

    people, agencies = county.users, county.agencies
    coordinator, ccr = people["coordinator"], county.collaboratives["ccr"]
    today = timezone.localdate()
    past = list(
        Meeting.objects.filter(collaborative=ccr, starts_at__lt=timezone.now()).order_by(
            "-starts_at"
        )[:2]
    )
    mission = foundations.draft_mission_version(ccr, text=ccr.mission, actor=coordinator)
    foundations.propose_mission_version(mission, actor=coordinator)
    decision = actions.create_decision(
        ccr,
        title="Adopt the mission statement",
        voting_unit="agency",
        meeting=None,
        actor=coordinator,
    )
    actions.open_decision(decision, actor=coordinator)
    for persona in ("police_officer", "prosecutor", "advocate", "probation_officer"):
        actions.cast_vote(decision, choice="agree", actor=people[persona])
    actions.close_decision(decision, outcome="adopted", adopts=mission, actor=coordinator)

    terms = (
        ("chair", "prosecutor", -700, 30),
        ("co_chair", "advocate", -200, 530),
        ("coordinator", "coordinator", -900, None),
    )
    for position, persona, start, end in terms:
        foundations.appoint_leader(
            ccr,
            position=position,
            user=people[persona],
            starts_on=today + datetime.timedelta(days=start),
            ends_on=today + datetime.timedelta(days=end) if end is not None else None,
            actor=coordinator,
        )

    now = timezone.now()
    sessions = (
        ("police", "How patrol answers a domestic call", -40, ("prosecutor", "advocate")),
        ("vsp", "Safe Harbor: shelter, advocacy and the hotline", -20, ("police_officer",)),
        ("prosecutor", "Charging decisions and victim-witness services", 25, ()),
    )
    for agency_key, title, days, attendees in sessions:
        session = crosstraining.schedule_training_session(
            ccr,
            agency=agencies[agency_key],
            title=title,
            starts_at=now + datetime.timedelta(days=days),
            services="What the agency does for survivors and for the other agencies.",
            hours="Weekdays 8:00–17:00; on call at night.",
            policies="The policies members asked about, with their numbers.",
            contacts="The duty desk, by telephone.",
            actor=coordinator,
        )
        if attendees:
            crosstraining.record_training_attendance(
                session, attendees=[people[p] for p in attendees], actor=coordinator
            )

    advisor = participation.add_participant(
        ccr,
        kind="survivor_advisor",
        name="Maya R.",
        hourly_rate=Decimal("30.00"),
        actor=coordinator,
    )
    partner = participation.add_participant(
        ccr,
        kind="community_partner",
        name="Pastor James Ellis",
        hourly_rate=Decimal("25.00"),
        actor=coordinator,
    )
    participation.record_participation(
        advisor,
        on=past[0].starts_at.date() if past else today,
        hours=Decimal("2.5"),
        meeting=past[0] if past else None,
        activity="" if past else "CCR meeting",
        actor=coordinator,
    )
    paid = participation.record_participation(
        partner,
        on=today - datetime.timedelta(days=12),
        hours=Decimal("3"),
        activity="Community listening session",
        actor=coordinator,
    )
    participation.pay_participation(paid, actor=coordinator)

    foundations.log_one_to_one(
        ccr,
        met_on=today - datetime.timedelta(days=9),
        agency=agencies["police"],
        person="Lieutenant, Domestic Violence Unit",
        notes="Open to sharing arrest figures by quarter; worried about staffing.",
        follow_up="Send the figures template.",
        follow_up_on=today + datetime.timedelta(days=5),
        actor=coordinator,
    )
