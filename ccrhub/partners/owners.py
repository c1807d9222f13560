"""Who an action is given to, as an API body names it: an active agency and, optionally,
an active person, by public id (`lib.api.named` answers an unknown one as a field error).
Shared by CCR action items and high-risk actions."""

from typing import Any

from ccrhub.accounts.models import User
from ccrhub.lib.api import named
from ccrhub.partners.models import Agency


def owner_agency(value: Any) -> Agency:
    agencies = Agency.objects.filter(is_active=True)
    return named(agencies, value, field="owner_agency", unknown="Unknown agency.")


def owner_person(value: Any) -> User | None:
    if value is None:
        return None
    people = User.objects.filter(is_active=True)
    return named(people, value, field="owner", unknown="Unknown person.")
