"""The demo county's protocols: in the Riverbend CCR, a domestic violence arrest and
response protocol with two versions (version 2 in force, signed by some member agencies
and not others, asking patrol and prosecutors to be re-trained), an MOU in review, and
the roles & responsibilities matrix loaded from its template. The SART has a draft
response protocol built on the SART purposes (protocol development and systems review).
"""

import datetime
from pathlib import Path

from django.utils import timezone

from ccrhub.accounts.models import User
from ccrhub.partners.demo import County, demo_part
from ccrhub.protocols import actions
from ccrhub.protocols.models import Protocol

DATA = Path(__file__).parent / "data"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8").strip()


ARREST_V1 = _text("demo_arrest_v1.txt")
ARREST_V2 = _text("demo_arrest_v2.txt")
MOU_TEXT = _text("demo_mou.txt")
SART_TEXT = _text("demo_sart.txt")

# Agencies that signed version 1 and version 2: (agency key, signer, title).
SIGNED_V1 = (
    ("coordination", "Dana Whitfield", "Coordinator"),
    ("police", "Marcus Bell", "Deputy Chief"),
    ("sheriff", "Frank Osei", "Undersheriff"),
    ("prosecutor", "Nora Castellanos", "Chief Deputy County Attorney"),
    ("vsp", "Hannah Brooks", "Executive Director"),
    ("probation", "Grace Lindqvist", "Domestic Violence Supervisor"),
)
SIGNED_V2 = (
    ("coordination", "Dana Whitfield", "Coordinator"),
    ("police", "Marcus Bell", "Deputy Chief"),
    ("vsp", "Hannah Brooks", "Executive Director"),
    ("prosecutor", "Nora Castellanos", "Chief Deputy County Attorney"),
)


def _adopt(protocol: Protocol, coordinator: User) -> None:
    actions.submit_for_review(protocol, actor=coordinator, version=protocol.version)
    actions.adopt_version(protocol, actor=coordinator, version=protocol.version)


@demo_part
def seed_demo_protocols(county: County) -> None:
    coordinator, ccr, sart = (
        county.users["coordinator"],
        county.collaboratives["ccr"],
        county.collaboratives["sart"],
    )
    today = timezone.localdate()
    arrest = actions.create_protocol(
        ccr,
        actor=coordinator,
        kind="protocol",
        title="Domestic violence arrest and response protocol",
        text=ARREST_V1,
        change_summary="First protocol agreed by the CCR.",
        review_due_on=today + datetime.timedelta(days=21),
        governed_stages=["incident", "arrest", "charge_filed"],
    )
    _adopt(arrest, coordinator)
    for key, signer, title in SIGNED_V1:
        actions.sign_version(
            arrest.current_version,  # type: ignore[arg-type]
            actor=coordinator,
            agency=county.agencies[key],
            signer_name=signer,
            signer_title=title,
        )
    actions.save_draft(
        arrest,
        actor=coordinator,
        version=arrest.version,
        kind="protocol",
        title=arrest.title,
        text=ARREST_V2,
        change_summary=(
            "Predominant-aggressor determination, reasons for not arresting, two-day "
            "report transfer, advocate call from the scene, same-day response to "
            "protection-order violations."
        ),
        review_due_on=arrest.review_due_on,
        governed_stages=["incident", "arrest", "charge_filed"],
        retraining_roles=["law_enforcement", "prosecution"],
    )
    _adopt(arrest, coordinator)
    for key, signer, title in SIGNED_V2:
        actions.sign_version(
            arrest.current_version,  # type: ignore[arg-type]
            actor=coordinator,
            agency=county.agencies[key],
            signer_name=signer,
            signer_title=title,
        )
    mou = actions.create_protocol(
        ccr,
        actor=coordinator,
        kind="mou",
        title="Memorandum of understanding: probation and batterer intervention",
        text=MOU_TEXT,
        change_summary="Drafted by the offender accountability workgroup.",
        review_due_on=today + datetime.timedelta(days=180),
        governed_stages=["probation_start", "bip_enrolment", "bip_completion"],
    )
    actions.submit_for_review(mou, actor=coordinator, version=mou.version)
    actions.create_protocol(
        sart,
        actor=coordinator,
        kind="protocol",
        title="Sexual assault response protocol",
        text=SART_TEXT,
        change_summary="First draft from the SART purposes.",
        review_due_on=today - datetime.timedelta(days=10),
    )
    actions.load_responsibility_template(ccr, actor=coordinator)
