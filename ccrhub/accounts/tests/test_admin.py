"""The Django admin: no password fields; new accounts choose their own password (S15)."""

import re

from django.core import mail
from django.test import Client, TestCase

from ccrhub.accounts.models import User
from ccrhub.accounts.tests.conftest import PASSWORD, Person, sign_in


def _staff(make_person: object) -> Client:
    sam: Person = make_person("sam@hub.example", is_staff=True, is_superuser=True)  # type: ignore[operator]
    return sign_in(sam)


def test_the_user_form_has_no_password(alice: Person, make_person: object) -> None:
    admin = _staff(make_person)
    page = admin.get(f"/admin/accounts/user/{alice.user.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="password' not in body
    assert alice.user.password not in body
    # No set-password page: the admin's catch-all sends the address back to the change form.
    response = admin.get(f"/admin/accounts/user/{alice.user.pk}/password/", follow=True)
    assert 'name="password1"' not in response.content.decode()


def test_a_new_account_gets_an_invitation_not_a_password(
    make_person: object,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: object,
) -> None:
    admin = _staff(make_person)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = admin.post(
            "/admin/accounts/user/add/",
            {"email": "New.Person@court.example", "full_name": "New Person"},
        )
    assert response.status_code == 302, response.content[:2000]
    user = User.objects.get(email="new.person@court.example")
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+", mailoutbox[0].body)
    assert link is not None

    # The person sets a password through the link, then must still pass MFA enrolment.
    newcomer = Client()
    path = link.group(0).split("testserver", 1)[1]
    response = newcomer.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    newcomer.post(
        form_url, {"password1": "lantern orchard pebble", "password2": "lantern orchard pebble"}
    )
    user.refresh_from_db()
    assert user.check_password("lantern orchard pebble")
    newcomer.post("/accounts/login/", {"login": user.email, "password": "lantern orchard pebble"})
    assert newcomer.get("/")["Location"] == "/accounts/2fa/totp/activate/"


def test_deactivation_from_the_admin_goes_through_the_action(
    alice: Person, make_person: object
) -> None:
    admin = _staff(make_person)
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "deactivate_selected", "_selected_action": [alice.user.pk]},
    )
    assert response.status_code == 302
    alice.user.refresh_from_db()
    assert not alice.user.is_active


def test_password_reset_still_asks_for_the_code(
    alice: Person, mailoutbox: list[mail.EmailMessage]
) -> None:
    client = Client()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": alice.user.email})
    link = re.search(r"https?://testserver(\S+)", mailoutbox[-1].body)
    assert link is not None
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new = "quiet harbour lantern"
    client.post(form_url, {"password1": new, "password2": new})
    alice.user.refresh_from_db()
    assert alice.user.check_password(new)
    # Resetting did not sign her in, and signing in still needs the code.
    assert client.get("/").status_code == 302
    response = client.post("/accounts/login/", {"login": alice.user.email, "password": new})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302
    assert new != PASSWORD
