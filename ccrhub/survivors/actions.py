"""Changes to the survivor compartment; each audited in the transaction that makes it.

Audit details carry ids, categories and counts only: no survivor field ever enters
the trail. The compartment of every event is "vsp:<owning agency id>".
"""

import calendar
import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.accounts.restrictions import deny_restricted
from ccrhub.audit.log import record
from ccrhub.lib.concurrency import save_if_current
from ccrhub.partners.models import Agency, Regime
from ccrhub.survivors.access import (
    RestrictedSurvivor,
    SurvivorView,
    access_shared_survivor,
    is_owner_staff,
)
from ccrhub.survivors.hooks import release_giver_is_perpetrator
from ccrhub.survivors.models import (
    AUTHORISING_INSTRUMENTS,
    AccessBasis,
    Category,
    CompelledDisclosure,
    LawfulBasis,
    NotificationTask,
    Release,
    SpecialCategoryCondition,
    Survivor,
    WithoutConsentReason,
)

EDITABLE = frozenset(
    {
        "name",
        "date_of_birth",
        "address",
        "phone",
        "safe_contact",
        "notes",
        "address_confidentiality",
        "substitute_address",
    }
)
NOTIFY_WITHIN_DAYS = 7


def compartment_of(survivor: Survivor) -> str:
    return f"vsp:{survivor.owner_agency_id}"


@transaction.atomic
def create_survivor(owner_agency: Agency, *, actor: User, **fields: Any) -> Survivor:
    """A new survivor record owned by `owner_agency`; every field optional. Never
    matched or merged with any other agency's records."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"Not a survivor field: {sorted(unknown)}")
    if getattr(actor, "agency_id", None) != owner_agency.pk:
        raise PermissionDenied
    survivor = Survivor(
        owner_agency=owner_agency,
        regime=owner_agency.regime or Regime.VSP,
        created_by=actor,
        **fields,
    )
    survivor.save()
    record(
        actor=actor,
        action="survivors.created",
        target=survivor,
        compartment=compartment_of(survivor),
        details={"fields": sorted(name for name, value in fields.items() if value)},
    )
    return survivor


@transaction.atomic
def update_survivor(
    survivor: Survivor, *, actor: User, changes: dict[str, Any], version: int
) -> Survivor:
    """Change named fields; `version` is the one the editor read (409 if stale)."""
    if not is_owner_staff(actor, survivor, write=True):
        raise PermissionDenied
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"Not a survivor field: {sorted(unknown)}")
    save_if_current(survivor, version, changes)
    record(
        actor=actor,
        action="survivors.updated",
        target=survivor,
        compartment=compartment_of(survivor),
        details={"fields": sorted(changes)},
    )
    return survivor


@transaction.atomic
def report_incident(survivor: Survivor, *, actor: User) -> Survivor:
    """A new incident: a re-assessment is now due."""
    if not is_owner_staff(actor, survivor, write=True):
        raise PermissionDenied
    survivor.reassessment_due = True
    survivor.incident_reported_at = timezone.now()
    survivor.save(update_fields=["reassessment_due", "incident_reported_at"])
    record(
        actor=actor,
        action="survivors.incident_reported",
        target=survivor,
        compartment=compartment_of(survivor),
    )
    return survivor


def latest_expiry(starting: datetime.datetime) -> datetime.datetime:
    """The latest a release or basis starting then may expire: `CCRHUB_RELEASE_MAX_MONTHS`
    calendar months on, the same day of the month (or that month's last day)."""
    months = starting.month - 1 + int(settings.CCRHUB_RELEASE_MAX_MONTHS)
    year, month = starting.year + months // 12, months % 12 + 1
    day = min(starting.day, calendar.monthrange(year, month)[1])
    return starting.replace(year=year, month=month, day=day)


def _expiry_errors(
    expires_at: datetime.datetime | None, signed_at: datetime.datetime | None, now: Any
) -> list[str]:
    """A release is time-limited (S10): its expiry is mandatory — never filled in for
    the survivor, who is told when it ends — in the future, and no later than the cap
    counted from the day she signed (or from now, for a basis recorded without consent)."""
    if expires_at is None or expires_at <= now:
        return [_("The expiry must be in the future.")]
    starting = signed_at if signed_at is not None and signed_at <= now else now
    latest = latest_expiry(starting)
    if expires_at > latest:
        return [
            _(
                "A release can last at most %(months)d months from the day it was signed: "
                "choose an expiry on or before %(latest)s."
            )
            % {
                "months": int(settings.CCRHUB_RELEASE_MAX_MONTHS),
                "latest": date_format(timezone.localtime(latest), "DATETIME_FORMAT"),
            }
        ]
    return []


def _clean_categories(categories: Iterable[str]) -> list[str]:
    chosen = sorted(set(categories))
    if not chosen or not set(chosen) <= set(Category.values):
        raise ValidationError({"categories": [_("Choose at least one category.")]})
    return chosen


@transaction.atomic
def record_release(
    survivor: Survivor,
    *,
    actor: User,
    recipient_agency: Agency,
    categories: Iterable[str],
    purpose: str,
    expires_at: datetime.datetime,
    signed_at: datetime.datetime | None = None,
    told_not_condition_of_service: bool = False,
    given_by_party_ref: str | None = None,
    consent: bool = True,
    lawful_basis: str = "",
    special_category_condition: str = "",
    without_consent_reason: str = "",
    approved_by: Any = None,
) -> Release:
    """A release of information (US) or recorded basis (UK) for one recipient agency.

    US: signed date, mandatory future expiry no later than `CCRHUB_RELEASE_MAX_MONTHS`
    after signing, and the survivor was told services do not depend on it; never given
    by the perpetrator of a linked referral. UK (same expiry rule): lawful basis
    and special-category condition; without consent, a reason from the fixed list and an
    approver who is not the requester.
    """
    if not is_owner_staff(actor, survivor, write=True):
        raise PermissionDenied
    now = timezone.now()
    errors: dict[str, list[str]] = {}
    chosen = _clean_categories(categories)
    if recipient_agency.pk == survivor.owner_agency_id:
        errors["recipient_agency"] = [_("The recipient must be another agency.")]
    elif not recipient_agency.is_active:
        errors["recipient_agency"] = [_("The recipient must be an active agency.")]
    if not purpose.strip():
        errors["purpose"] = [_("State the purpose.")]
    expiry_errors = _expiry_errors(expires_at, signed_at, now)
    if expiry_errors:
        errors["expires_at"] = expiry_errors
    uk = settings.JURISDICTION == "uk"
    if given_by_party_ref and release_giver_is_perpetrator.ask(survivor, given_by_party_ref):
        errors["given_by_party_ref"] = [
            _("A release cannot be given by the perpetrator of a linked referral.")
        ]
    if not uk or consent:
        if not told_not_condition_of_service:
            errors["told_not_condition_of_service"] = [
                _("Confirm the survivor was told services do not depend on this.")
            ]
        if signed_at is None:
            errors["signed_at"] = [_("Give the date the survivor signed or agreed.")]
        elif signed_at > now:
            errors["signed_at"] = [_("The signed date cannot be in the future.")]
    if uk:
        if lawful_basis not in LawfulBasis.values:
            errors["lawful_basis"] = [_("Choose the lawful basis.")]
        if special_category_condition not in SpecialCategoryCondition.values:
            errors["special_category_condition"] = [_("Choose the special-category condition.")]
        if not consent:
            if without_consent_reason not in WithoutConsentReason.values:
                errors["without_consent_reason"] = [
                    _("Choose the reason to share without consent.")
                ]
            if approved_by is None or approved_by.pk == actor.pk:
                errors["approved_by"] = [_("Someone other than the requester must approve.")]
            elif not is_owner_staff(approved_by, survivor):
                errors["approved_by"] = [_("The approver must work with this record.")]
    elif not consent:
        errors["consent"] = [_("A release of information needs the survivor's consent.")]
    if errors:
        raise ValidationError(errors)
    release = Release.objects.create(
        survivor=survivor,
        kind=Release.Kind.BASIS if uk else Release.Kind.RELEASE,
        recipient_agency=recipient_agency,
        categories=chosen,
        purpose=purpose,
        signed_at=signed_at,
        expires_at=expires_at,
        told_not_condition_of_service=told_not_condition_of_service,
        consent=consent,
        lawful_basis=lawful_basis if uk else "",
        special_category_condition=special_category_condition if uk else "",
        without_consent_reason="" if consent or not uk else without_consent_reason,
        approved_by=None if consent or not uk else approved_by,
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="survivors.release_recorded",
        target=release,
        compartment=compartment_of(survivor),
        details={
            "survivor": str(survivor.public_id),
            "recipient_agency": recipient_agency.pk,
            "categories": chosen,
            "kind": release.kind,
            "consent": consent,
        },
    )
    return release


@transaction.atomic
def revoke_release(release: Release, *, actor: User) -> Release:
    """Revoke: the row is locked first, so no read still holding it sees access after
    this commits, and the next read finds it revoked."""
    locked = Release.objects.select_for_update().select_related("survivor").get(pk=release.pk)
    if not is_owner_staff(actor, locked.survivor, write=True):
        raise PermissionDenied
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record(
            actor=actor,
            action="survivors.release_revoked",
            target=locked,
            compartment=compartment_of(locked.survivor),
            details={"survivor": str(locked.survivor.public_id)},
        )
    release.revoked_at, release.revoked_by = locked.revoked_at, locked.revoked_by
    return locked


def record_survivor_viewed(survivor: Survivor, *, actor: User, via: str) -> None:
    """Audit a full view of the record by its owning agency's staff (page or form);
    called before the page is rendered, so if the audit write fails nothing is shown."""
    with transaction.atomic():
        record(
            actor=actor,
            action="survivors.viewed",
            target=survivor,
            compartment=compartment_of(survivor),
            details={"basis": AccessBasis.OWN_AGENCY, "via": via},
        )


def record_shared_view(
    survivor_public_id: str,
    *,
    actor: User,
    owner_agency_id: int,
    categories: Iterable[str],
    via: str,
) -> None:
    """Audit one cross-agency read of survivor data (every view, HTML and API), naming
    the releases or recorded bases valid for the reader's agency: the basis of the read."""
    survivor = Survivor.objects.only("pk", "public_id", "owner_agency_id").get(
        public_id=survivor_public_id
    )
    releases = list(
        Release.objects.valid(at=timezone.now())
        .filter(survivor=survivor, recipient_agency_id=getattr(actor, "agency_id", None))
        .order_by("pk")
        .values_list("public_id", "kind")
    )
    kinds = {kind for _public_id, kind in releases}
    record(
        actor=actor,
        action="survivors.shared_viewed",
        target=survivor,
        compartment=f"vsp:{owner_agency_id}",
        details={
            "categories": sorted(categories),
            "via": via,
            "basis": (
                AccessBasis.RECORDED_BASIS if kinds == {Release.Kind.BASIS} else AccessBasis.RELEASE
            ),
            "releases": [str(public_id) for public_id, _kind in releases],
        },
    )


@contextmanager
def reading_shared_survivor(user: Any, public_id: Any, *, via: str) -> Iterator[SurvivorView]:
    """Read a survivor record as released to the user's agency, for page and API alike:
    checked, audited and used (rendered) in one transaction holding the release rows, so
    a revoke that commits first is seen and one that comes after waits. A record a
    restriction keeps from the user is a 404 whose refusal is audited (and alerts the
    coordinator) once the reading transaction has rolled back."""
    try:
        with transaction.atomic():
            view = access_shared_survivor(user, public_id)
            record_shared_view(
                view.public_id,
                actor=user,
                owner_agency_id=view.owner_agency_id,
                categories=view.categories,
                via=via,
            )
            yield view
    except RestrictedSurvivor as refused:
        deny_restricted(user, refused.survivor)
        raise Http404 from None


def record_access_report_read(survivor: Survivor, *, actor: User, whole: bool) -> None:
    """Reading who saw a record is itself a read of sensitive data (who looked at whom)."""
    with transaction.atomic():
        record(
            actor=actor,
            action="survivors.access_report_read",
            target=survivor,
            compartment=compartment_of(survivor),
            details={"basis": AccessBasis.OWN_AGENCY if whole else AccessBasis.COORDINATOR},
        )


@transaction.atomic
def record_disclosure(
    survivor: Survivor,
    *,
    actor: User,
    instrument: str,
    instrument_reference: str,
    requesting_body: str,
    categories: Iterable[str],
    received_on: datetime.date,
) -> CompelledDisclosure:
    """Record a compelled disclosure. A court order, warrant or statute authorises the
    minimal extract; a subpoena does not by itself (review required). Either way the
    advocate gets a task to tell the survivor."""
    if not is_owner_staff(actor, survivor, write=True):
        raise PermissionDenied
    chosen = _clean_categories(categories)
    status = (
        CompelledDisclosure.Status.AUTHORISED
        if instrument in AUTHORISING_INSTRUMENTS
        else CompelledDisclosure.Status.REVIEW_REQUIRED
    )
    disclosure = CompelledDisclosure.objects.create(
        survivor=survivor,
        instrument=instrument,
        instrument_reference=instrument_reference,
        requesting_body=requesting_body,
        categories=chosen,
        received_on=received_on,
        status=status,
        recorded_by=actor,
    )
    NotificationTask.objects.create(
        survivor=survivor,
        agency_id=survivor.owner_agency_id,
        assigned_to=actor,
        kind=NotificationTask.Kind.NOTIFY_DISCLOSURE,
        disclosure=disclosure,
        due_on=timezone.localdate() + datetime.timedelta(days=NOTIFY_WITHIN_DAYS),
    )
    record(
        actor=actor,
        action="survivors.disclosure_recorded",
        target=disclosure,
        compartment=compartment_of(survivor),
        details={
            "survivor": str(survivor.public_id),
            "instrument": instrument,
            "categories": chosen,
            "status": status,
        },
    )
    return disclosure


@transaction.atomic
def review_disclosure(
    disclosure: CompelledDisclosure, *, actor: User, authorise: bool, note: str
) -> CompelledDisclosure:
    """Decide a disclosure under review (a subpoena): someone other than the recorder,
    with a note (e.g. the court order since obtained, or the objection filed)."""
    if not is_owner_staff(actor, disclosure.survivor, write=True):
        raise PermissionDenied
    if disclosure.status != CompelledDisclosure.Status.REVIEW_REQUIRED:
        raise ValidationError(_("This disclosure has already been decided."))
    if actor.pk == disclosure.recorded_by_id:
        raise ValidationError(_("Someone other than the recorder must review it."))
    if not note.strip():
        raise ValidationError({"note": [_("Record the grounds of the decision.")]})
    disclosure.status = (
        CompelledDisclosure.Status.AUTHORISED if authorise else CompelledDisclosure.Status.REFUSED
    )
    disclosure.reviewed_by = actor
    disclosure.reviewed_at = timezone.now()
    disclosure.review_note = note
    disclosure.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    record(
        actor=actor,
        action="survivors.disclosure_reviewed",
        target=disclosure,
        compartment=compartment_of(disclosure.survivor),
        details={"status": disclosure.status},
    )
    return disclosure


def disclosure_extract(disclosure: CompelledDisclosure, *, actor: User) -> dict[str, str]:
    """The minimal extract: only the named categories' fields, once authorised."""
    if not is_owner_staff(actor, disclosure.survivor, write=True):
        raise PermissionDenied
    if disclosure.status != CompelledDisclosure.Status.AUTHORISED:
        raise PermissionDenied
    from ccrhub.survivors.models import CATEGORY_FIELDS

    survivor = disclosure.survivor
    extract: dict[str, str] = {}
    for category in disclosure.categories:
        for name in CATEGORY_FIELDS.get(category, ()):
            value = getattr(survivor, name)
            if name == "address" and survivor.address_confidentiality:
                value = survivor.substitute_address
            extract[name] = value
    with transaction.atomic():
        record(
            actor=actor,
            action="survivors.disclosure_extracted",
            target=disclosure,
            compartment=compartment_of(survivor),
            details={"categories": list(disclosure.categories), "fields": sorted(extract)},
        )
    return extract


@transaction.atomic
def complete_task(task: NotificationTask, *, actor: User) -> NotificationTask:
    if not is_owner_staff(actor, task.survivor, write=True):
        raise PermissionDenied
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor
        task.save(update_fields=["done_at", "done_by"])
        record(
            actor=actor,
            action="survivors.task_completed",
            target=task,
            compartment=compartment_of(task.survivor),
            details={"kind": task.kind},
        )
    return task
