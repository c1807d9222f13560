"""The coalition view: each collaborative against the published reference values,
suppressed aggregates only, for the people who see aggregates in the lead."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ccrhub.evaluation.models import Coalition
from ccrhub.evaluation.queries import coalition_rows
from ccrhub.evaluation.tests.conftest import open_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition(personas):
    coalition = Coalition.objects.create(name="State coalition", lead=personas.ccr)
    coalition.members.set([personas.ccr, personas.neighbour_ccr])
    return coalition


def test_each_collaborative_stands_beside_the_references_with_small_counts_hidden(
    client_as, personas, coalition
) -> None:
    open_cases(personas, incidents=30, arrests=16, on=timezone.localdate())
    response = client_as(personas.analyst).get(
        reverse("evaluation:coalition-detail", args=[coalition.public_id])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert personas.ccr.name in html and personas.neighbour_ccr.name in html
    assert "53% (16 / 30)" in html  # Riverbend: 16 arrests of 30 incidents
    assert "reference about 50%" in html and "reference 32%" in html
    rows = {row.collaborative.pk: row for row in response.context["rows"]}
    arrest, _bip, marac, _repeats = rows[personas.neighbour_ccr.pk].figures
    assert arrest["numerator"] == 0 and arrest["value"] is None  # no incidents there
    assert marac["available"] is True and marac["numerator"] == 0  # none heard there


def test_an_arrest_count_of_ten_or_fewer_hides_with_its_complement(personas) -> None:
    open_cases(personas, incidents=16, arrests=10, on=timezone.localdate())
    [row] = coalition_rows([personas.ccr], today=timezone.localdate())
    arrest = row.figures[0]
    assert arrest["numerator"] is None and arrest["value"] is None


def test_the_community_member_and_the_outsider_do_not_see_it(
    client_as, personas, coalition
) -> None:
    url = reverse("evaluation:coalition-detail", args=[coalition.public_id])
    assert client_as(personas.community_member).get(url).status_code == 403
    assert client_as(personas.outsider).get(url).status_code == 404


def test_a_yearly_figure_is_not_shown_when_one_of_its_quarters_is_hidden(personas) -> None:
    """A year of 40 incidents whose latest quarter holds 3: the quarterly table hides
    the 3, so the year's 40 would give it away beside the other quarters."""
    from ccrhub.evaluation.disclosure import quarters_back

    today = timezone.localdate()
    earlier = quarters_back(today, 2)[0][0]
    open_cases(personas, incidents=37, arrests=20, on=earlier)
    open_cases(personas, incidents=3, arrests=2, on=today)
    [row] = coalition_rows([personas.ccr], today=today)
    arrest = row.figures[0]
    assert arrest["available"] and arrest["numerator"] is None and arrest["value"] is None
