"""Personal calendar feeds."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ccrhub.accounts.models import User
from ccrhub.audit.log import record
from ccrhub.meetings.calendar import feed_token, new_salt, token_digest
from ccrhub.meetings.models import (
    CalendarFeed,
)


@transaction.atomic
def create_calendar_feed(user: User, *, actor: User) -> tuple[CalendarFeed, str]:
    """A new secret feed address for `user`; any earlier one stops working."""
    if actor.pk != user.pk:
        raise PermissionDenied
    for old in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True):
        revoke_calendar_feed(old, actor=actor)
    feed = CalendarFeed(user=user, salt=new_salt())
    token = feed_token(feed)
    feed.digest = token_digest(token)
    feed.save()
    record(actor=actor, action="calendar_feed.created", target=feed)
    return feed, token


@transaction.atomic
def revoke_calendar_feed(feed: CalendarFeed, *, actor: User) -> None:
    if actor.pk != feed.user_id:
        raise PermissionDenied
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    record(actor=actor, action="calendar_feed.revoked", target=feed)
