"""Restricting case-like objects against users, units and parties (S6).

Any model with an integer primary key can be restricted. Access functions call
`restricted_against(user, obj)` after the role check; a hit answers 404 like any
object the user may not see, is audited as `restricted.denied` and alerts the
coordinator (the audit app's anomaly rules react to that action).
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404

from ccrhub.accounts.models import Restriction, User
from ccrhub.audit.log import record
from ccrhub.partners.models import Unit


def _rows_for(obj: models.Model) -> "models.QuerySet[Restriction]":
    return Restriction.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def _against(user: Any) -> Q:
    condition = Q(kind__in=[Restriction.Kind.USER, Restriction.Kind.PARTY], user_id=user.pk)
    if getattr(user, "unit_id", None) is not None:
        condition |= Q(kind=Restriction.Kind.UNIT, unit_id=user.unit_id)
    return condition


def restricting(user: Any, model: type[models.Model]) -> "models.QuerySet[Restriction]":
    """Restrictions against the user (by name, as a party, or on their unit) on objects
    of `model`: a few rows, usable as a subquery of what they keep the user from."""
    return Restriction.objects.filter(content_type=ContentType.objects.get_for_model(model)).filter(
        _against(user)
    )


def restricted_against(user: Any, obj: models.Model) -> bool:
    return _rows_for(obj).filter(_against(user)).exists()


def is_restricted(obj: models.Model) -> bool:
    return _rows_for(obj).exists()


def restrictions_of(obj: models.Model) -> "models.QuerySet[Restriction]":
    return _rows_for(obj).select_related("user", "unit__agency").order_by("created_at")


def deny_restricted(user: Any, obj: models.Model) -> None:
    """Audit a refused opening of a restricted object; the caller then answers 404."""
    record(actor=user, action="restricted.denied", target=obj, outcome="denied")


def refuse_if_restricted(user: Any, obj: models.Model) -> None:
    """404, audited, when a restriction keeps `obj` from the user: the `refuse` rule of
    `ccrhub.lib.access.access_scoped` for restrictable rows."""
    if restricted_against(user, obj):
        deny_restricted(user, obj)
        raise Http404


@transaction.atomic
def restrict(
    obj: models.Model,
    *,
    actor: User,
    user: User | None = None,
    unit: Unit | None = None,
    party: bool = False,
) -> Restriction:
    """Keep `obj` away from a named user, a whole unit, or a party to it."""
    if (user is None) == (unit is None):
        raise ValueError("Name exactly one user or one unit.")
    if party and user is None:
        raise ValueError("A party is a person, not a unit.")
    kind = (
        Restriction.Kind.UNIT
        if unit is not None
        else (Restriction.Kind.PARTY if party else Restriction.Kind.USER)
    )
    restriction, _ = Restriction.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=kind,
        user=user,
        unit=unit,
        defaults={"created_by": actor},
    )
    record(actor=actor, action="restriction.added", target=obj, details={"kind": kind})
    return restriction


@transaction.atomic
def lift_restriction(restriction: Restriction, *, actor: User) -> None:
    """Remove a user or unit restriction. A party restriction is never lifted here."""
    if restriction.kind == Restriction.Kind.PARTY:
        raise ValueError("A party to a record can never be given access to it.")
    target = restriction.content_type.get_object_for_this_type(pk=restriction.object_id)
    kind = restriction.kind
    restriction.delete()
    record(actor=actor, action="restriction.lifted", target=target, details={"kind": kind})
