"""The demo county's reviews: a safety & accountability audit of the CCR (an annotated
arrest policy, six findings across four institutional methods, recommendations in every
status), a fatality review of the death-review panel (merged chronology from three
agencies, pseudonyms, published anonymised report) and a SART protocol review.
Every name in it is fictional."""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ccrhub.partners.demo import County, demo_part
from ccrhub.reviews import actions
from ccrhub.reviews.models import (
    Answer,
    CollectionMethod,
    Decision,
    DocumentKind,
    Jurisdiction,
    Method,
    NoteKind,
    PersonRole,
    RecommendationStatus,
    ReviewKind,
    TeamRole,
)

ARREST_POLICY = """Riverbend City Police Department, General Order 4.12: Domestic Calls

4.12.3 Officers shall determine whether an offence occurred and may arrest.
4.12.5 Where both parties report injuries, officers should consider arresting both.
4.12.7 The incident report form has no field for prior incidents or threats.
4.12.9 Officers shall give the victim the agency's information card.
"""

# (problem, method, processing point, how produced, measure)
FINDINGS = (
    (
        "Dual arrests where one party acted in self-defence",
        Method.RULES,
        "arrest",
        "GO 4.12.5 invites arresting both parties without a primary-aggressor analysis.",
        "dual_arrest_rate",
    ),
    (
        "History of violence missing from the report the prosecutor reads",
        Method.ADMINISTRATIVE,
        "incident",
        "The report form has no field for prior incidents or threats (GO 4.12.7).",
        "prosecution_rate",
    ),
    (
        "Victims not contacted by an advocate before first appearance",
        Method.LINKAGES,
        "first_appearance",
        "No routine notice from the jail to the advocacy programme when an arrest is made.",
        "",
    ),
    (
        "Bail conditions set without knowledge of risk",
        Method.ADMINISTRATIVE,
        "first_appearance",
        "Pretrial screening does not receive the risk assessment done at the scene.",
        "",
    ),
    (
        "Probation violations answered weeks late",
        Method.RESOURCES,
        "probation_start",
        "Caseloads of 110 leave no time to act on partner reports.",
        "violation_response_days",
    ),
    (
        "Patrol officers never trained on strangulation signs",
        Method.EDUCATION,
        "incident",
        "Academy curriculum covers domestic calls in two hours, without strangulation.",
        "",
    ),
)

# (finding index, owner key, type, text, theme, due in days, status)
RECOMMENDATIONS = (
    (
        0,
        "police",
        "policy",
        "Replace GO 4.12.5 with a primary-aggressor policy.",
        "primary aggressor",
        -20,
        RecommendationStatus.IMPLEMENTED,
    ),
    (
        1,
        "police",
        "form",
        "Add prior incidents and threats to the incident report form.",
        "risk information",
        30,
        RecommendationStatus.IN_PROGRESS,
    ),
    (
        2,
        "vsp",
        "linkage",
        "Jail notifies Safe Harbor of every domestic arrest within 2 hours.",
        "advocate contact",
        -5,
        RecommendationStatus.ACCEPTED,
    ),
    (
        3,
        "court",
        "linkage",
        "Send the scene risk assessment to pretrial screening.",
        "risk information",
        60,
        RecommendationStatus.PROPOSED,
    ),
    (
        4,
        "probation",
        "resource",
        "Fund a second domestic violence probation officer.",
        "caseload",
        90,
        RecommendationStatus.DECLINED,
    ),
    (
        5,
        "police",
        "training",
        "Strangulation training for all patrol officers.",
        "training",
        45,
        RecommendationStatus.PROPOSED,
    ),
)

# (agency key, months before the death, text) — written with pseudonyms only.
CHRONOLOGY = (
    ("police", 14, "Call from Adult A's neighbour reporting shouting; no arrest made."),
    ("hospital", 11, "Adult A treated in the Emergency Department for a wrist injury."),
    ("police", 9, "Adult B arrested for assault on Adult A; charged with misdemeanour assault."),
    ("probation", 6, "Adult B placed on probation; BIP referral made, not enrolled."),
    ("probation", 3, "Adult A's report of threats to the probation officer; no violation filed."),
    ("hospital", 2, "Adult A seen for a head injury; domestic violence screening not completed."),
    ("police", 0, "Police called to the home; Adult A found dead."),
)


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    return today - datetime.timedelta(days=30 * months + 10)


@demo_part
def seed_demo_reviews(county: County) -> None:
    people, agencies = county.users, county.agencies
    coordinator = people["coordinator"]
    today = timezone.localdate()
    _audit(county, coordinator, today)
    if "death_review" in county.collaboratives:
        _death_review(county, coordinator, today)
    _sart_review(county, coordinator, today)
    del agencies


def _audit(county: County, coordinator: Any, today: datetime.date) -> None:
    people, agencies = county.users, county.agencies
    audit = actions.create_review(
        county.collaboratives["ccr"],
        kind=ReviewKind.AUDIT,
        title="Safety & accountability audit: from the 911 call to first appearance",
        question="How are workers organised to leave victims unprotected between the "
        "call for help and the first court appearance?",
        scope_points=["incident", "arrest", "charge_filed", "first_appearance"],
        actor=coordinator,
    )
    for key, role in (
        ("police_officer", TeamRole.AGENCY_MEMBER),
        ("prosecutor", TeamRole.AGENCY_MEMBER),
        ("advocate", TeamRole.ADVOCATE),
    ):
        actions.add_member(audit, user=people[key], role=role, actor=coordinator)
    for method, title, ago in (
        (CollectionMethod.MAP, "Map of case processing from call to first appearance", 80),
        (CollectionMethod.OBSERVATION, "Ride-alongs with patrol, two night shifts", 60),
        (CollectionMethod.INTERVIEW, "Interviews with dispatchers and jail intake", 50),
        (CollectionMethod.SURVIVOR_FOCUS_GROUP, "Focus group with survivors at Safe Harbor", 40),
        (CollectionMethod.TEXT_ANALYSIS, "Text analysis of GO 4.12 and the report form", 35),
        (CollectionMethod.DEBRIEF, "Team debrief", 20),
    ):
        actions.add_record(
            audit,
            method=method,
            title=title,
            planned_on=today - datetime.timedelta(days=ago + 7),
            done_on=today - datetime.timedelta(days=ago),
            actor=coordinator,
        )
    policy = actions.upload_document(
        audit,
        upload=SimpleUploadedFile("go-4-12.txt", ARREST_POLICY.encode(), "text/plain"),
        title="General Order 4.12: Domestic Calls",
        kind=DocumentKind.POLICY,
        agency=agencies["police"],
        actor=coordinator,
    )
    annotation = actions.annotate_document(
        policy,
        location="4.12.5",
        quote="Where both parties report injuries, officers should consider arresting both.",
        note="Invites dual arrest; no primary-aggressor or self-defence analysis.",
        processing_point="arrest",
        actor=people["advocate"],
    )
    findings = []
    for index, (problem, tagged, point, how, measure) in enumerate(FINDINGS):
        findings.append(
            actions.record_finding(
                audit,
                problem=problem,
                method=tagged,
                processing_point=point,
                how_produced=how,
                measure_key=measure,
                annotation=annotation if index == 0 else None,
                actor=coordinator,
            )
        )
    for index, owner, kind, text, theme, due, status in RECOMMENDATIONS:
        recommendation = actions.recommend(
            audit,
            finding=findings[index],
            owner_agency=agencies[owner],
            kind=kind,
            text=text,
            theme=theme,
            due_on=today + datetime.timedelta(days=due),
            actor=coordinator,
        )
        if status != RecommendationStatus.PROPOSED:
            evidence = (
                "General Order 4.12 reissued; dual arrests down."
                if status == RecommendationStatus.IMPLEMENTED
                else ""
            )
            actions.update_recommendation(
                recommendation,
                version=recommendation.version,
                changes={"status": status, "evidence": evidence},
                actor=coordinator,
            )


def _death_review(county: County, coordinator: Any, today: datetime.date) -> None:
    people, agencies = county.users, county.agencies
    died_on = today - datetime.timedelta(days=400)
    review = actions.create_review(
        county.collaboratives["death_review"],
        kind=ReviewKind.DEATH,
        title="Fatality review: Adult A",
        question="What could agencies have done differently in the fourteen months before "
        "Adult A's death?",
        jurisdiction=Jurisdiction.US,
        notified_on=died_on + datetime.timedelta(days=3),
        actor=coordinator,
    )
    actions.add_member(
        review,
        user=people["agency_admin"],
        role=TeamRole.PANEL_MEMBER,
        confidentiality_signed_on=died_on + datetime.timedelta(days=200),
        actor=coordinator,
    )
    actions.record_confidentiality(
        review.members.get(user=coordinator),
        signed_on=died_on + datetime.timedelta(days=200),
        actor=coordinator,
    )
    actions.update_review(
        review, version=review.version, changes={"proceedings_closed": True}, actor=coordinator
    )
    review.refresh_from_db()
    actions.record_decision(
        review,
        decision=Decision.COMMISSIONED,
        decided_on=died_on + datetime.timedelta(days=210),
        actor=coordinator,
    )
    actions.add_person(
        review,
        role=PersonRole.VICTIM,
        real_name="Marisol Quintero",
        date_of_birth=datetime.date(1987, 4, 12),
        pseudonym="Adult A",
        actor=coordinator,
    )
    actions.add_person(
        review,
        role=PersonRole.PERPETRATOR,
        real_name="Wade Harlan",
        date_of_birth=datetime.date(1984, 9, 30),
        pseudonym="Adult B",
        actor=coordinator,
    )
    for key in ("police", "hospital", "probation"):
        request = actions.request_chronology(
            review,
            agency=agencies[key],
            due_on=today - datetime.timedelta(days=150),
            actor=coordinator,
        )
        actions.mark_chronology_returned(request, actor=coordinator)
    for key, months, text in CHRONOLOGY:
        actions.record_chronology_entry(
            review,
            agency=agencies[key],
            occurred_on=_months_ago(died_on, months),
            text=text,
            actor=coordinator,
        )
    actions.add_note(
        review,
        kind=NoteKind.FAMILY,
        on=died_on + datetime.timedelta(days=230),
        text="Adult A's sister met the chair; she described earlier threats.",
        actor=coordinator,
    )
    review.refresh_from_db()
    actions.update_review(
        review,
        version=review.version,
        changes={
            "summary": "Adult A was seen by three agencies in the fourteen months before "
            "her death. Threats reported to probation were not treated as violations, "
            "and health screening for domestic violence was not completed.",
            "terms_of_reference": "Contact with Adult A and Adult B by any agency in "
            "the fourteen months before the death.",
            "status": "quality",
        },
        actor=coordinator,
    )
    finding = actions.record_finding(
        review,
        problem="Threats reported to probation were not acted on as violations",
        method=Method.ACCOUNTABILITY,
        processing_point="probation_start",
        actor=coordinator,
    )
    actions.recommend(
        review,
        finding=finding,
        owner_agency=agencies["probation"],
        kind="policy",
        text="Treat reported threats as probation violations and respond within 7 days.",
        theme="risk information",
        due_on=today + datetime.timedelta(days=60),
        actor=coordinator,
    )
    actions.add_note(
        review,
        kind=NoteKind.QUALITY,
        text="The summary should name the screening gap at the hospital.",
        actor=coordinator,
    )
    review.refresh_from_db()
    actions.publish_review(review, actor=coordinator)


def _sart_review(county: County, coordinator: Any, today: datetime.date) -> None:
    review = actions.create_review(
        county.collaboratives["sart"],
        kind=ReviewKind.SART,
        title="SART protocol review: a response in the spring",
        question="Was the protocol followed from the hospital's call-out onward?",
        response_on=today - datetime.timedelta(days=75),
        actor=coordinator,
    )
    actions.add_member(
        review, user=county.users["police_officer"], role=TeamRole.AGENCY_MEMBER, actor=coordinator
    )
    for number, item in enumerate(review.checklist.select_related("agency")):
        late = number % 3 == 2
        actions.answer_check(
            item,
            contacted=Answer.YES,
            fulfilled=Answer.PARTLY if late else Answer.YES,
            went_well="Arrived within the hour." if not late else "",
            did_not="Called out late." if late else "",
            actor=coordinator,
        )
