"""Anomaly rules (S20), run on each new audit event after it is committed (`tasks.py`).

Each rule looks at one event and, for the actions it cares about, at most one
indexed count; when it fires it raises an `Alert` for the coordinators of the
event's collaborative. A rule does not raise a second open alert for the same user
within its window. Thresholds can be tuned in settings:

    CCRHUB_ANOMALY_THRESHOLDS = {"views_per_hour": 300, "probes_per_window": 30}

Whether a record is in someone's caseload is the owning app's knowledge: it registers a
check for its record type in its `caseload.py` (see `ccrhub/cases/caseload.py`).
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from ccrhub.audit.models import Alert, AlertRule, AuditEvent, Outcome

DEFAULT_THRESHOLDS: dict[str, int] = {
    # Views (actions ending ".viewed") by one user in an hour.
    "views_per_hour": 200,
    # Denials and "not found" look-ups by one user in the probing window.
    "probes_per_window": 20,
    "probe_window_minutes": 10,
    # Rows in one export.
    "export_rows": 1000,
    # Views by one user in an hour of records outside their caseload.
    "out_of_caseload_per_hour": 20,
    # Searches by one user in an hour not followed by opening any record.
    "searches_without_follow_up": 15,
    "follow_up_minutes": 10,
}

# object type ("cases.case") → check(actor_id, object_id) → is it in the actor's caseload?
CaseloadCheck = Callable[[int, str], bool]
CASELOAD_CHECKS: dict[str, CaseloadCheck] = {}


def caseload_check(object_type: str) -> Callable[[CaseloadCheck], CaseloadCheck]:
    def register(check: CaseloadCheck) -> CaseloadCheck:
        CASELOAD_CHECKS[object_type] = check
        return check

    return register


def threshold(name: str) -> int:
    overrides = settings.CCRHUB_ANOMALY_THRESHOLDS
    return int(overrides.get(name, DEFAULT_THRESHOLDS[name]))


def evaluate(event: AuditEvent) -> list[Alert]:
    """Run every rule on a just-written event; the alerts raised."""
    raised = []
    rules = (
        many_views,
        probing,
        restricted_view,
        large_export,
        out_of_caseload,
        searches_without_follow_up,
    )
    for rule in rules:
        alert = rule(event)
        if alert is not None:
            raised.append(alert)
    return raised


def many_views(event: AuditEvent) -> Alert | None:
    if not event.action.endswith(".viewed") or event.actor_id is None:
        return None
    since = event.occurred_at - timedelta(hours=1)
    limit = threshold("views_per_hour")
    views = AuditEvent.objects.filter(
        actor_id=event.actor_id, occurred_at__gte=since, action__endswith=".viewed"
    ).count()
    if views < limit:
        return None
    return _raise_once(event, AlertRule.MANY_VIEWS, window=timedelta(hours=1), count=views)


def probing(event: AuditEvent) -> Alert | None:
    looks_like_probe = event.outcome == Outcome.DENIED or event.action.endswith(".not_found")
    if not looks_like_probe or event.actor_id is None:
        return None
    window = timedelta(minutes=threshold("probe_window_minutes"))
    misses = (
        AuditEvent.objects.filter(
            actor_id=event.actor_id, occurred_at__gte=event.occurred_at - window
        )
        .filter(_denied_or_not_found())
        .count()
    )
    if misses < threshold("probes_per_window"):
        return None
    return _raise_once(event, AlertRule.PROBING, window=window, count=misses)


def restricted_view(event: AuditEvent) -> Alert | None:
    if event.action != "restricted.denied":
        return None
    # Every attempt matters here: no de-duplication.
    return _create(event, AlertRule.RESTRICTED)


def large_export(event: AuditEvent) -> Alert | None:
    if event.action != "export.created":
        return None
    rows = event.details.get("rows")
    if not isinstance(rows, int) or rows <= threshold("export_rows"):
        return None
    return _create(event, AlertRule.LARGE_EXPORT, rows=rows)


def out_of_caseload(event: AuditEvent) -> Alert | None:
    check = CASELOAD_CHECKS.get(event.object_type)
    if check is None or event.actor_id is None or not event.action.endswith(".viewed"):
        return None
    if check(event.actor_id, event.object_id):
        return None
    since = event.occurred_at - timedelta(hours=1)
    # Only when this view is outside: count the distinct records seen outside in the hour,
    # stopping at the threshold so a busy hour costs at most that many checks.
    limit = threshold("out_of_caseload_per_hour")
    recent = (
        AuditEvent.objects.filter(
            actor_id=event.actor_id,
            occurred_at__gte=since,
            action__endswith=".viewed",
            object_type__in=list(CASELOAD_CHECKS),
        )
        .values_list("object_type", "object_id")
        .distinct()
    )
    outside = 0
    for kind, object_id in recent.iterator():
        outside += not CASELOAD_CHECKS[kind](event.actor_id, object_id)
        if outside >= limit:
            return _raise_once(
                event, AlertRule.OUT_OF_CASELOAD, window=timedelta(hours=1), count=outside
            )
    return None


def searches_without_follow_up(event: AuditEvent) -> Alert | None:
    """Fishing: many searches (for a name, say) without opening what they found."""
    if event.action != "search.performed" or event.actor_id is None:
        return None
    follow_up = timedelta(minutes=threshold("follow_up_minutes"))
    mine = AuditEvent.objects.filter(actor_id=event.actor_id)
    # Searches old enough to have had their follow-up, within the last hour.
    searches = mine.filter(
        action="search.performed",
        occurred_at__gte=event.occurred_at - timedelta(hours=1),
        occurred_at__lte=event.occurred_at - follow_up,
    ).values_list("occurred_at", flat=True)
    views = list(
        mine.filter(
            action__endswith=".viewed", occurred_at__gte=event.occurred_at - timedelta(hours=1)
        ).values_list("occurred_at", flat=True)
    )
    fruitless = sum(1 for at in searches if not any(at <= v <= at + follow_up for v in views))
    if fruitless < threshold("searches_without_follow_up"):
        return None
    return _raise_once(
        event, AlertRule.SEARCH_NO_FOLLOW_UP, window=timedelta(hours=1), count=fruitless
    )


def _denied_or_not_found() -> Any:
    from django.db.models import Q

    return Q(outcome=Outcome.DENIED) | Q(action__endswith=".not_found")


def _raise_once(event: AuditEvent, rule: str, *, window: timedelta, **extra: Any) -> Alert | None:
    already = Alert.objects.open().filter(
        rule=rule, actor_id=event.actor_id, created_at__gte=timezone.now() - window
    )
    if already.exists():
        return None
    return _create(event, rule, **extra)


def _collaboratives_to_tell(event: AuditEvent) -> list[int | None]:
    """The event's collaborative; failing that (a look-up that found nothing), every
    collaborative the actor belongs to, so their coordinators hear of it."""
    if event.collaborative_id is not None:
        return [event.collaborative_id]
    if event.actor_id is None:
        return [None]
    from ccrhub.partners.models import Representative

    ids = Representative.objects.filter(user_id=event.actor_id, is_active=True).values_list(
        "collaborative_id", flat=True
    )
    return list(ids) or [None]


def _create(event: AuditEvent, rule: str, **extra: Any) -> Alert:
    details: dict[str, Any] = {
        "event": str(event.public_id),
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        **extra,
    }
    alerts = [
        Alert.objects.create(
            collaborative_id=collaborative_id, rule=rule, actor_id=event.actor_id, details=details
        )
        for collaborative_id in _collaboratives_to_tell(event)
    ]
    return alerts[0]
