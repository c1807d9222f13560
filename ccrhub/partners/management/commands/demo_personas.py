"""`manage.py demo_personas`: the demo logins, as a table or as JSON."""

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ccrhub.accounts.demo import persona_logins


class Command(BaseCommand):
    help = "Print the demo persona logins (password and TOTP secret). DEBUG only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print a JSON list instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "demo_personas prints demo passwords and runs only with DEBUG=1 "
                "(development). Refusing to run."
            )
        logins = persona_logins()
        if options["json"]:
            self.stdout.write(json.dumps(logins, indent=2, ensure_ascii=False))
            return
        if not logins:
            raise CommandError("No demo personas in this database: run `manage.py seed_demo`.")
        self.stdout.write(render_table(logins))
        self.stdout.write(
            "\nLog in with the e-mail and password, then enter the code of an authenticator "
            "app set up with the TOTP secret (or: oathtool --totp -b <secret>)."
        )


def render_table(logins: list[dict[str, Any]]) -> str:
    """A plain-text table; collaboratives and roles go on one line each under the person."""
    headers = ("persona", "e-mail", "password", "TOTP secret", "agency")
    rows = [
        (login["key"], login["email"], login["password"], login["totp_secret"], login["agency"])
        for login in logins
    ]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(headers), line(tuple("-" * w for w in widths))]
    for login, row in zip(logins, rows, strict=True):
        out.append(line(row))
        for collab in login["collaboratives"]:
            out.append(f"{'':{widths[0]}}    {collab['role']} in {collab['name']}")
    return "\n".join(out)
