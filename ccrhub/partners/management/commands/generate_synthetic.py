"""`manage.py generate_synthetic --cases N --seed S`: realistic data at scale for benchmarks.

The work is done by the parts registered in `ccrhub.partners.synthetic.SYNTHETIC_PARTS`;
each app may add its own in a `synthetic` module, discovered here.
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import autodiscover_modules

from ccrhub.partners.synthetic import generate_synthetic, synthetic_tag_exists


class Command(BaseCommand):
    help = "Create synthetic collaboratives, agencies and people in proportion to --cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="Number of cases to scale to.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "generate_synthetic fills the database with fake people and runs only with "
                "DEBUG=1 (development, benchmarks). Refusing to run."
            )
        cases, seed = options["cases"], options["seed"]
        if cases < 1 or seed < 0:
            raise CommandError("--cases must be at least 1 and --seed not negative.")
        if synthetic_tag_exists(seed):
            raise CommandError(f"Synthetic data for seed {seed} already exists; pick another seed.")
        autodiscover_modules("synthetic")
        started = time.perf_counter()
        context = generate_synthetic(cases=cases, seed=seed)
        elapsed = time.perf_counter() - started
        for label, count in context.counts.items():
            self.stdout.write(f"{label:>24}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Synthetic data for {cases} cases, seed {seed}: {elapsed:.2f} s.")
        )
