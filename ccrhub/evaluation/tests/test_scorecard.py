"""The demo county's evaluation pages render for the people who may see them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_scorecard_with_charts_and_numbers(
    demo_evaluation, client_as
) -> None:
    p = demo_evaluation
    response = client_as(p.coordinator).get(reverse("evaluation:scorecard", args=[p.ccr.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="chart-spec"' in html and "Calls answered by the 24-hour hotline" in html
    assert "171" in html  # the latest hotline figure, beside the chart
