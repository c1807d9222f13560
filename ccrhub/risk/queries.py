"""Reads of the risk area: assessments for lists, wording, re-assessments due."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from ccrhub.risk.instruments import Instrument
from ccrhub.risk.models import Assessment, ContentPack
from ccrhub.survivors.models import Survivor


def assessments_for_list(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """The list screen: one query with who assessed."""
    return queryset.select_related("assessed_by", "survivor").order_by("-assessed_on", "-id")


def wording_for(instrument: Instrument, language: str = "en") -> dict[str, str]:
    """Verbatim item wording from an installed content pack, or {} (forms show gists)."""
    pack = ContentPack.objects.filter(
        instrument_id=instrument.id, instrument_version=instrument.version, language=language
    ).first()
    return dict(pack.wording) if pack is not None else {}


def content_pack_of(instrument: Instrument, language: str = "en") -> ContentPack | None:
    return ContentPack.objects.filter(
        instrument_id=instrument.id, instrument_version=instrument.version, language=language
    ).first()


@dataclass(frozen=True)
class Due:
    survivor: Survivor
    last_assessed_on: datetime.date | None
    reason: str  # "incident" or "interval"


def reassessments_due(*, agency_id: int | None = None, today: Any = None) -> list[Due]:
    """Survivor records whose re-assessment is due: a new incident was reported since,
    or the last assessment is older than RISK_REASSESS_DAYS. Two queries."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.RISK_REASSESS_DAYS)
    survivors = Survivor.objects.annotate(last=Max("assessments__assessed_on")).filter(
        Q(reassessment_due=True) | Q(last__lte=cutoff)
    )
    if agency_id is not None:
        survivors = survivors.filter(owner_agency_id=agency_id)
    return [
        Due(
            survivor=survivor,
            last_assessed_on=survivor.last,
            reason="incident" if survivor.reassessment_due else "interval",
        )
        for survivor in survivors.order_by("owner_agency_id", "pk")
    ]
