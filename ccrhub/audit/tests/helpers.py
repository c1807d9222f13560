"""Small builders for the audit tests: a collaborative and its people, each with MFA."""

import itertools
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from ccrhub.accounts.models import User
from ccrhub.partners.models import Agency, Collaborative, Representative, Role

_numbers = itertools.count(1)


def make_collaborative(name: str = "Riverside County CCR") -> Collaborative:
    return Collaborative.objects.create(name=name, kind="ccr")


def make_agency(
    name: str = "Riverside Police Department", sector: str = "law_enforcement"
) -> Agency:
    number = next(_numbers)
    return Agency.objects.create(
        name=name, short_code=f"agency-{number}", sector=sector, regime="criminal_justice"
    )


def make_person(collaborative: Collaborative | None, role: str = Role.MEMBER, **extra: Any) -> User:
    user = User.objects.create_user(
        f"person-{next(_numbers)}@example.org", "a long password!", **extra
    )
    TOTP.activate(user, generate_totp_secret())
    if collaborative is not None:
        Representative.objects.create(collaborative=collaborative, user=user, role=role)
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
