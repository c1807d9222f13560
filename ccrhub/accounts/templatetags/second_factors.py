"""Template filters for the two-step sign-in pages."""

from allauth.mfa.models import Authenticator
from django import template

register = template.Library()


@register.filter
def has_security_key(user: object) -> bool:
    """Whether the person has added a security key or passkey (WebAuthn)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
