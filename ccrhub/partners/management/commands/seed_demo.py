"""`manage.py seed_demo`: load the fictional Riverbend County for demonstrations."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from ccrhub.partners.demo import COUNTY, DEMO_PARTS, NEIGHBOUR_COUNTY, build_county
from ccrhub.partners.models import Collaborative


class Command(BaseCommand):
    help = (
        f"Create the demo county ({COUNTY} and its neighbour {NEIGHBOUR_COUNTY}) with "
        "a login for every persona. Development only: refuses to run without DEBUG."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds a collaborative.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Demo logins have published passwords: they must never reach a real deployment.
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with published passwords and runs only with "
                "DEBUG=1 (development). Refusing to run."
            )
        if Collaborative.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already holds collaboratives; demo not loaded.")
                return
            raise CommandError(
                "The database already holds collaboratives. Load the demo into an empty "
                "database, or pass --if-empty to skip quietly."
            )
        autodiscover_modules("demo")
        with transaction.atomic():
            county = build_county()
            for part in DEMO_PARTS:
                part(county)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(county.collaboratives)} collaboratives, "
                f"{len(county.agencies)} agencies, "
                f"{len(county.users) + len(county.members)} people "
                f"({len(county.users)} persona logins; see `manage.py demo_personas`)."
            )
        )
