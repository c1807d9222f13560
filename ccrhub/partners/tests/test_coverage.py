"""Coverage: recommended sectors present and missing, communities served and represented."""

import pytest

from ccrhub.partners.coverage import DATA_FILE, compute_coverage, recommendations
from ccrhub.partners.models import AgencyMembership, CollaborativeKind, Sector
from ccrhub.partners.tests.test_support import County, build_county, login, make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> County:
    return build_county()


def test_every_kind_has_recommendations_naming_known_sectors() -> None:
    table = recommendations()
    assert set(table) == set(CollaborativeKind.values), DATA_FILE
    for items in table.values():
        for item in items:
            assert item.tier in {"core", "often"}
            assert set(item.sectors) <= set(Sector.values)


def test_sart_core_four_are_advocacy_police_health_prosecution() -> None:
    core = {i.key for i in recommendations()["sart"] if i.tier == "core"}
    assert core == {"advocacy", "law_enforcement", "health", "prosecution"}


def test_ccr_names_present_and_missing_key_members(county: County) -> None:
    coverage = compute_coverage(county.ccr)
    present = {s.key for s in coverage.present}
    missing_core = {s.key for s in coverage.missing_core}
    assert {"advocacy", "law_enforcement", "prosecution"} <= present
    assert missing_core == {"bip", "courts", "probation"}
    police = next(s for s in coverage.sectors if s.key == "law_enforcement")
    assert police.agencies == [county.police] and police.tier == "core"
    assert "housing" in {s.key for s in coverage.missing_often}


def test_an_ended_membership_no_longer_covers_its_sector(county: County) -> None:
    AgencyMembership.objects.filter(agency=county.police).update(is_active=False)
    missing = {s.key for s in compute_coverage(county.ccr).missing_core}
    assert "law_enforcement" in missing


def test_communities_served_but_not_represented(county: County) -> None:
    coverage = compute_coverage(county.ccr)
    assert coverage.communities_served == ["Latino", "Deaf"]
    assert coverage.communities_represented == ["Latino"]
    assert coverage.communities_missing == ["Deaf"]
    deaf_services = make_agency("Deaf Access", sector="disability", communities=["deaf "])
    AgencyMembership.objects.create(collaborative=county.ccr, agency=deaf_services)
    assert compute_coverage(county.ccr).communities_missing == []


def test_coverage_page_names_a_missing_and_a_present_sector(county: County) -> None:
    response = login(county.analyst).get(
        f"/partners/collaboratives/{county.ccr.public_id}/coverage"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Key members missing" in body
    assert "Batterer intervention program" in body  # missing
    assert "Riverbend Police" in body  # present, with its agency
    assert "Not represented" in body  # the Deaf community


def test_coverage_page_is_404_for_an_outsider(county: County) -> None:
    response = login(county.outsider).get(
        f"/partners/collaboratives/{county.ccr.public_id}/coverage"
    )
    assert response.status_code == 404


def test_coverage_api(county: County) -> None:
    client = login(county.officer)
    response = client.get(f"/api/v1/collaboratives/{county.ccr.public_id}/coverage")
    assert response.status_code == 200
    data = response.json()
    assert data["collaborative"] == str(county.ccr.public_id)
    assert "bip" in data["missing_core"] and "law_enforcement" in data["present"]
    police = next(s for s in data["sectors"] if s["sector"] == "law_enforcement")
    assert police["agencies"] == [str(county.police.public_id)]
    assert data["communities"]["missing"] == ["Deaf"]
    outsider = login(county.outsider).get(f"/api/v1/collaboratives/{county.ccr.public_id}/coverage")
    assert outsider.status_code == 404
    assert outsider["Content-Type"] == "application/problem+json"
