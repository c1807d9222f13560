"""`manage.py grant_role --user EMAIL --role ROLE --collaborative ID [--agency CODE]`.

The operator's door for the roles nobody may give in the product (S5): the first
coordinator of a new collaborative, or the advocate role, whose survivor permissions no
one who gives roles holds. It goes through the same action as the pages and the API,
as the operator at the console, and the audit trail says so (without the e-mail).
`--agency` names the agency the person speaks for, as a check against a slip; when it
is not yet a member of the collaborative (a new one), the operator adds it first.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from ccrhub.accounts.models import User
from ccrhub.lib.ids import parse_public_id
from ccrhub.partners.actions import OPERATOR, add_agency_to_collaborative, grant_role
from ccrhub.partners.models import Agency, Collaborative, Role


class Command(BaseCommand):
    help = "Give a person a role in a collaborative, as the operator (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The person's e-mail address.")
        parser.add_argument("--role", required=True, help=f"One of: {', '.join(Role.values)}.")
        parser.add_argument(
            "--collaborative", required=True, help="The collaborative's public id (a UUID)."
        )
        parser.add_argument(
            "--agency", default="", help="Short code of the agency the person must belong to."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"].strip()
        if role not in Role.values:
            raise CommandError(f"Unknown role '{role}'. Roles: {', '.join(Role.values)}.")
        collaborative = _collaborative(options["collaborative"])
        user = User.objects.filter(email=options["user"].strip().lower()).first()
        if user is None:
            raise CommandError("No account has this e-mail address.")
        try:
            agency = _agency_of(user, options["agency"].strip())
            if agency is not None:
                add_agency_to_collaborative(collaborative, agency=agency, actor=OPERATOR)
            representative = grant_role(collaborative, user=user, role=role, actor=OPERATOR)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{Role(representative.role).label} given to {user.public_id} in "
            f"{collaborative.name} ({collaborative.public_id}); recorded in the audit trail."
        )


def _collaborative(public_id: str) -> Collaborative:
    try:
        key = parse_public_id(public_id.strip())
    except Http404 as error:  # a malformed id is one that does not exist
        raise CommandError(f"No active collaborative has the id '{public_id}'.") from error
    collaborative = Collaborative.objects.filter(public_id=key, is_active=True).first()
    if collaborative is None:
        raise CommandError(f"No active collaborative has the id '{public_id}'.")
    return collaborative


def _agency_of(user: User, short_code: str) -> Agency | None:
    """The agency named by `--agency`, when it is the person's own."""
    if not short_code:
        return None
    if not Agency.objects.filter(short_code=short_code).exists():
        raise CommandError(f"No agency has the short code '{short_code}'.")
    agency = user.agency
    if agency is None or agency.short_code != short_code:
        raise CommandError(f"This person does not belong to the agency '{short_code}'.")
    return agency
