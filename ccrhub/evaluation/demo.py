"""The demo county's evaluation: the Riverbend CCR's three goals, indicators computed
from live data (arrests, outreach, agreed actions) and one entered by hand (calls to
the hotline, from the victim-service provider's own records), a progress review in
the questions of the facilitation guide, two stories of change, and a public report.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from ccrhub.evaluation import actions
from ccrhub.evaluation.disclosure import quarters_back
from ccrhub.partners.demo import County, demo_part

HOTLINE_CALLS = (118, 131, 127, 142, 150, 163, 158, 171)

STORIES = (
    (
        "en",
        "Advocates at first appearance",
        "Since spring an advocate from Safe Harbor sits in court at every first appearance. "
        "Judges now hear about safety concerns before release conditions are set, and "
        "no-contact orders are explained to both sides in plain words.",
    ),
    (
        "es",
        "Intérpretes en la línea de ayuda",
        "La línea de ayuda atiende ahora en español a cualquier hora, con intérpretes "
        "formadas por Casa Luz. Más familias de habla hispana piden apoyo antes de que la "
        "violencia empeore.",
    ),
)


@demo_part
def seed_demo_evaluation(county: County) -> None:
    coordinator, ccr = county.users["coordinator"], county.collaboratives["ccr"]
    today = timezone.localdate()
    safety = actions.create_goal(
        ccr,
        title="Survivors can reach help, in their language, any time",
        description="Every survivor in Riverbend County knows where to turn and gets an answer.",
        owner=county.users["advocate"],
        position=1,
        actor=coordinator,
    )
    accountability = actions.create_goal(
        ccr,
        title="Offenders are held accountable, swiftly and surely",
        description="Arrest, charging and BIP follow the protocol; violations get an answer.",
        owner=county.users["prosecutor"],
        position=2,
        actor=coordinator,
    )
    community = actions.create_goal(
        ccr,
        title="The whole community responds",
        description="Schools, faith communities and workplaces know how to respond to disclosure.",
        owner=coordinator,
        position=3,
        actor=coordinator,
    )
    hotline = actions.create_indicator(
        safety,
        title="Calls answered by the 24-hour hotline",
        question="how_much",
        level="performance",
        source="manual",
        unit="count",
        source_note="Riverbend Safe Harbor call records",
        baseline=Decimal(120),
        target=Decimal(160),
        direction="up",
        is_public=True,
        position=1,
        actor=coordinator,
    )
    for (start, end), calls in zip(quarters_back(today, 8), HOTLINE_CALLS, strict=True):
        actions.record_measurement(
            hotline,
            period_start=start,
            period_end=end,
            numerator=calls,
            source="Safe Harbor call log, quarterly total",
            actor=coordinator,
        )
    actions.create_indicator(
        accountability,
        title="Arrest rate in reported incidents",
        question="how_well",
        level="performance",
        source="computed",
        measure="arrest_rate",
        baseline=Decimal("0.45"),
        target=Decimal("0.55"),
        direction="up",
        is_public=True,
        actor=coordinator,
    )
    actions.create_indicator(
        accountability,
        title="BIP completion",
        question="better_off",
        level="performance",
        source="computed",
        measure="bip_completion_rate",
        target=Decimal("0.6"),
        direction="up",
        actor=coordinator,
    )
    actions.create_indicator(
        community,
        title="People reached by community education",
        question="how_much",
        level="population",
        source="computed",
        measure="outreach_people_reached",
        target=Decimal(1000),
        direction="up",
        is_public=True,
        actor=coordinator,
    )
    actions.create_indicator(
        community,
        title="Agreed actions completed on time",
        question="how_well",
        level="performance",
        source="computed",
        measure="action_items_completed",
        target=Decimal("0.8"),
        direction="up",
        actor=coordinator,
    )
    actions.record_review(
        ccr,
        held_on=today - datetime.timedelta(days=20),
        continue_doing="Joint strangulation training; advocates at first appearance.",
        start_doing="Share the prosecutor's charging guidance with patrol officers.",
        stop_doing="Sending protection-order paperwork by post.",
        gaps="No outreach at the relationship level; violations are answered slowly.",
        successes="Dual arrests fell after the primary-aggressor training.",
        actor=coordinator,
    )
    for language, title, body in STORIES:
        actions.write_story(
            ccr,
            title=title,
            body=body,
            language=language,
            is_published=True,
            written_on=today - datetime.timedelta(days=30),
            actor=coordinator,
        )
    actions.set_report_settings(
        ccr,
        is_public=True,
        intro="The Riverbend County CCR brings together advocates, police, prosecutors, "
        "courts, probation and the community.",
        adult_women=21400,
        actor=coordinator,
    )
