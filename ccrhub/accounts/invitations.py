"""The e-mail that lets a new account holder choose their own password."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.core.context import request_context
from django.http import HttpRequest

from ccrhub.accounts.models import User


def send_invitation(request: HttpRequest, user: User) -> None:
    """Mail a one-time link to allauth's set-a-new-password page.

    The link is allauth's password-reset key: valid for PASSWORD_RESET_TIMEOUT and
    void once a password is set. Signing in afterwards still asks for MFA enrolment.
    """
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    # Sent after the admin's transaction commits, when allauth's request context is gone.
    with request_context(request):
        adapter = get_adapter(request)
        adapter.send_mail(
            "account/email/invitation",
            user.email,
            {"user": user, "invitation_url": adapter.get_reset_password_from_key_url(key)},
        )
