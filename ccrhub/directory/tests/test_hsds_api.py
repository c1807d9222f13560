"""/api/hsds/: every answer is valid HSDS 3.0, public, cookie-free, and keeps the
shelter's address secret while giving its phone."""

import json
from typing import Any

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ccrhub.directory.models import Service, ServiceStatus
from ccrhub.directory.tests.hsds_schema import validate, validate_page

pytestmark = pytest.mark.django_db


def get_json(client: Client, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_every_list_endpoint_answers_an_hsds_page_of_valid_items(client, directory) -> None:
    for url, schema in (
        ("/api/hsds/services", "compiled/service_list.json"),
        ("/api/hsds/organizations", "compiled/organization_list.json"),
        ("/api/hsds/service_at_locations", "compiled/service_at_location_list.json"),
        ("/api/hsds/taxonomies", "taxonomy.json"),
        ("/api/hsds/taxonomy_terms", "taxonomy_term.json"),
    ):
        body = get_json(client, url)
        validate_page(body, schema)
        assert body["total_items"] > 0 and not body["empty"], url


def test_full_lists_are_valid_full_records(client, directory) -> None:
    validate_page(get_json(client, "/api/hsds/services", full="true"), "service.json")
    validate_page(get_json(client, "/api/hsds/organizations", full="true"), "organization.json")


def test_every_detail_endpoint_answers_a_valid_record(client, directory) -> None:
    services = get_json(client, "/api/hsds/services", per_page=100)["contents"]
    assert len(services) == 10
    for item in services:
        validate(get_json(client, f"/api/hsds/services/{item['id']}"), "service.json")
    for item in get_json(client, "/api/hsds/organizations", per_page=100)["contents"]:
        validate(get_json(client, f"/api/hsds/organizations/{item['id']}"), "organization.json")
    for item in get_json(client, "/api/hsds/service_at_locations", per_page=100)["contents"]:
        record = get_json(client, f"/api/hsds/service_at_locations/{item['id']}")
        validate(record, "service_at_location.json")
        validate(record["service"], "service.json")
    for item in get_json(client, "/api/hsds/taxonomies")["contents"]:
        validate(get_json(client, f"/api/hsds/taxonomies/{item['id']}"), "taxonomy.json")
    for item in get_json(client, "/api/hsds/taxonomy_terms")["contents"]:
        validate(get_json(client, f"/api/hsds/taxonomy_terms/{item['id']}"), "taxonomy_term.json")


def test_the_validation_catches_a_broken_record(client, directory) -> None:
    # The schemas are really applied: a service without its status is refused.
    shelter = directory["services"]["shelter"]
    record = get_json(client, f"/api/hsds/services/{shelter.public_id}")
    del record["status"]
    with pytest.raises(jsonschema.ValidationError):
        validate(record, "service.json")
    record = get_json(client, f"/api/hsds/services/{shelter.public_id}")
    record["phones"][0]["id"] = "not-a-uuid"
    with pytest.raises(jsonschema.ValidationError):
        validate(record, "service.json")


def test_the_shelter_appears_with_its_hotline_and_nothing_of_its_location(
    client, directory
) -> None:
    shelter = directory["services"]["shelter"]
    hidden = directory["locations"]["shelter"]
    record = get_json(client, f"/api/hsds/services/{shelter.public_id}")
    assert record["name"] == "Safe Harbor emergency shelter"
    assert [p["number"] for p in record["phones"]] == ["555-0100", "555-0101"]
    assert record["service_at_locations"] == []
    assert record["schedules"][0]["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    # Nowhere in the API: not the location's id, not its address row's id.
    for url in (
        f"/api/hsds/services/{shelter.public_id}",
        f"/api/hsds/organizations/{shelter.organization.public_id}",
        "/api/hsds/service_at_locations?per_page=200",
        "/api/hsds/services?full=true&per_page=200",
        "/api/hsds/organizations?full=true&per_page=200",
    ):
        text = client.get(url).content.decode()
        assert str(hidden.public_id) not in text, url
        assert str(hidden.address_id) not in text, url
        assert "Safe Harbor shelter" not in text, url


def test_a_service_at_a_confidential_location_is_not_found_by_its_id(client, directory) -> None:
    sal = directory["services"]["shelter"].at_locations.get()
    assert client.get(f"/api/hsds/service_at_locations/{sal.public_id}").status_code == 404


def test_the_address_and_coordinates_of_a_public_location_are_published(client, directory) -> None:
    advocacy = directory["services"]["advocacy"]
    record = get_json(client, f"/api/hsds/services/{advocacy.public_id}")
    location = record["service_at_locations"][0]["location"]
    assert location["addresses"][0]["address_1"] == "120 Main Street"
    assert location["latitude"] == pytest.approx(44.9512)


def test_responses_set_no_cookies_and_are_not_stored(client, directory, personas) -> None:
    client.force_login(personas.coordinator)  # even for someone signed in elsewhere
    for url in ("/api/hsds/", "/api/hsds/services", "/api/hsds/taxonomy_terms"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.cookies == {} or all(not m.value for m in response.cookies.values())
        assert "Set-Cookie" not in str(response.serialize_headers())
        assert response["Cache-Control"] == "no-store"


def test_the_api_is_read_only(client, directory) -> None:
    assert client.post("/api/hsds/services", {}).status_code == 405
    shelter = directory["services"]["shelter"]
    assert client.delete(f"/api/hsds/services/{shelter.public_id}").status_code == 405


def test_an_unknown_or_malformed_id_is_not_found(client, directory) -> None:
    assert client.get("/api/hsds/services/00000000-0000-4000-8000-000000000000").status_code == 404
    assert client.get("/api/hsds/services/nope").status_code == 404
    response = client.get("/api/hsds/organizations/nope")
    assert response.status_code == 404 and "Set-Cookie" not in str(response.serialize_headers())


def test_inactive_services_are_not_published(client, directory) -> None:
    faith = directory["services"]["faith"]
    Service.objects.filter(pk=faith.pk).update(status=ServiceStatus.INACTIVE)
    assert client.get(f"/api/hsds/services/{faith.public_id}").status_code == 404
    assert get_json(client, "/api/hsds/services")["total_items"] == 9


def test_pages_follow_the_hsds_page_shape(client, directory) -> None:
    first = get_json(client, "/api/hsds/services", per_page=4)
    assert (first["total_items"], first["total_pages"], first["size"]) == (10, 3, 4)
    assert first["first_page"] and not first["last_page"]
    last = get_json(client, "/api/hsds/services", per_page=4, page=3)
    assert (last["page_number"], last["size"], last["last_page"]) == (3, 2, True)
    beyond = get_json(client, "/api/hsds/services", per_page=4, page=9)
    assert beyond["empty"] and beyond["contents"] == []
    ids = {s["id"] for s in first["contents"]} | {s["id"] for s in last["contents"]}
    assert len(ids) == 6


def test_services_filter_by_taxonomy_term_and_organization(client, directory) -> None:
    legal = directory["terms"]["legal"]
    body = get_json(client, "/api/hsds/services", taxonomy_term_id=str(legal.public_id))
    assert {s["name"] for s in body["contents"]} == {
        "Court and safety-planning advocacy",
        "Protection order clinic",
    }
    org = directory["organizations"]["safe_harbor"]
    body = get_json(client, "/api/hsds/services", organization_id=str(org.public_id))
    assert body["total_items"] == 3
    assert get_json(client, "/api/hsds/services", organization_id="x")["total_items"] == 0


def test_needs_appear_as_taxonomy_term_attributes(client, directory) -> None:
    casa = directory["services"]["casa_luz"]
    record = get_json(client, f"/api/hsds/services/{casa.public_id}")
    terms = {a["taxonomy_term"]["code"] for a in record["attributes"] if "taxonomy_term" in a}
    assert terms == {"advocacy", "counselling", "immigration"}
    features = {a["link_type"]: a["value"] for a in record["attributes"] if "value" in a}
    assert features["ccrhub:culturally_specific"] == "true"
    assert [lang["code"] for lang in record["languages"]] == ["es"]


@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/api/hsds/services", 2),
        ("/api/hsds/services?full=true", 9),
        ("/api/hsds/organizations", 2),
        ("/api/hsds/organizations?full=true", 13),
        ("/api/hsds/service_at_locations", 2),
        ("/api/hsds/taxonomies", 2),
        ("/api/hsds/taxonomy_terms", 2),
    ],
)
def test_lists_cost_a_fixed_number_of_queries(client, directory, url, most) -> None:
    with CaptureQueriesContext(connection) as fewer:
        client.get(url + ("&" if "?" in url else "?") + "per_page=2")
    with CaptureQueriesContext(connection) as more:
        response = client.get(url + ("&" if "?" in url else "?") + "per_page=50")
    assert response.status_code == 200
    assert len(more) == len(fewer), json.dumps([q["sql"] for q in more.captured_queries])
    assert len(more) <= most
