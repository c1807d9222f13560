"""State changes of cases, each audited in its own transaction."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ccrhub.accounts.models import User
from ccrhub.accounts.restrictions import deny_restricted, restricted_against
from ccrhub.audit.log import record, record_search
from ccrhub.cases import stages
from ccrhub.cases.access import is_coordinator, owns
from ccrhub.cases.models import (
    Case,
    Event,
    Order,
    ResponseKind,
    Violation,
    ViolationKind,
    ViolationResponse,
)
from ccrhub.lib.concurrency import save_if_current
from ccrhub.lib.hashing import keyed_hash
from ccrhub.partners.models import Agency, AgencyMembership, Collaborative
from ccrhub.partners.queries import can

# Conditions an order may carry, as codes (the order's `conditions` list).
ORDER_CONDITIONS = frozenset(
    {
        "no_contact",
        "stay_away",
        "firearms_surrender",
        "gps_monitoring",
        "attend_bip",
        "no_alcohol",
        "move_out",
        "other",
    }
)
EVENT_CHANGES = frozenset({"outcome", "occurred_on", "track"})
SOURCES = frozenset({"entry", "api", "import"})


def offender_key(*, agency_code: str, identifier: str) -> str:
    """Keyed hash of the agency-normalised offender identifier: links repeats, names no one."""
    # Agencies write the same identifier as "P-5512", "p 5512" or "P5512".
    normalised = "".join(ch for ch in identifier if ch.isalnum()).upper()
    return keyed_hash(f"{agency_code.lower()}:{normalised}", purpose="offender")


# The one answer to a case reference that is already taken, whoever holds the case.
REFERENCE_UNAVAILABLE = _lazy(
    "This case reference cannot be used. If you think it should be, ask your coordinator."
)


class ReferenceUnavailable(ValidationError):
    """A case reference already taken in the collaborative (see `open_case`)."""

    def __init__(self) -> None:
        super().__init__({"external_ref": [REFERENCE_UNAVAILABLE]})


def refuse_taken_reference(case: Case, *, actor: User) -> None:
    """Note an attempt to reuse the reference of `case`. When the actor cannot see the
    case (it is restricted against them), the attempt is a restricted denial: audited
    and alerting the coordinator, like any attempt to open it (S6)."""
    if restricted_against(actor, case):
        deny_restricted(actor, case)


def open_case(
    collaborative: Collaborative,
    *,
    external_ref: str,
    offender_ref: str,
    opened_on: date,
    actor: User,
    agency_case_number: str = "",
    lead_agency: Agency | None = None,
) -> Case:
    """Open a case under the agency's reference, unique in the collaborative.

    A reference already taken is refused with one neutral answer (`ReferenceUnavailable`:
    a form error on the page, a 409 problem in the API), whether or not the actor can
    see the case holding it. A refusal cannot be avoided — the reference cannot be used
    twice — but it must not tell apart a case the actor sees from one kept from them
    (S3): it never says "already exists", never links to the case, never differs in
    status or wording. The actor who may see the case finds it in their list; an actor
    it is restricted against has tried to reach it, which is audited as a restricted
    denial and alerts the coordinator (S6). The check and its audit happen before the
    opening transaction, so the audit survives the refusal; a concurrent opening that
    wins the race meets the unique constraint and gets the same answer."""
    if not can(actor, "cases.write", collaborative.pk):
        raise PermissionDenied
    taken = Case.objects.filter(collaborative=collaborative, external_ref=external_ref).first()
    if taken is None:
        try:
            return _create_case(
                collaborative,
                external_ref=external_ref,
                offender_ref=offender_ref,
                opened_on=opened_on,
                actor=actor,
                agency_case_number=agency_case_number,
                lead_agency=lead_agency,
            )
        except IntegrityError:
            taken = Case.objects.filter(
                collaborative=collaborative, external_ref=external_ref
            ).first()
            if taken is None:
                raise
    refuse_taken_reference(taken, actor=actor)
    raise ReferenceUnavailable


@transaction.atomic
def _create_case(
    collaborative: Collaborative,
    *,
    external_ref: str,
    offender_ref: str,
    opened_on: date,
    actor: User,
    agency_case_number: str,
    lead_agency: Agency | None,
) -> Case:
    agency = lead_agency or actor.agency
    case = Case.objects.create(
        collaborative=collaborative,
        external_ref=external_ref,
        agency_case_number=agency_case_number,
        lead_agency=agency,
        offender_key=offender_key(
            agency_code=agency.short_code if agency else "", identifier=offender_ref
        ),
        opened_on=opened_on,
    )
    record(actor=actor, action="case.opened", target=case)
    return case


@transaction.atomic
def update_case(case: Case, *, version: int, changes: dict[str, Any], actor: User) -> Case:
    """Apply allow-listed changes if `version` is current; a stale version raises."""
    save_if_current(case, version, changes)
    case.refresh_from_db()
    record(actor=actor, action="case.updated", target=case, details={"fields": sorted(changes)})
    return case


def record_case_viewed(case: Case, *, actor: User) -> None:
    record(actor=actor, action="case.viewed", target=case)


def record_case_search(*, terms: str, results: int, actor: User) -> None:
    """A search of cases by reference or number: the trail keeps a keyed hash of the
    terms and how many cases matched, never the terms themselves."""
    if terms:
        record_search(actor=actor, scope="cases", term=terms, results=results)


def _recording_agency(case: Case, *, agency: Agency | None, actor: User) -> Agency:
    """The agency on whose behalf the actor records: their own, or for a coordinator
    any member agency of the case's collaborative."""
    if not can(actor, "cases.write", case.collaborative_id):
        raise PermissionDenied
    if agency is None:
        agency = actor.agency
        if agency is None:
            raise ValidationError({"agency": [_("Name the agency this is recorded for.")]})
    if agency.pk != actor.agency_id and not is_coordinator(actor, case.collaborative_id):
        raise PermissionDenied
    member = AgencyMembership.objects.filter(
        collaborative_id=case.collaborative_id, agency=agency, is_active=True
    )
    if not member.exists():
        raise ValidationError({"agency": [_("This agency is not a member of the collaborative.")]})
    return agency


def _check_sector(agency: Agency, sectors: Iterable[str], field: str) -> None:
    if agency.sector not in set(sectors):
        raise ValidationError({field: [_("This agency does not record this.")]})


def _stage_of(code: str) -> stages.Stage:
    if not stages.is_stage(code):
        raise ValidationError({"stage": [_("Not a stage of the stage model.")]})
    return stages.stage(code)


def _check_outcome(code: str, outcome: str) -> None:
    if not stages.is_valid_outcome(code, outcome):
        raise ValidationError({"outcome": [_("Not an outcome of this stage.")]})


@transaction.atomic
def record_event(
    case: Case,
    *,
    stage: str,
    occurred_on: date,
    outcome: str = "",
    agency: Agency | None = None,
    track: str = "",
    source: str = "entry",
    actor: User,
) -> Event:
    """Record that a case reached a stage on a date; the same event again updates it.

    An event is identified by case, stage, track and date: recording it again (a
    re-import, a second click) updates its outcome instead of adding a twin, and
    changes nothing — not even the audit trail — when nothing differs. A blank
    outcome leaves a recorded one as it is. Entry and the API record only the
    agency's own stages; imports carry the dates of every stage a system of record
    holds (a prosecutor's export has the arrest date), so they skip that check.
    """
    spec = _stage_of(stage)
    _check_outcome(stage, outcome)
    if source not in SOURCES:
        raise ValueError(f"Unknown event source {source!r}.")
    recorder = _recording_agency(case, agency=agency, actor=actor)
    if source != "import":
        _check_sector(recorder, spec.sectors, "stage")
    # Writers of one case queue on its row, so two people recording the same event at
    # the same moment make one event, not a duplicate-key error.
    list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))
    existing = (
        Event.objects.select_for_update()
        .filter(case=case, stage=stage, track=track, occurred_on=occurred_on)
        .first()
    )
    if existing is None:
        event = Event.objects.create(
            case=case,
            stage=stage,
            occurred_on=occurred_on,
            outcome=outcome,
            agency=recorder,
            track=track,
            source=source,
            created_by=actor,
        )
        record(
            actor=actor,
            action="event.recorded",
            target=event,
            details={"stage": stage, "source": source},
        )
        return event
    if not owns(actor, case.collaborative_id, existing.agency_id):
        raise PermissionDenied
    wanted = {"outcome": outcome or existing.outcome, "agency_id": recorder.pk}
    changed = sorted(name for name, value in wanted.items() if getattr(existing, name) != value)
    if not changed:
        return existing
    for name in changed:
        setattr(existing, name, wanted[name])
    existing.version += 1
    existing.save(update_fields=[*changed, "version"])
    record(
        actor=actor,
        action="event.updated",
        target=existing,
        details={"fields": changed, "source": source},
    )
    return existing


@transaction.atomic
def update_event(event: Event, *, version: int, changes: dict[str, Any], actor: User) -> Event:
    """Correct an event's outcome, date or track if `version` is current.

    Only the recording agency or a coordinator may; a stale version raises
    StaleVersion and changes nothing.
    """
    case = event.case
    if not can(actor, "cases.write", case.collaborative_id) or not owns(
        actor, case.collaborative_id, event.agency_id
    ):
        raise PermissionDenied
    unknown = set(changes) - EVENT_CHANGES
    if unknown:
        raise ValueError(f"Fields that cannot change: {sorted(unknown)}")
    if "outcome" in changes:
        _check_outcome(event.stage, changes["outcome"])
    identity = {
        "stage": event.stage,
        "track": changes.get("track", event.track),
        "occurred_on": changes.get("occurred_on", event.occurred_on),
    }
    twin = Event.objects.filter(case_id=event.case_id, **identity).exclude(pk=event.pk)
    if twin.exists():
        raise ValidationError(
            {"occurred_on": [_("This stage is already recorded on that date and track.")]}
        )
    save_if_current(event, version, changes)
    event.refresh_from_db()
    record(actor=actor, action="event.updated", target=event, details={"fields": sorted(changes)})
    return event


def _check_not_before(later: date | None, earlier: date, field: str, message: str) -> None:
    if later is not None and later < earlier:
        raise ValidationError({field: [message]})


@transaction.atomic
def issue_order(
    case: Case,
    *,
    kind: str,
    issued_on: date,
    issued_by: Agency | None = None,
    track: str = "",
    expires_on: date | None = None,
    conditions: Iterable[str] = (),
    actor: User,
) -> Order:
    """Record an order on a case; the stage model says which kinds exist and who issues them."""
    try:
        spec = stages.order_kind(kind)
    except KeyError:
        raise ValidationError({"kind": [_("Not an order of this jurisdiction.")]}) from None
    agency = _recording_agency(case, agency=issued_by, actor=actor)
    _check_sector(agency, spec.sectors, "kind")
    _check_not_before(
        expires_on, issued_on, "expires_on", _("An order expires after it is issued.")
    )
    codes = sorted(set(conditions))
    if set(codes) - ORDER_CONDITIONS:
        raise ValidationError({"conditions": [_("Unknown condition.")]})
    order = Order.objects.create(
        case=case,
        kind=kind,
        track=track,
        issued_by=agency,
        issued_on=issued_on,
        expires_on=expires_on,
        conditions=codes,
    )
    record(actor=actor, action="order.issued", target=order, details={"kind": kind})
    return order


@transaction.atomic
def serve_order(
    order: Order, *, served_on: date, served_by: Agency | None = None, actor: User
) -> Order:
    """Record that an order was served, by the agencies that serve (stage model)."""
    agency = _recording_agency(order.case, agency=served_by, actor=actor)
    _check_sector(agency, stages.stage("protection_order_served").sectors, "served_by")
    _check_not_before(
        served_on, order.issued_on, "served_on", _("An order is served after it is issued.")
    )
    order.served_on, order.served_by = served_on, agency
    order.save(update_fields=["served_on", "served_by"])
    record(actor=actor, action="order.served", target=order)
    return order


@transaction.atomic
def record_violation(
    case: Case,
    *,
    kind: str,
    detected_on: date,
    reported_by: Agency | None = None,
    order: Order | None = None,
    actor: User,
) -> Violation:
    """A technical violation or a new offence, detected on a date, reported by an agency."""
    if kind not in ViolationKind.values:
        raise ValidationError({"kind": [_("Not a kind of violation.")]})
    if order is not None and order.case_id != case.pk:
        raise ValidationError({"order": [_("The order belongs to another case.")]})
    agency = _recording_agency(case, agency=reported_by, actor=actor)
    _check_sector(agency, stages.stage("violation").sectors, "reported_by")
    violation = Violation.objects.create(
        case=case, order=order, kind=kind, detected_on=detected_on, reported_by=agency
    )
    record(actor=actor, action="violation.recorded", target=violation, details={"kind": kind})
    return violation


@transaction.atomic
def record_violation_response(
    violation: Violation,
    *,
    kind: str,
    responded_on: date,
    agency: Agency | None = None,
    actor: User,
) -> ViolationResponse:
    """How an agency answered a violation; a response cannot precede the violation."""
    if kind not in ResponseKind.values:
        raise ValidationError({"kind": [_("Not a kind of response.")]})
    _check_not_before(
        responded_on,
        violation.detected_on,
        "responded_on",
        _("A response cannot precede the violation."),
    )
    responder = _recording_agency(violation.case, agency=agency, actor=actor)
    _check_sector(responder, stages.stage("violation_response").sectors, "agency")
    response = ViolationResponse.objects.create(
        violation=violation, kind=kind, responded_on=responded_on, agency=responder
    )
    record(
        actor=actor,
        action="violation.responded",
        target=violation,
        details={"response": str(response.public_id), "kind": kind},
    )
    return response
