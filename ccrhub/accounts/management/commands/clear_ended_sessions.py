"""`manage.py clear_ended_sessions`: remove session rows past their idle or absolute
limit, and Django's expired sessions. Safe to run often (e.g. from cron)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from ccrhub.accounts.models import UserSession


class Command(BaseCommand):
    help = "Delete sessions that can no longer be used."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        # The longest idle limit: a row idle longer than this is dead for every role.
        idle = timedelta(minutes=settings.SESSION_IDLE_MINUTES)
        absolute = timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)
        ended, _ = UserSession.objects.filter(
            Q(last_seen_at__lt=now - idle) | Q(created_at__lt=now - absolute)
        ).delete()
        if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
            Session.objects.filter(expire_date__lt=now).delete()
        self.stdout.write(f"{ended} ended session(s) removed.")
