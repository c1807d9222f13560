import pytest
from django.test import Client


@pytest.mark.django_db
def test_public_home_sets_no_cookies_and_is_not_stored(client: Client) -> None:
    response = client.get("/public/")
    assert response.status_code == 200
    assert response.cookies == {} or not response.cookies
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_anonymous_dashboard_redirects_to_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_anonymous_api_gets_401_problem(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
