"""Accounts unused for 90 days are switched off by a command (S17)."""

import io
from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from ccrhub.accounts.actions import create_api_token
from ccrhub.accounts.models import ApiToken, User
from ccrhub.accounts.tests.conftest import Person, sign_in


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("disable_dormant_accounts", *args, stdout=out)
    return out.getvalue()


def test_dormant_accounts_are_listed_then_disabled_with_commit(
    alice: Person, make_person: object
) -> None:
    long_ago = timezone.now() - timedelta(days=120)
    User.objects.filter(pk=alice.user.pk).update(
        date_joined=long_ago, last_login=long_ago, last_seen_at=long_ago
    )
    recent: Person = make_person("recent@court.example")  # type: ignore[operator]
    User.objects.filter(pk=recent.user.pk).update(
        date_joined=long_ago, last_seen_at=timezone.now() - timedelta(days=3)
    )

    assert "1 dormant account(s) would be deactivated" in _run()
    assert User.objects.get(pk=alice.user.pk).is_active

    assert "1 dormant account(s) deactivated" in _run("--commit")
    assert not User.objects.get(pk=alice.user.pk).is_active
    assert User.objects.get(pk=recent.user.pk).is_active


def test_an_account_used_only_through_its_token_is_not_dormant(alice: Person) -> None:
    long_ago = timezone.now() - timedelta(days=120)
    User.objects.filter(pk=alice.user.pk).update(date_joined=long_ago, last_login=long_ago)
    token, _ = create_api_token(alice.user, name="sync", read_only=True, days=365, actor=None)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    _run("--commit")
    assert User.objects.get(pk=alice.user.pk).is_active


def test_a_new_account_is_not_dormant(make_person: object) -> None:
    make_person("new@court.example")  # type: ignore[operator]
    assert "0 dormant" in _run("--commit")


def test_last_seen_is_kept_at_most_once_an_hour(alice: Person) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = sign_in(alice)
        client.get("/")
        first = User.objects.get(pk=alice.user.pk).last_seen_at
        assert first is not None
        traveller.shift(timedelta(minutes=20))
        client.get("/")
        assert User.objects.get(pk=alice.user.pk).last_seen_at == first
        for _ in range(3):
            traveller.shift(timedelta(minutes=20))
            client.get("/")
        assert User.objects.get(pk=alice.user.pk).last_seen_at > first
