"""allauth hooks: no sign-up, lockout notices, MFA secrets encrypted at rest, key names."""

import base64
import os
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext

from ccrhub.accounts import lockout
from ccrhub.accounts.models import User
from ccrhub.lib import outbox


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by coordinators and agency admins, never by sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's messages leave through the outbox too: plain text, after commit."""
        request = allauth_context.request
        site = get_current_site(request)
        ctx = {"request": request, "email": email, "current_site": site, **context}
        message = self.render_mail(template_prefix, email, ctx)
        outbox.send(
            message.subject,
            message.body,
            message.to,
            headers=dict(message.extra_headers),
            from_email=message.from_email,
        )

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        email = str(credentials.get("email") or "").strip().lower()
        if not email:
            return
        key = self._get_login_attempts_cache_key(request, **credentials)
        if not lockout.is_locked(request, key):
            return
        user = User.objects.filter(email=email, is_active=True).first()
        if user is not None:
            lockout.lock_out(request, user)


MFA_CIPHER_PREFIX = "v1:"


def _mfa_key(secret_key: str | bytes) -> bytes:
    """A key for MFA secrets only, derived from SECRET_KEY (which lives outside the DB)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ccrhub.mfa.v1").derive(
        secret_key.encode() if isinstance(secret_key, str) else secret_key
    )


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets and the recovery-code seed are stored AES-256-GCM encrypted.

    A copy of the database alone gives neither the codes nor the means to make them.
    Keys in SECRET_KEY_FALLBACKS still decrypt, so SECRET_KEY can be rotated.
    """

    def encrypt(self, text: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(_mfa_key(settings.SECRET_KEY)).encrypt(nonce, text.encode(), None)
        return MFA_CIPHER_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def generate_authenticator_name(self, user: Any, type: Authenticator.Type) -> str:
        """The name a new security key starts with (allauth's is "Master key")."""
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        if count == 0:
            return gettext("Security key")
        return gettext("Security key %(number)s") % {"number": count + 1}

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(MFA_CIPHER_PREFIX):
            raise ImproperlyConfigured("An MFA secret is stored unencrypted.")
        raw = base64.urlsafe_b64decode(encrypted_text[len(MFA_CIPHER_PREFIX) :])
        nonce, sealed = raw[:12], raw[12:]
        for secret_key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            try:
                return AESGCM(_mfa_key(secret_key)).decrypt(nonce, sealed, None).decode()
            except InvalidTag:
                continue
        raise ImproperlyConfigured("An MFA secret cannot be decrypted with the current keys.")
