"""Recording risk assessments; audited in the transaction that makes them.

The score, band and threshold come from the instrument definition, never from the
caller. Professional judgement may raise the outcome (reasons required) and never
lowers it: a met threshold stays met. Audit details hold ids and outcomes only,
never the answers.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.partners.models import Agency
from ccrhub.risk import instruments
from ccrhub.risk.models import Assessment
from ccrhub.survivors.actions import create_survivor
from ccrhub.survivors.models import Survivor


@transaction.atomic
def record_assessment(
    survivor: Survivor | None,
    instrument_id: str,
    answers: Mapping[str, Any],
    *,
    actor: User,
    agency: Agency,
    assessed_on: datetime.date,
    judgement_raised: bool = False,
    judgement_reasons: str = "",
    version: str | None = None,
    language: str = "en",
) -> Assessment:
    """Score `answers` with the instrument and store the assessment in the survivor's
    compartment (the assessing agency must own the record). Without a survivor, a new
    minimal record of the assessing agency is created with it: both or neither."""
    if getattr(actor, "agency_id", None) != agency.pk:
        raise PermissionDenied
    if survivor is not None and agency.pk != survivor.owner_agency_id:
        raise PermissionDenied
    instrument = scorable_instrument(instrument_id, version)
    try:
        normalised = instrument.normalise(answers)
        score, band, met = instrument.outcome(normalised)
    except instruments.InstrumentError as error:
        raise ValidationError({"answers": [str(error)]}) from error
    reasons = judgement_reasons.strip()
    if judgement_raised and not reasons:
        raise ValidationError(
            {"judgement_reasons": [_("Give the reasons for the professional judgement.")]}
        )
    if not judgement_raised:
        reasons = ""
    if survivor is None:
        survivor = create_survivor(agency, actor=actor)
    if met:
        # Nothing to raise: judgement never changes a met threshold, either way.
        judgement_raised = False
    assessment = Assessment.objects.create(
        survivor=survivor,
        agency=agency,
        assessed_by=actor,
        assessed_on=assessed_on,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        language=language,
        licence_ref=instrument.licence_ref,
        answers=normalised,
        score=score,
        band=band,
        meets_threshold=met,
        judgement_raised=judgement_raised,
        judgement_reasons=reasons,
    )
    if survivor.reassessment_due:
        survivor.reassessment_due = False
        survivor.save(update_fields=["reassessment_due"])
    record(
        actor=actor,
        action="risk.assessed",
        target=assessment,
        compartment=f"vsp:{survivor.owner_agency_id}",
        details={
            "survivor": str(survivor.public_id),
            "instrument": instrument.id,
            "version": instrument.version,
            "score": score,
            "band": band,
            "meets_threshold": met,
            "judgement_raised": judgement_raised,
        },
    )
    return assessment


def scorable_instrument(instrument_id: str, version: str | None = None) -> instruments.Instrument:
    """The instrument to score with; schema-only instruments cannot be scored here."""
    try:
        instrument = instruments.get(instrument_id, version)
    except instruments.InstrumentError:
        raise ValidationError({"instrument": [_("Unknown instrument or version.")]}) from None
    if instrument.schema_only:
        raise ValidationError(
            {"instrument": [_("This instrument is schema-only: it cannot be scored here.")]}
        )
    return instrument
