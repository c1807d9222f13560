"""Committing a valid plan: cases and events written in one transaction, audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ccrhub.audit.log import record
from ccrhub.cases import imports
from ccrhub.cases.access import owns
from ccrhub.cases.actions import offender_key
from ccrhub.cases.imports.staging import new_public_id
from ccrhub.cases.imports.validation import CASE_FIELDS, Plan
from ccrhub.cases.models import Case, Event, ImportJob, ImportStatus, PrimaryAggressor, Sex
from ccrhub.partners.models import Agency


@transaction.atomic
def commit(job: ImportJob, plan: Plan, actor: Any) -> None:
    """Store the plan in one transaction: any exception leaves nothing behind (S32)."""
    case_ids, created_cases, updated_cases = _write_cases(job.collaborative_id, plan)
    created, updated, unchanged = imports._write_events(plan, case_ids, actor, job.collaborative_id)
    imports._set(
        job,
        status=ImportStatus.COMPLETED,
        rows_imported=len(plan.events),
        errors=[],
        finished_at=timezone.now(),
    )
    record(
        actor=actor,
        action="cases.import_committed",
        target=job,
        details={
            "file_sha256": job.sha256,
            "rows": plan.rows,
            "duplicates": plan.duplicates,
            "events_created": created,
            "events_updated": updated,
            "events_unchanged": unchanged,
            "cases_created": len(created_cases),
            "cases_updated": updated_cases,
            "created_case_ids": created_cases,
        },
    )


def _existing_cases(collaborative_id: int, refs: list[str]) -> dict[str, Case]:
    found: dict[str, Case] = {}
    for start in range(0, len(refs), imports.IN_CHUNK):
        chunk = refs[start : start + imports.IN_CHUNK]
        for case in Case.objects.filter(collaborative_id=collaborative_id, external_ref__in=chunk):
            found[case.external_ref] = case
    return found


def _case_ids(collaborative_id: int, refs: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(refs), imports.IN_CHUNK):
        chunk = refs[start : start + imports.IN_CHUNK]
        found.update(
            Case.objects.filter(
                collaborative_id=collaborative_id, external_ref__in=chunk
            ).values_list("external_ref", "pk")
        )
    return found


def _write_cases(collaborative_id: int, plan: Plan) -> tuple[dict[str, int], list[str], int]:
    """Create missing cases (open_case semantics), update attributes given in the file."""
    refs = list(plan.cases)
    existing = _existing_cases(collaborative_id, refs)
    codes = dict(Agency.objects.values_list("pk", "short_code"))
    new_cases = [
        {
            "public_id": new_public_id(),
            "collaborative_id": collaborative_id,
            "external_ref": ref,
            "lead_agency_id": draft.agency_id,
            "offender_key": offender_key(
                agency_code=codes[draft.agency_id], identifier=draft.offender_ref
            ),
            "opened_on": draft.occurred_on,
            "victim_ref": draft.victim_ref,
            "offender_sex": draft.offender_sex or Sex.UNKNOWN,
            "victim_sex": draft.victim_sex or Sex.UNKNOWN,
            "primary_aggressor": draft.primary_aggressor or PrimaryAggressor.UNDETERMINED,
        }
        for ref, draft in plan.cases.items()
        if ref not in existing
    ]
    imports.insert_rows(Case, new_cases)
    changed = []
    for ref, case in existing.items():
        draft = plan.cases[ref]
        dirty = False
        for name in CASE_FIELDS[1:]:
            value = getattr(draft, name)
            if value and getattr(case, name) != value:
                setattr(case, name, value)
                dirty = True
        if dirty:
            case.version += 1
            changed.append(case)
    Case.objects.bulk_update(changed, [*CASE_FIELDS[1:], "version"], batch_size=imports.BATCH)
    ids = _case_ids(collaborative_id, refs)
    return ids, [str(row["public_id"]) for row in new_cases], len(changed)


def _write_events(
    plan: Plan, case_ids: dict[str, int], actor: Any, collaborative_id: int
) -> tuple[int, int, int]:
    """Insert new events, update changed ones, leave identical ones alone."""
    stored: dict[tuple[int, str, str, datetime.date], tuple[int, str, int, int]] = {}
    ids = sorted(set(case_ids.values()))
    for start in range(0, len(ids), imports.IN_CHUNK):
        rows = Event.objects.filter(case_id__in=ids[start : start + imports.IN_CHUNK]).values_list(
            "case_id", "stage", "track", "occurred_on", "pk", "outcome", "agency_id", "version"
        )
        for case_id, stage, track, occurred_on, pk, outcome, agency_id, version in rows:
            stored[(case_id, stage, track, occurred_on)] = (pk, outcome, agency_id, version)
    new: list[dict[str, Any]] = []
    changed: list[Event] = []
    actor_id = getattr(actor, "pk", None)
    for draft in plan.events.values():
        case_id = case_ids[draft.case_ref]
        found = stored.get((case_id, draft.stage, draft.track, draft.occurred_on))
        if found is None:
            new.append(
                {
                    "public_id": new_public_id(),
                    "case_id": case_id,
                    "stage": draft.stage,
                    "occurred_on": draft.occurred_on,
                    "outcome": draft.outcome,
                    "agency_id": draft.agency_id,
                    "track": draft.track,
                    "source": "import",
                    "created_by_id": actor_id,
                }
            )
        else:
            # As record_event: a blank outcome keeps the recorded one, and an event
            # stays with the agency that recorded it unless the importer may change it.
            outcome = draft.outcome or found[1]
            agency_id = draft.agency_id if owns(actor, collaborative_id, found[2]) else found[2]
            if (outcome, agency_id) != (found[1], found[2]):
                changed.append(
                    Event(pk=found[0], outcome=outcome, agency_id=agency_id, version=found[3] + 1)
                )
    imports.insert_rows(Event, new)
    Event.objects.bulk_update(changed, ["outcome", "agency", "version"], batch_size=imports.BATCH)
    return len(new), len(changed), len(plan.events) - len(new) - len(changed)
