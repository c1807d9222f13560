"""Keeping the directory right: the coordinator maintains every entry, Safe Harbor's
advocate keeps Safe Harbor's capacity current in one click, and every change is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.directory import actions
from ccrhub.directory.models import Service

pytestmark = pytest.mark.django_db


def service_values(**overrides):
    values = {
        "name": "Evening legal clinic",
        "description": "Walk-in help with protection orders.",
        "status": "active",
        "phone_type": "voice",
        "phone_number": "555-0199",
        "languages": ["en", "es"],
        "areas": "Riverbend County, Lakeside County",
        "weekdays": ["0", "2"],
        "opens_at": "17:00",
        "closes_at": "20:00",
        "gender_served": "any",
        "is_free": "on",
        "accepting_referrals": "on",
        "any_immigration_status": "on",
    }
    values.update(overrides)
    return values


def test_the_advocate_stops_the_shelter_taking_referrals_in_one_click(
    client_as, personas, directory
) -> None:
    shelter = directory["services"]["shelter"]
    url = f"/directory/services/{shelter.public_id}/capacity/"
    response = client_as(personas.advocate).post(
        url, {"accepting_referrals": "no", "places_available": "0"}
    )
    assert response.status_code == 302
    shelter.refresh_from_db()
    assert (shelter.accepting_referrals, shelter.places_available) == (False, 0)
    assert shelter.capacity_updated_at is not None
    event = AuditEvent.objects.get(action="directory.capacity_set")
    assert event.object_id == str(shelter.public_id) and event.actor == personas.advocate
    assert event.collaborative_id == personas.ccr.pk


def test_the_public_then_reads_that_the_shelter_is_full(client, client_as, personas, directory):
    shelter = directory["services"]["shelter"]
    client_as(personas.advocate).post(
        f"/directory/services/{shelter.public_id}/capacity/", {"accepting_referrals": "no"}
    )
    html = client.get("/public/directory/").content.decode()
    assert "Not taking new people at the moment: call to ask." in html


def test_the_police_admin_cannot_change_the_shelter(client_as, personas, directory) -> None:
    shelter = directory["services"]["shelter"]
    client = client_as(personas.agency_admin)
    assert client.get(f"/directory/services/{shelter.public_id}/").status_code == 200
    response = client.post(
        f"/directory/services/{shelter.public_id}/capacity/", {"accepting_referrals": "no"}
    )
    assert response.status_code == 403
    shelter.refresh_from_db()
    assert shelter.accepting_referrals


def test_the_neighbouring_coordinator_does_not_even_see_it(client_as, personas, directory):
    shelter = directory["services"]["shelter"]
    client = client_as(personas.outsider)
    assert client.get(f"/directory/services/{shelter.public_id}/").status_code == 404
    assert shelter.name not in client.get("/directory/").content.decode()


def test_actions_refuse_whoever_the_caller(personas, directory) -> None:
    shelter = directory["services"]["shelter"]
    with pytest.raises(PermissionDenied):
        actions.set_capacity(shelter, accepting_referrals=False, actor=personas.police_officer)
    with pytest.raises(PermissionDenied):
        actions.mark_verified(shelter, actor=personas.outsider)


def test_the_coordinator_adds_a_service_with_its_hours_languages_and_areas(
    client_as, personas, directory
) -> None:
    legal_aid = directory["organizations"]["legal_aid"]
    office = directory["locations"]["legal_aid"]
    legal = directory["terms"]["legal"]
    response = client_as(personas.coordinator).post(
        f"/directory/organizations/{legal_aid.public_id}/services/new/",
        service_values(locations=[office.pk], taxonomy_terms=[legal.pk]),
    )
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get(name="Evening legal clinic")
    assert sorted(service.languages.values_list("code", flat=True)) == ["en", "es"]
    assert sorted(service.areas.values_list("name", flat=True)) == [
        "Lakeside County",
        "Riverbend County",
    ]
    assert list(service.schedules.values_list("weekday", flat=True)) == [0, 2]
    assert service.phones.get().number == "555-0199"
    assert service.at_locations.get().location == office
    assert list(service.taxonomy_terms.all()) == [legal]
    assert AuditEvent.objects.filter(action="directory.service_created").count() == 1


def test_an_edit_records_which_fields_changed_and_nothing_of_their_text(
    client_as, personas, directory
) -> None:
    hotline = directory["services"]["hotline"]
    client = client_as(personas.advocate)
    page = client.get(f"/directory/services/{hotline.public_id}/edit/")
    assert page.status_code == 200
    initial = page.context["form"].initial
    assert initial["phone_number"] == "555-0100" and initial["name"] == hotline.name
    response = client.post(
        f"/directory/services/{hotline.public_id}/edit/",
        service_values(
            name=hotline.name,
            description="Talk to an advocate day or night.",
            phone_number="555-0100",
            weekdays=[],
            opens_at="",
            closes_at="",
            areas="Riverbend County",
            is_24_7="on",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    event = AuditEvent.objects.get(action="directory.service_updated")
    assert "description" in event.details["fields"]
    assert "advocate day or night" not in str(event.details)


def test_bad_hours_are_refused_on_the_form(client_as, personas, directory) -> None:
    legal_aid = directory["organizations"]["legal_aid"]
    response = client_as(personas.coordinator).post(
        f"/directory/organizations/{legal_aid.public_id}/services/new/",
        service_values(opens_at="20:00", closes_at="17:00"),
    )
    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors
    assert not Service.objects.filter(name="Evening legal clinic").exists()


def test_entries_not_verified_for_long_are_flagged_until_someone_verifies_them(
    client_as, personas, directory, settings
) -> None:
    settings.CCRHUB_DIRECTORY_VERIFY_DAYS = 90
    stale = directory["services"]["neighbors"]
    Service.objects.filter(pk=stale.pk).update(
        assured_date=timezone.localdate() - datetime.timedelta(days=200)
    )
    client = client_as(personas.coordinator)
    html = client.get("/directory/").content.decode()
    assert html.count('data-flag="unverified"') == 1
    assert "Not verified for 90 days" in html
    response = client.post(f"/directory/services/{stale.public_id}/verify/")
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.assured_date == timezone.localdate() and stale.assured_by == personas.coordinator
    assert 'data-flag="unverified"' not in client.get("/directory/").content.decode()


def test_a_confidential_location_added_on_the_page_is_never_published(
    client, client_as, personas, directory
) -> None:
    casa = directory["organizations"]["casa_luz"]
    coordinator = client_as(personas.coordinator)
    response = coordinator.post(
        f"/directory/organizations/{casa.public_id}/locations/new/",
        {
            "name": "Casa Luz safe house",
            "is_confidential": "on",
            "address_1": "9 Quiet Road",
            "city": "Riverbend",
            "postal_code": "55004",
            "country": "US",
        },
    )
    assert response.status_code == 302
    safe_house = casa.locations.get(name="Casa Luz safe house")
    service = directory["services"]["casa_luz"]
    actions.update_service(
        service,
        values={"locations": [safe_house, directory["locations"]["casa_luz"]]},
        actor=personas.coordinator,
    )
    for url in ("/public/directory/", f"/api/hsds/services/{service.public_id}"):
        text = client.get(url).content.decode()
        assert "9 Quiet Road" not in text and str(safe_house.public_id) not in text
        assert "45 Water Street" in text


def test_the_list_costs_the_same_queries_however_many_entries(
    client_as, personas, directory
) -> None:
    client = client_as(personas.coordinator)
    client.get("/directory/")
    with CaptureQueriesContext(connection) as ten:
        client.get("/directory/")
    legal_aid = directory["organizations"]["legal_aid"]
    for n in range(5):
        Service.objects.create(organization=legal_aid, name=f"Extra {n}")
    with CaptureQueriesContext(connection) as fifteen:
        client.get("/directory/")
    assert len(fifteen) == len(ten)
