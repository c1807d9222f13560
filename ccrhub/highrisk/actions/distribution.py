"""What leaves by e-mail: the minutes after a conference and the chasers for research
returns."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.highrisk import queries
from ccrhub.highrisk.actions.conferences import _check_manage
from ccrhub.highrisk.models import (
    Conference,
)
from ccrhub.lib import outbox
from ccrhub.partners.models import (
    Representative,
)


def _addresses(collaborative_id: int, agency_ids: set[int]) -> list[str]:
    return sorted(
        set(
            Representative.objects.filter(
                collaborative_id=collaborative_id,
                is_active=True,
                user__is_active=True,
                user__agency_id__in=agency_ids,
            ).values_list("user__email", flat=True)
        )
    )


def _link(name: str, conference: Conference) -> str:
    return settings.CCRHUB_SITE_URL + reverse(name, kwargs={"public_id": conference.public_id})


@transaction.atomic
def distribute_minutes(conference: Conference, *, actor: User) -> int:
    """Tell the attending agencies' people the minutes are ready. The message carries
    a link only: the minutes stay behind sign-in, readable by attending agencies."""
    from ccrhub.highrisk.access import attending_agency_ids

    _check_manage(conference, actor)
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not conference.minutes.strip():
        raise ValidationError({"minutes": [_("Write the minutes first.")]})
    recipients = _addresses(conference.collaborative_id, attending_agency_ids(conference))
    body = _(
        "RESTRICTED. The minutes of the high-risk conference of %(day)s are ready for the "
        "agencies that attended. Read them after signing in:\n%(link)s\n\n"
        "Do not forward this message or share the minutes without the agencies' agreement."
    ) % {"day": conference.held_on.isoformat(), "link": _link("highrisk:minutes", conference)}
    messages = [
        outbox.Message(_("RESTRICTED: high-risk conference minutes"), body, to=[address])
        for address in recipients
    ]
    conference.minutes_distributed_at = timezone.now()
    conference.save(update_fields=["minutes_distributed_at"])
    record(
        actor=actor,
        action="highrisk.minutes_distributed",
        target=conference,
        details={"recipients": len(messages)},
    )
    outbox.send_all(messages)
    return len(messages)


def chase_returns(conference: Conference, *, actor: User | None = None) -> int:
    """E-mail the people of member agencies that have not returned research for every
    case on the agenda. Counts and a link only; audited once."""
    missing = queries.missing_returns(conference)
    messages = []
    for agency_id, count in sorted(missing.items()):
        body = _(
            "Your agency has not yet returned research for %(count)s case(s) on the agenda "
            "of the high-risk conference of %(day)s. Please submit it before the meeting:\n"
            "%(link)s"
        ) % {
            "count": count,
            "day": conference.held_on.isoformat(),
            "link": _link("highrisk:returns", conference),
        }
        for address in _addresses(conference.collaborative_id, {agency_id}):
            messages.append(
                outbox.Message(_("High-risk conference: research returns due"), body, to=[address])
            )
    with transaction.atomic():
        record(
            actor=actor,
            action="highrisk.returns_chased",
            target=conference,
            details={"agencies": len(missing), "messages": len(messages)},
        )
        outbox.send_all(messages)
    return len(messages)
