"""Validation: every row converted to event drafts or to errors, the whole file as a plan."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.cases import imports
from ccrhub.cases import stages as stage_model
from ccrhub.cases.access import owns
from ccrhub.cases.actions import REFERENCE_UNAVAILABLE, refuse_taken_reference
from ccrhub.cases.imports.mapping import (
    AGGRESSORS,
    SEX_SYNONYMS,
    SEXES,
    EventSpec,
    Layout,
    resolve_layout,
)
from ccrhub.cases.imports.reading import FileProblem, _error, cell_text, parse_date, rows_of
from ccrhub.cases.imports.rights import acts_for_every_agency, member_agencies
from ccrhub.cases.models import Case, Event, ImportJob
from ccrhub.partners.models import Agency


@dataclass
class Draft:
    """One event as it will be stored, with its case's attributes."""

    row: int
    case_ref: str
    offender_ref: str
    stage: str
    occurred_on: datetime.date
    agency_id: int
    outcome: str
    track: str
    victim_ref: str
    offender_sex: str
    victim_sex: str
    primary_aggressor: str


@dataclass
class Context:
    """What a row is checked against: the collaborative's agencies and the importer."""

    collaborative_id: int
    agencies: dict[str, Agency]  # lower-cased public id or short code → agency
    allowed_agency_ids: frozenset[int]

    @classmethod
    def for_import(cls, collaborative_id: int, actor: Any) -> Context:
        agencies: dict[str, Agency] = {}
        for agency in member_agencies(collaborative_id):
            agencies[str(agency.public_id)] = agency
            agencies[agency.short_code.lower()] = agency
        if acts_for_every_agency(actor, collaborative_id):
            allowed = frozenset(a.pk for a in agencies.values())
        else:
            own: int | None = getattr(actor, "agency_id", None)
            allowed = frozenset() if own is None else frozenset({own})
        return cls(collaborative_id, agencies, allowed)


class RowConverter:
    """Turns one source row into event drafts, or into errors by column (never values)."""

    def __init__(self, layout: Layout, context: Context) -> None:
        self.layout = layout
        self.context = context
        self.today = timezone.localdate()

    def column(self, key: str, fallback: str = "") -> str:
        return self.layout.names.get(key, fallback or key)

    def text(self, cells: list[Any], key: str) -> str:
        position = self.layout.index.get(key)
        if position is None or position >= len(cells):
            return ""
        return cell_text(cells[position])

    def convert(self, row: int, cells: list[Any]) -> tuple[list[Draft], list[dict[str, Any]]]:
        errors: list[dict[str, Any]] = []
        if all(cell_text(cell) == "" for cell in cells):
            return [], []  # a blank line
        if len(cells) > imports.MAX_COLUMNS:
            return [], [_error(row, "", _("Too many cells in this row."))]
        if any(isinstance(cell, str) and len(cell) > imports.MAX_CELL_CHARS for cell in cells):
            return [], [_error(row, "", _("A cell in this row is too long."))]
        case_ref = self._reference(row, cells, "case_ref", errors, required=True)
        offender_ref = self._reference(row, cells, "offender_ref", errors, required=True)
        track = self._reference(row, cells, "charge_ref", errors, required=False)
        victim_ref = self._reference(row, cells, "victim_ref", errors, required=False)
        agency_id = self._agency(row, cells, errors)
        offender_sex = self._coded(row, cells, "offender_sex", SEXES, errors)
        victim_sex = self._coded(row, cells, "victim_sex", SEXES, errors)
        aggressor = self._coded(row, cells, "primary_aggressor", AGGRESSORS, errors)
        events = []
        for spec, stage_at, date_at, outcome_at in self.layout.specs:
            date_cell = cells[date_at] if date_at < len(cells) else None
            if self.layout.wide and cell_text(date_cell) == "":
                continue  # a wide export's row without this event (yet)
            stage = spec.stage or self._stage(row, cells, stage_at, spec, errors)
            occurred_on = self._date(row, date_cell, spec.date_column, errors)
            outcome = self._outcome(row, cells, outcome_at, spec, stage, errors)
            if stage and occurred_on and outcome is not None:
                events.append((stage, occurred_on, outcome, "" if spec.case_level else track))
        if errors or agency_id is None:
            return [], errors
        drafts = [
            Draft(
                row=row,
                case_ref=case_ref,
                offender_ref=offender_ref,
                stage=stage,
                occurred_on=occurred_on,
                agency_id=agency_id,
                outcome=outcome,
                track=event_track,
                victim_ref=victim_ref,
                offender_sex=offender_sex,
                victim_sex=victim_sex,
                primary_aggressor=aggressor,
            )
            for stage, occurred_on, outcome, event_track in events
        ]
        return drafts, []

    def _reference(
        self, row: int, cells: list[Any], key: str, errors: list[dict[str, Any]], *, required: bool
    ) -> str:
        value = self.text(cells, key)
        if required and not value:
            errors.append(_error(row, self.column(key), _("A value is required.")))
        elif len(value) > 64:
            errors.append(_error(row, self.column(key), _("Longer than 64 characters.")))
        return value

    def _agency(self, row: int, cells: list[Any], errors: list[dict[str, Any]]) -> int | None:
        value = self.text(cells, "agency").lower()
        if not value:
            if self.layout.default_agency_id is None:
                errors.append(_error(row, self.column("agency"), _("A value is required.")))
                return None
            agency_id = self.layout.default_agency_id
        else:
            agency = self.context.agencies.get(value)
            if agency is None:
                errors.append(
                    _error(
                        row,
                        self.column("agency"),
                        _("Unknown agency: not a member of this collaborative."),
                    )
                )
                return None
            agency_id = agency.pk
        if agency_id not in self.context.allowed_agency_ids:
            errors.append(
                _error(
                    row, self.column("agency"), _("You may import only your own agency's events.")
                )
            )
            return None
        return agency_id

    def _mapped(self, key: str, raw: str) -> str:
        codes = self.layout.values.get(key)
        if codes:
            found = codes.get(raw.lower())
            if found is not None:
                return found
        return raw.lower()

    def _coded(
        self,
        row: int,
        cells: list[Any],
        key: str,
        allowed: frozenset[str],
        errors: list[dict[str, Any]],
    ) -> str:
        raw = self.text(cells, key)
        if not raw:
            return ""
        value = self._mapped(key, raw)
        if key.endswith("_sex"):
            value = SEX_SYNONYMS.get(value, value)
        if value not in allowed:
            errors.append(_error(row, self.column(key), _("Not one of the allowed codes.")))
            return ""
        return value

    def _stage(
        self, row: int, cells: list[Any], at: int, spec: EventSpec, errors: list[dict[str, Any]]
    ) -> str:
        raw = cell_text(cells[at]) if 0 <= at < len(cells) else ""
        if not raw:
            errors.append(_error(row, spec.stage_column, _("A value is required.")))
            return ""
        stage = self._mapped("stage", raw)
        if not stage_model.is_stage(stage):
            errors.append(_error(row, spec.stage_column, _("Not a stage of the stage model.")))
            return ""
        return stage

    def _date(
        self, row: int, cell: Any, column: str, errors: list[dict[str, Any]]
    ) -> datetime.date | None:
        if cell_text(cell) == "":
            errors.append(_error(row, column, _("A date is required.")))
            return None
        try:
            return parse_date(cell, self.today)
        except ValueError:
            errors.append(
                _error(
                    row,
                    column,
                    _("Not a date from 1950 to today (YYYY-MM-DD or M/D/YYYY, time optional)."),
                )
            )
            return None

    def _outcome(
        self,
        row: int,
        cells: list[Any],
        at: int,
        spec: EventSpec,
        stage: str,
        errors: list[dict[str, Any]],
    ) -> str | None:
        raw = cell_text(cells[at]) if 0 <= at < len(cells) else ""
        if not raw:
            return ""
        outcome = self._mapped("outcome", raw)
        if not stage_model.is_valid_outcome(stage, outcome):
            errors.append(_error(row, spec.outcome_column, _("Not an outcome of this stage.")))
            return None
        return outcome


# --- Validating a whole file --------------------------------------------------------

Identity = tuple[str, str, str, datetime.date]
CASE_FIELDS = ("offender_ref", "victim_ref", "offender_sex", "victim_sex", "primary_aggressor")


@dataclass
class Plan:
    """Everything a valid file will store, keyed by identity (duplicates collapsed)."""

    events: dict[Identity, Draft] = field(default_factory=dict)
    cases: dict[str, Draft] = field(default_factory=dict)  # case_ref → first draft, merged
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    duplicates: int = 0

    def add_errors(self, errors: Iterable[dict[str, Any]]) -> None:
        for error in errors:
            self.error_count += 1
            if len(self.errors) < imports.MAX_ERRORS_KEPT:
                self.errors.append(error)

    def add(self, draft: Draft) -> None:
        self._merge_case(draft)
        identity = (draft.case_ref, draft.stage, draft.track, draft.occurred_on)
        earlier = self.events.get(identity)
        if earlier is None:
            self.events[identity] = draft
        elif (earlier.outcome, earlier.agency_id) == (draft.outcome, draft.agency_id):
            self.duplicates += 1
        else:
            message = _("Contradicts row %(row)d (same case, stage, charge and date).")
            self.add_errors([_error(draft.row, "outcome", message % {"row": earlier.row})])

    def _merge_case(self, draft: Draft) -> None:
        case = self.cases.get(draft.case_ref)
        if case is None:
            self.cases[draft.case_ref] = Draft(**vars(draft))
            return
        case.occurred_on = min(case.occurred_on, draft.occurred_on)
        for name in CASE_FIELDS:
            mine, theirs = getattr(case, name), getattr(draft, name)
            if theirs and not mine:
                setattr(case, name, theirs)
            elif theirs and mine and theirs.lower() != mine.lower():
                message = _("Differs from row %(row)d for the same case.")
                self.add_errors([_error(draft.row, name, message % {"row": case.row})])


def validate(job: ImportJob, actor: Any, *, limit: int | None = None, progress: Any = None) -> Plan:
    """Check every row (or the first `limit`), building the plan; `progress(n)` as it goes."""
    plan = Plan()
    records = rows_of(job)
    header = next(records, None)
    if header is None:
        plan.add_errors([_error(1, "", _("The file has no header row."))])
        return plan
    layout, errors = resolve_layout(header, job.mapping)
    if layout is None:
        plan.add_errors(errors)
        return plan
    converter = RowConverter(layout, Context.for_import(job.collaborative_id, actor))
    for number, cells in enumerate(records, start=2):
        if limit is not None and plan.rows >= limit:
            break
        plan.rows += 1
        if plan.rows > imports.MAX_ROWS:
            plan.add_errors([_error(number, "", _("Too many rows."))])
            break
        drafts, row_errors = converter.convert(number, cells)
        plan.add_errors(row_errors)
        for draft in drafts:
            plan.add(draft)
        if progress is not None and plan.rows % imports.PROGRESS_EVERY == 0:
            progress(plan.rows)
    if limit is None:
        _check_existing_cases(plan, job.collaborative_id, actor)
    return plan


def _check_existing_cases(plan: Plan, collaborative_id: int, actor: Any) -> None:
    """Rows naming a case restricted against the importer are refused (S22: own
    permissions) with the answer `open_case` gives to a taken reference, which says
    nothing of the case; each such case is a restricted denial (audited, alerting the
    coordinator, S6)."""
    refs = list(plan.cases)
    for start in range(0, len(refs), imports.IN_CHUNK):
        chunk = refs[start : start + imports.IN_CHUNK]
        cases = Case.objects.filter(collaborative_id=collaborative_id, external_ref__in=chunk)
        allowed = set(cases.not_restricted_against(actor).values_list("external_ref", flat=True))
        for case in cases.exclude(external_ref__in=allowed).order_by("external_ref"):
            refuse_taken_reference(case, actor=actor)
            message = str(REFERENCE_UNAVAILABLE)
            plan.add_errors([_error(plan.cases[case.external_ref].row, "case_ref", message)])
        _check_other_agencies_events(plan, collaborative_id, actor, allowed)


def _check_other_agencies_events(
    plan: Plan, collaborative_id: int, actor: Any, refs: set[str]
) -> None:
    """A row may not change another agency's event: only its staff or a coordinator may."""
    if not refs:
        return
    stored = Event.objects.filter(
        case__collaborative_id=collaborative_id, case__external_ref__in=refs
    ).values_list("case__external_ref", "stage", "track", "occurred_on", "outcome", "agency_id")
    for ref, stage, track, occurred_on, outcome, agency_id in stored:
        draft = plan.events.get((ref, stage, track, occurred_on))
        if draft is None or owns(actor, collaborative_id, agency_id):
            continue
        if draft.outcome and draft.outcome != outcome:
            message = _("This event was recorded by another agency; only it may change it.")
            plan.add_errors([_error(draft.row, "outcome", message)])


# --- Preview ------------------------------------------------------------------------


def preview(job: ImportJob, actor: Any) -> tuple[list[Draft], list[dict[str, Any]]]:
    """The first rows as they will be stored, and their errors; ([], [error]) if unreadable."""
    try:
        plan = validate(job, actor, limit=imports.PREVIEW_ROWS)
    except FileProblem as problem:
        return [], [_error(None, "", str(problem))]
    drafts = sorted(plan.events.values(), key=lambda d: (d.row, d.stage))
    return drafts, plan.errors
