"""Validation: every row converted to event drafts or to errors, the whole file as a plan."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.cases import imports
from ccrhub.cases import stages as stage_model
from ccrhub.cases.access import is_coordinator, owns
from ccrhub.cases.actions import REFERENCE_UNAVAILABLE, refuse_taken_reference
from ccrhub.cases.imports import staging
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
        # The stage model and the dates already read, looked up once per file rather
        # than once per row: exports repeat the same few dates and codes many times.
        self.outcomes = {s.code: frozenset(s.outcome_codes) for s in stage_model.stages()}
        self.dates: dict[str, datetime.date | None] = {}

    def column(self, key: str, fallback: str = "") -> str:
        return self.layout.names.get(key, fallback or key)

    def text(self, texts: list[str], key: str) -> str:
        position = self.layout.index.get(key)
        if position is None or position >= len(texts):
            return ""
        return texts[position]

    def convert(self, row: int, cells: list[Any]) -> tuple[list[Draft], list[dict[str, Any]]]:
        errors: list[dict[str, Any]] = []
        # Each cell as trimmed text, once (`cell_text`, quicker for the usual str cell).
        texts = [cell.strip() if type(cell) is str else cell_text(cell) for cell in cells]
        if not any(texts):
            return [], []  # a blank line
        if len(cells) > imports.MAX_COLUMNS:
            return [], [_error(row, "", _("Too many cells in this row."))]
        if any(isinstance(cell, str) and len(cell) > imports.MAX_CELL_CHARS for cell in cells):
            return [], [_error(row, "", _("A cell in this row is too long."))]
        case_ref = self._reference(row, texts, "case_ref", errors, required=True)
        offender_ref = self._reference(row, texts, "offender_ref", errors, required=True)
        track = self._reference(row, texts, "charge_ref", errors, required=False)
        victim_ref = self._reference(row, texts, "victim_ref", errors, required=False)
        agency_id = self._agency(row, texts, errors)
        offender_sex = self._coded(row, texts, "offender_sex", SEXES, errors)
        victim_sex = self._coded(row, texts, "victim_sex", SEXES, errors)
        aggressor = self._coded(row, texts, "primary_aggressor", AGGRESSORS, errors)
        events = []
        for spec, stage_at, date_at, outcome_at in self.layout.specs:
            date_cell = cells[date_at] if date_at < len(cells) else None
            date_text = texts[date_at] if date_at < len(texts) else ""
            if self.layout.wide and date_text == "":
                continue  # a wide export's row without this event (yet)
            stage = spec.stage or self._stage(row, texts, stage_at, spec, errors)
            occurred_on = self._date(row, date_cell, date_text, spec.date_column, errors)
            outcome = self._outcome(row, texts, outcome_at, spec, stage, errors)
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
        self, row: int, texts: list[str], key: str, errors: list[dict[str, Any]], *, required: bool
    ) -> str:
        value = self.text(texts, key)
        if required and not value:
            errors.append(_error(row, self.column(key), _("A value is required.")))
        elif len(value) > 64:
            errors.append(_error(row, self.column(key), _("Longer than 64 characters.")))
        return value

    def _agency(self, row: int, texts: list[str], errors: list[dict[str, Any]]) -> int | None:
        value = self.text(texts, "agency").lower()
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
        texts: list[str],
        key: str,
        allowed: frozenset[str],
        errors: list[dict[str, Any]],
    ) -> str:
        raw = self.text(texts, key)
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
        self, row: int, texts: list[str], at: int, spec: EventSpec, errors: list[dict[str, Any]]
    ) -> str:
        raw = texts[at] if 0 <= at < len(texts) else ""
        if not raw:
            errors.append(_error(row, spec.stage_column, _("A value is required.")))
            return ""
        stage = self._mapped("stage", raw)
        if stage not in self.outcomes:
            errors.append(_error(row, spec.stage_column, _("Not a stage of the stage model.")))
            return ""
        return stage

    def _date(
        self, row: int, cell: Any, text: str, column: str, errors: list[dict[str, Any]]
    ) -> datetime.date | None:
        if text == "":
            errors.append(_error(row, column, _("A date is required.")))
            return None
        day = self._parsed(cell, text)
        if day is None:
            errors.append(
                _error(
                    row,
                    column,
                    _("Not a date from 1950 to today (YYYY-MM-DD or M/D/YYYY, time optional)."),
                )
            )
        return day

    def _parsed(self, cell: Any, text: str) -> datetime.date | None:
        """`parse_date` of the cell, None if unreadable; text cells remembered by text."""
        if type(cell) is not str:
            try:
                return parse_date(cell, self.today)
            except ValueError:
                return None
        if text not in self.dates:
            try:
                self.dates[text] = parse_date(text, self.today)
            except ValueError:
                self.dates[text] = None
        return self.dates[text]

    def _outcome(
        self,
        row: int,
        texts: list[str],
        at: int,
        spec: EventSpec,
        stage: str,
        errors: list[dict[str, Any]],
    ) -> str | None:
        raw = texts[at] if 0 <= at < len(texts) else ""
        if not raw:
            return ""
        outcome = self._mapped("outcome", raw)
        if outcome not in self.outcomes.get(stage, ()):
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
    staged: bool = False  # copied into the staging tables (PostgreSQL, `staging`)

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
    if staging.set_wise():
        _check_staged(plan, collaborative_id, actor)
        return
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


def _check_staged(plan: Plan, collaborative_id: int, actor: Any) -> None:
    """The same two checks as one query each, over the staged plan (PostgreSQL)."""
    staging.stage_plan(plan)
    cases = Case.objects.filter(
        collaborative_id=collaborative_id,
        external_ref__in=RawSQL(f"SELECT ref FROM {staging.CASES}", ()),  # noqa: S608, S611 - a code literal
    )
    allowed = cases.not_restricted_against(actor).values("pk")
    restricted = list(cases.exclude(pk__in=allowed).order_by("external_ref"))
    for case in restricted:
        refuse_taken_reference(case, actor=actor)
        message = str(REFERENCE_UNAVAILABLE)
        plan.add_errors([_error(plan.cases[case.external_ref].row, "case_ref", message)])
    message = _("This event was recorded by another agency; only it may change it.")
    for (row,) in _staged_changes_of_others(collaborative_id, actor, restricted):
        plan.add_errors([_error(row, "outcome", message)])


def _staged_changes_of_others(
    collaborative_id: int, actor: Any, restricted: list[Case]
) -> list[tuple[int]]:
    """Rows of the staged plan changing the outcome of an event the actor does not own."""
    sql = f"""
        SELECT s.row FROM {staging.EVENTS} s
        JOIN cases_case c ON c.collaborative_id = %s AND c.external_ref = s.ref
        JOIN cases_event e ON e.case_id = c.id AND e.stage = s.stage AND e.track = s.track
            AND e.occurred_on = s.occurred_on
        WHERE s.outcome <> '' AND s.outcome <> e.outcome AND NOT (c.id = ANY(%s::bigint[]))
            AND NOT (%s OR COALESCE(e.agency_id = %s::bigint, false))
        ORDER BY s.seq
    """  # noqa: S608 - table names from the code
    own_agency = getattr(actor, "agency_id", None)
    everyone = is_coordinator(actor, collaborative_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, [collaborative_id, [c.pk for c in restricted], everyone, own_agency])
        return list(cursor.fetchall())


# --- Preview ------------------------------------------------------------------------


def preview(job: ImportJob, actor: Any) -> tuple[list[Draft], list[dict[str, Any]]]:
    """The first rows as they will be stored, and their errors; ([], [error]) if unreadable."""
    try:
        plan = validate(job, actor, limit=imports.PREVIEW_ROWS)
    except FileProblem as problem:
        return [], [_error(None, "", str(problem))]
    drafts = sorted(plan.events.values(), key=lambda d: (d.row, d.stage))
    return drafts, plan.errors
