"""`manage.py create_api_token --email EMAIL [--read-only] [--days N] [--name NAME]`.

Prints the token, once, and nothing else on standard output, so it can be piped
into a secret store; everything meant for people goes to standard error.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ccrhub.accounts.actions import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, create_api_token
from ccrhub.accounts.models import User


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--read-only", action="store_true", dest="read_only")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_TOKEN_DAYS,
            help=f"Days until it expires (1 to {MAX_TOKEN_DAYS}, default {DEFAULT_TOKEN_DAYS}).",
        )
        parser.add_argument("--name", default="Created by an operator")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError("No active account has this e-mail address.")
        try:
            token, raw = create_api_token(
                user,
                name=options["name"],
                read_only=options["read_only"],
                days=options["days"],
                actor=None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(
            f"Token {token.prefix}… for {user.email}, "
            f"{'read-only, ' if token.read_only else ''}expires {token.expires_at:%Y-%m-%d}."
        )
        self.stdout.write(raw)
