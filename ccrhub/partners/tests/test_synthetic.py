"""generate_synthetic: data at scale for benchmarks, the same for the same seed."""

import io
import random
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ccrhub.accounts.models import User
from ccrhub.cases.models import Case
from ccrhub.partners import synthetic
from ccrhub.partners.models import (
    Agency,
    AgencyMembership,
    Collaborative,
    Representative,
    Role,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fresh_database]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", *args, stdout=out)
    return out.getvalue()


def contents() -> dict[str, list[Any]]:
    return {
        "collaboratives": sorted(
            Collaborative.objects.values_list("name", "kind", "area", "communities_served")
        ),
        "agencies": sorted(
            Agency.objects.values_list("short_code", "name", "sector", "regime", "communities")
        ),
        "memberships": sorted(
            AgencyMembership.objects.values_list("collaborative__name", "agency__short_code")
        ),
        "users": sorted(User.objects.values_list("email", "full_name", "agency__short_code")),
        "roles": sorted(
            Representative.objects.values_list("collaborative__name", "user__email", "role")
        ),
    }


def wipe() -> None:
    # Other apps' synthetic parts hang rows on these (cases on agencies); clear them first.
    Case.objects.all().delete()
    Representative.objects.all().delete()
    AgencyMembership.objects.all().delete()
    User.objects.all().delete()
    Agency.objects.all().delete()
    Collaborative.objects.all().delete()


def test_synthetic_data_grows_with_the_number_of_cases(settings: Any) -> None:
    settings.DEBUG = True
    out = run("--cases", "5000", "--seed", "7")

    scale = synthetic.SyntheticScale.for_cases(5000)
    assert scale.collaboratives == 3
    agencies = scale.collaboratives * scale.agencies_per_collaborative
    people = agencies * scale.users_per_agency
    assert Collaborative.objects.count() == 3
    assert Agency.objects.count() == agencies
    assert AgencyMembership.objects.count() == agencies
    assert User.objects.count() == people
    assert Representative.objects.count() == people
    # Each synthetic collaborative has exactly one coordinator, and its people
    # belong to its own member agencies.
    for collaborative in Collaborative.objects.all():
        reps = Representative.objects.filter(collaborative=collaborative)
        assert reps.filter(role=Role.COORDINATOR).count() == 1
        member_agencies = set(collaborative.memberships.values_list("agency_id", flat=True))
        assert set(reps.values_list("user__agency_id", flat=True)) == member_agencies
    assert f"users: {people}" in out
    assert "seed 7" in out


def test_synthetic_data_is_the_same_for_the_same_seed(settings: Any) -> None:
    settings.DEBUG = True
    run("--cases", "2500", "--seed", "11")
    first = contents()
    wipe()
    run("--cases", "2500", "--seed", "11")

    assert contents() == first
    assert len(first["users"]) == 2 * 12 * 4


def test_another_seed_makes_other_people_beside_the_first(settings: Any) -> None:
    settings.DEBUG = True
    run("--cases", "100", "--seed", "1")
    first = contents()
    run("--cases", "100", "--seed", "2")

    assert Collaborative.objects.count() == 2
    second_names = {name for (_email, name, code) in contents()["users"] if code.startswith("s2-")}
    assert second_names != {name for (_email, name, _code) in first["users"]}


def test_the_same_seed_twice_in_one_database_is_refused(settings: Any) -> None:
    settings.DEBUG = True
    run("--cases", "100", "--seed", "5")
    with pytest.raises(CommandError, match="seed 5 already exists"):
        run("--cases", "100", "--seed", "5")
    assert Collaborative.objects.count() == 1


def test_generate_synthetic_refuses_to_run_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run("--cases", "100")
    assert not Collaborative.objects.exists()


def test_parts_registered_by_other_apps_run_after_the_partners_part(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = True
    seen: list[tuple[int, int]] = []

    def widgets_part(
        rng: random.Random, scale: synthetic.SyntheticScale, ctx: synthetic.SyntheticContext
    ) -> None:
        # A later part finds what the partners part made, and adds its own count.
        seen.append((scale.cases, len(ctx.ids["collaborative"])))
        ctx.add_count("widgets", scale.cases)

    monkeypatch.setattr(synthetic, "SYNTHETIC_PARTS", list(synthetic.SYNTHETIC_PARTS))
    synthetic.synthetic_part(widgets_part)

    out = run("--cases", "300", "--seed", "3")

    assert seen == [(300, 1)]
    assert "widgets: 300" in out
