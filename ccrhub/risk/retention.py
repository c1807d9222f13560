"""Retention of assessment narratives: comments, sources and judgement reasons go;
the instrument, answers, score and band stay for the agency's history and measures."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ccrhub.retention.registry import Category, register
from ccrhub.risk.models import Assessment

NARRATIVE_KEYS = ("comment", "source")


def _strip(answers: dict[str, Any]) -> dict[str, Any]:
    return {
        item: {k: v for k, v in answer.items() if k not in NARRATIVE_KEYS}
        if isinstance(answer, dict)
        else answer
        for item, answer in answers.items()
    }


def _has_narrative(assessment: Assessment) -> bool:
    in_answers = any(
        isinstance(a, dict) and any(a.get(k) for k in NARRATIVE_KEYS)
        for a in assessment.answers.values()
    )
    return in_answers or bool(assessment.judgement_reasons)


def _due(cutoff: datetime) -> Iterable[str]:
    old = Assessment.objects.filter(created_at__lt=cutoff).only(
        "public_id", "answers", "judgement_reasons"
    )
    return (str(a.public_id) for a in old.iterator() if _has_narrative(a))


def _purge(public_id: str) -> list[str]:
    assessment = Assessment.objects.filter(public_id=public_id).first()
    if assessment is None:
        return []
    Assessment.objects.filter(pk=assessment.pk).update(
        answers=_strip(assessment.answers), judgement_reasons=""
    )
    return ["answers.comment", "answers.source", "judgement_reasons"]


register(
    Category(
        name="assessment_narratives",
        description="Free text of risk assessments (comments, sources, judgement reasons).",
        due=_due,
        purge_one=_purge,
        object_type="risk.assessment",
    )
)
