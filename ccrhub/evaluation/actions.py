"""Every change to goals, indicators, measurements, reviews, stories, report settings
and exports; each audited in the transaction that makes it. Audit details hold ids,
kinds and counts only: titles, descriptions and stories never enter the trail."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.evaluation import registry
from ccrhub.evaluation.models import (
    Export,
    Goal,
    Indicator,
    Measurement,
    ProgressReview,
    ReportSettings,
    Source,
    Story,
    Unit,
)
from ccrhub.lib import tabular
from ccrhub.lib.concurrency import save_if_current
from ccrhub.lib.tabular import Table
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import can

GOAL_CHANGES = frozenset({"title", "description", "owner", "position"})
INDICATOR_CHANGES = frozenset(
    {
        "title",
        "question",
        "level",
        "source",
        "measure",
        "unit",
        "source_note",
        "baseline",
        "target",
        "direction",
        "is_public",
        "position",
    }
)
STORY_CHANGES = frozenset({"title", "body", "language", "is_published", "written_on"})


def _require_manager(actor: User, collaborative_id: int) -> None:
    if not can(actor, "evaluation.manage", collaborative_id):
        raise PermissionDenied


@transaction.atomic
def create_goal(
    collaborative: Collaborative,
    *,
    actor: User,
    title: str,
    description: str = "",
    owner: Any = None,
    position: int = 0,
) -> Goal:
    _require_manager(actor, collaborative.pk)
    goal = Goal.objects.create(
        collaborative=collaborative,
        title=title,
        description=description,
        owner=owner,
        position=position,
        created_by=actor,
    )
    record(actor=actor, action="evaluation.goal_created", target=goal)
    return goal


@transaction.atomic
def update_goal(goal: Goal, *, actor: User, changes: dict[str, Any], expected_version: int) -> Goal:
    _require_manager(actor, goal.collaborative_id)
    unknown = set(changes) - GOAL_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    save_if_current(goal, expected_version, changes)
    record(
        actor=actor,
        action="evaluation.goal_updated",
        target=goal,
        details={"fields": sorted(changes)},
    )
    return goal


def _check_indicator(data: dict[str, Any]) -> None:
    if data.get("source") == Source.COMPUTED:
        measure = registry.get(data.get("measure") or "")
        if measure is None:
            raise ValidationError({"measure": [_("Choose a measure for a computed indicator.")]})
        data["unit"] = measure.unit
    else:
        data["measure"] = ""
        if not (data.get("source_note") or "").strip():
            raise ValidationError({"source_note": [_("Say where hand-entered figures come from.")]})


@transaction.atomic
def create_indicator(goal: Goal, *, actor: User, **data: Any) -> Indicator:
    _require_manager(actor, goal.collaborative_id)
    unknown = set(data) - INDICATOR_CHANGES
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    _check_indicator(data)
    indicator = Indicator.objects.create(goal=goal, created_by=actor, **data)
    record(
        actor=actor,
        action="evaluation.indicator_created",
        target=indicator,
        details={"source": indicator.source, "measure": indicator.measure},
    )
    return indicator


@transaction.atomic
def update_indicator(
    indicator: Indicator,
    *,
    actor: User,
    changes: dict[str, Any],
    expected_version: int,
) -> Indicator:
    _require_manager(actor, indicator.goal.collaborative_id)
    unknown = set(changes) - INDICATOR_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    merged = {name: getattr(indicator, name) for name in INDICATOR_CHANGES} | changes
    _check_indicator(merged)
    fields = sorted(set(changes) | {"measure", "unit"})
    save_if_current(indicator, expected_version, {name: merged[name] for name in fields})
    record(
        actor=actor,
        action="evaluation.indicator_updated",
        target=indicator,
        details={"fields": sorted(changes)},
    )
    return indicator


@transaction.atomic
def record_measurement(
    indicator: Indicator,
    *,
    actor: User,
    period_start: datetime.date,
    period_end: datetime.date,
    numerator: int,
    denominator: int | None = None,
    source: str = "",
) -> Measurement:
    """A hand-entered figure for one period; entering a period again replaces it."""
    _require_manager(actor, indicator.goal.collaborative_id)
    if indicator.source != Source.MANUAL:
        raise ValidationError(_("Figures of a computed indicator come from live data."))
    if period_end < period_start:
        raise ValidationError({"period_end": [_("The end cannot be before the start.")]})
    if numerator < 0 or (denominator is not None and denominator < 0):
        raise ValidationError({"numerator": [_("Counts are never negative.")]})
    if indicator.unit == Unit.SHARE:
        if denominator is None:
            raise ValidationError({"denominator": [_("A share needs its denominator.")]})
        if numerator > denominator:
            raise ValidationError(
                {"numerator": [_("The numerator cannot exceed the denominator.")]}
            )
    else:
        denominator = None
    measurement, created = Measurement.objects.update_or_create(
        indicator=indicator,
        period_start=period_start,
        defaults={
            "period_end": period_end,
            "numerator": numerator,
            "denominator": denominator,
            "source": source,
            "entered_by": actor,
        },
    )
    record(
        actor=actor,
        action="evaluation.measurement_recorded",
        target=indicator,
        details={"measurement_id": measurement.pk, "replaced": not created},
    )
    return measurement


@transaction.atomic
def record_review(
    collaborative: Collaborative,
    *,
    actor: User,
    held_on: datetime.date,
    goal: Goal | None = None,
    continue_doing: str = "",
    start_doing: str = "",
    stop_doing: str = "",
    gaps: str = "",
    successes: str = "",
) -> ProgressReview:
    _require_manager(actor, collaborative.pk)
    if goal is not None and goal.collaborative_id != collaborative.pk:
        raise ValidationError({"goal": [_("This goal belongs to another collaborative.")]})
    answers = [continue_doing, start_doing, stop_doing, gaps, successes]
    if not any(a.strip() for a in answers):
        raise ValidationError(_("Answer at least one of the review's questions."))
    review = ProgressReview.objects.create(
        collaborative=collaborative,
        goal=goal,
        held_on=held_on,
        continue_doing=continue_doing,
        start_doing=start_doing,
        stop_doing=stop_doing,
        gaps=gaps,
        successes=successes,
        created_by=actor,
    )
    record(actor=actor, action="evaluation.review_recorded", target=review)
    return review


@transaction.atomic
def write_story(
    collaborative: Collaborative,
    *,
    actor: User,
    title: str,
    body: str,
    written_on: datetime.date,
    language: str = "en",
    is_published: bool = False,
) -> Story:
    _require_manager(actor, collaborative.pk)
    story = Story.objects.create(
        collaborative=collaborative,
        title=title,
        body=body,
        written_on=written_on,
        language=language,
        is_published=is_published,
        created_by=actor,
    )
    record(
        actor=actor,
        action="evaluation.story_written",
        target=story,
        details={"published": is_published, "language": language},
    )
    return story


@transaction.atomic
def update_story(story: Story, *, actor: User, changes: dict[str, Any]) -> Story:
    _require_manager(actor, story.collaborative_id)
    unknown = set(changes) - STORY_CHANGES
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(story, name, value)
    story.save(update_fields=list(changes))
    record(
        actor=actor,
        action="evaluation.story_updated",
        target=story,
        details={"fields": sorted(changes), "published": story.is_published},
    )
    return story


@transaction.atomic
def set_report_settings(
    collaborative: Collaborative,
    *,
    actor: User,
    is_public: bool,
    intro: str = "",
    adult_women: int | None = None,
) -> ReportSettings:
    _require_manager(actor, collaborative.pk)
    found, _created = ReportSettings.objects.update_or_create(
        collaborative=collaborative,
        defaults={"is_public": is_public, "intro": intro, "adult_women": adult_women},
    )
    record(
        actor=actor,
        action="evaluation.report_settings_changed",
        target=collaborative,
        details={"public": is_public},
    )
    return found


@transaction.atomic
def create_export(
    collaborative: Collaborative,
    *,
    actor: User,
    format: str,
    purpose: str,
    table: Table,
) -> Export:
    """Write the table and store the file for its maker until it expires; audited with
    the ids of its rows (ids only) and the purpose."""
    if not can(actor, "exports.create", collaborative.pk):
        raise PermissionDenied
    if not purpose.strip():
        raise ValidationError({"purpose": [_("Say what the export is for.")]})
    export = Export.objects.create(
        collaborative=collaborative,
        format=format,
        purpose=purpose.strip(),
        content=tabular.write(table, format=format, excel_bom=True),
        row_count=len(table.row_ids),
        created_by=actor,
        expires_at=tabular.expires_at(),
    )
    tabular.audit(
        [table],
        action="evaluation.exported",
        purpose=purpose,
        actor=actor,
        target=export,
        format=format,
    )
    return export


@transaction.atomic
def record_download(export: Export, *, actor: User) -> None:
    record(actor=actor, action="evaluation.export_downloaded", target=export)
