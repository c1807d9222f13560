"""/api/v1/me: who am I; I may change only harmless preferences (S4)."""

from django.test import Client

from ccrhub.accounts.actions import create_api_token
from ccrhub.accounts.models import User
from ccrhub.accounts.tests.conftest import Person
from ccrhub.partners.models import Agency, Collaborative, Representative, Role


def _client(person: Person) -> Client:
    _token, raw = create_api_token(person.user, name="t", read_only=False, days=30, actor=None)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_me_shows_exactly_the_contract_fields(alice: Person) -> None:
    police = Agency.objects.create(
        name="Police", short_code="pd", sector="law_enforcement", regime="criminal_justice"
    )
    User.objects.filter(pk=alice.user.pk).update(agency=police)
    ccr = Collaborative.objects.create(name="Riverbend CCR", kind="ccr")
    Representative.objects.create(collaborative=ccr, user=alice.user, role=Role.MEMBER)
    body = _client(alice).get("/api/v1/me").json()
    assert set(body) == {"id", "email", "full_name", "agency", "roles", "calendar_feed_url"}
    assert body["id"] == str(alice.user.public_id)
    assert body["agency"] == str(police.public_id)
    assert body["roles"][0]["collaborative"] == str(ccr.public_id)
    assert body["roles"][0]["role"] == "member"
    assert body["calendar_feed_url"] is None


def test_patch_changes_the_name_and_nothing_else(alice: Person) -> None:
    other = Agency.objects.create(
        name="Other", short_code="ot", sector="law_enforcement", regime="criminal_justice"
    )
    ccr = Collaborative.objects.create(name="Riverbend CCR", kind="ccr")
    before = User.objects.filter(pk=alice.user.pk).values().get()
    response = _client(alice).patch(
        "/api/v1/me",
        {
            "full_name": "Alice M.",
            "email": "mallory@evil.example",
            "agency": str(other.public_id),
            "roles": [{"collaborative": str(ccr.public_id), "role": "coordinator"}],
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "id": "00000000-0000-0000-0000-000000000000",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    after = User.objects.filter(pk=alice.user.pk).values().get()
    assert after["full_name"] == "Alice M."
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"full_name"}
    assert not Representative.objects.filter(user=alice.user).exists()


def test_put_is_not_allowed(alice: Person) -> None:
    response = _client(alice).put("/api/v1/me", {}, content_type="application/json")
    assert response.status_code == 405
