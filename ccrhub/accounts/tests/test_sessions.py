"""Sessions live on the server; people see and end them; idle and old ones end (S17)."""

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from ccrhub.accounts.models import UserSession
from ccrhub.accounts.sessions import browser_family, session_digest
from ccrhub.accounts.tests.conftest import CHROME, FIREFOX, Person, sign_in
from ccrhub.partners.models import Agency, Collaborative, Representative, Role


def _second_browser(person: Person) -> Client:
    client = Client(HTTP_USER_AGENT=CHROME)
    client.force_login(person.user)
    return client


def test_signing_in_records_a_session_without_the_raw_key(alice: Person) -> None:
    client = sign_in(alice)
    key = client.session.session_key
    row = UserSession.objects.get(user=alice.user)
    assert row.key_digest == session_digest(key)
    assert key not in row.key_digest
    assert row.browser == "Firefox"


def test_signing_in_starts_a_new_session_id(alice: Person) -> None:
    client = Client()
    planted = client.session  # a session id someone may have planted before login
    planted["note"] = "x"
    planted.save()
    sign_in(alice, client=client)
    assert client.session.session_key != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()


def test_browser_family_keeps_only_the_family() -> None:
    assert browser_family(FIREFOX) == "Firefox"
    assert browser_family(CHROME) == "Chrome"
    headless = CHROME.replace("Chrome/", "HeadlessChrome/")
    assert browser_family(headless) == "Chrome"
    assert browser_family("") == "Other"


def test_alice_sees_her_sessions(alice: Person) -> None:
    client = sign_in(alice)
    _second_browser(alice)
    response = client.get("/settings/sessions/")
    assert response.status_code == 200
    assert len(response.context["user_sessions"]) == 2
    assert "This browser" in response.content.decode()


def test_alice_ends_a_session_she_does_not_recognise(alice: Person) -> None:
    client = sign_in(alice)
    stranger = _second_browser(alice)
    other = UserSession.objects.exclude(key_digest=session_digest(client.session.session_key)).get()
    response = client.post(f"/settings/sessions/{other.public_id}/end")
    assert response.status_code == 302
    assert stranger.get("/").status_code == 302  # signed out
    assert client.get("/").status_code == 200
    assert not Session.objects.filter(session_key=stranger.session.session_key).exists()


def test_end_all_other_sessions(alice: Person) -> None:
    client = sign_in(alice)
    others = [_second_browser(alice), _second_browser(alice)]
    client.post("/settings/sessions/end-others")
    assert [c.get("/").status_code for c in others] == [302, 302]
    assert client.get("/").status_code == 200
    assert UserSession.objects.filter(user=alice.user).count() == 1


def test_ending_is_a_post(signed_in: Client, alice: Person) -> None:
    row = UserSession.objects.get(user=alice.user)
    assert signed_in.get(f"/settings/sessions/{row.public_id}/end").status_code == 405
    assert signed_in.get("/settings/sessions/end-others").status_code == 405


def test_nobody_ends_someone_elses_session(alice: Person, make_person: object) -> None:
    bob: Person = make_person("bob@court.example")  # type: ignore[operator]
    bobs_browser = sign_in(bob)
    client = sign_in(alice)
    bobs = UserSession.objects.get(user=bob.user)
    assert client.post(f"/settings/sessions/{bobs.public_id}/end").status_code == 404
    assert bobs_browser.get("/").status_code == 200


def test_logout_deletes_the_session_row(alice: Person) -> None:
    client = sign_in(alice)
    client.post("/accounts/logout/")
    assert not UserSession.objects.filter(user=alice.user).exists()


def test_idle_for_31_minutes_signs_out(alice: Person) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = sign_in(alice)
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=29))  # active again within the limit
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert not UserSession.objects.filter(user=alice.user).exists()


def test_advocates_are_signed_out_after_15_idle_minutes(make_person: object) -> None:
    advocate: Person = make_person("ada@safeharbor.example")  # type: ignore[operator]
    ccr = Collaborative.objects.create(name="Riverbend CCR", kind="ccr")
    Agency.objects.create(name="Safe Harbor", short_code="sh", sector="advocacy", regime="vsp")
    Representative.objects.create(collaborative=ccr, user=advocate.user, role=Role.ADVOCATE)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = sign_in(advocate)
        traveller.shift(timedelta(minutes=14))
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=16))
        assert client.get("/").status_code == 302


def test_no_session_lasts_more_than_10_hours(alice: Person) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = sign_in(alice)
        for _ in range(20):  # busy all day, never idle
            traveller.shift(timedelta(minutes=29))
            client.get("/")
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(alice: Person) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = sign_in(alice)
        first = UserSession.objects.get(user=alice.user).last_seen_at
        traveller.shift(timedelta(seconds=30))
        client.get("/")
        assert UserSession.objects.get(user=alice.user).last_seen_at == first
        traveller.shift(timedelta(seconds=31))
        client.get("/")
        assert UserSession.objects.get(user=alice.user).last_seen_at > first


def test_session_cookie_settings() -> None:
    from ccrhub import settings

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
