"""The public search, the public report and the HSDS API are limited per client address.

Over the limit a visitor gets 429 with Retry-After: a plain page in the page's language,
or a problem document from the API, and never a cookie. The address is read under the
trusted-proxy rule: an X-Forwarded-For a client writes itself changes nothing.
"""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.checks import Error
from django.test import Client
from rest_framework.settings import api_settings

from ccrhub.lib.rate_limits import check_rate_limits

pytestmark = pytest.mark.django_db

SEARCH = "/public/directory/"
REPORT = "/public/report/"
REPORT_API = "/api/v1/reports/public-summary"
HSDS = "/api/hsds/services"
LIMIT = 3


@pytest.fixture(autouse=True)
def _mid_minute() -> Iterator[None]:
    # Counters live in fixed one-minute windows: a test that crossed a minute boundary
    # would start counting again. The clock stands still half-way through a minute.
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 12, 0, 30, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture(autouse=True)
def _small_limits(settings: Any) -> None:
    settings.CCRHUB_RATE_LIMITS = {
        "public_search": f"{LIMIT}/min",
        "public_report": f"{LIMIT}/min",
        "hsds": f"{LIMIT}/min",
    }


def use_up(client: Client, path: str, **headers: Any) -> None:
    for _ in range(LIMIT):
        assert client.get(path, **headers).status_code in (200, 404)


def assert_refused(response: Any) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert not response.cookies
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("path", [SEARCH, REPORT, HSDS])
def test_a_visitor_over_the_limit_is_told_to_wait_and_given_no_cookie(
    client: Client, path: str
) -> None:
    use_up(client, path)
    assert_refused(client.get(path))


def test_the_search_over_its_limit_says_so_in_a_plain_page() -> None:
    client = Client()
    use_up(client, SEARCH)
    response = client.get(SEARCH, {"q": "shelter"})
    assert_refused(response)
    body = response.content.decode()
    assert "<h1>Too many requests</h1>" in body
    assert "shelter" not in body
    assert response["Cache-Control"] == "no-store"


def test_the_spanish_search_over_its_limit_answers_in_spanish(client: Client) -> None:
    use_up(client, "/public/es/directory/")
    response = client.get("/public/es/directory/")
    assert_refused(response)
    assert "<h1>Demasiadas solicitudes</h1>" in response.content.decode()


def test_the_api_over_its_limit_answers_with_a_problem_document(client: Client) -> None:
    use_up(client, HSDS)
    response = client.get(HSDS)
    assert_refused(response)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 429


def test_the_report_page_and_its_api_count_against_one_limit(client: Client) -> None:
    use_up(client, REPORT)
    assert_refused(client.get(REPORT_API))


def test_different_client_addresses_are_counted_separately() -> None:
    first, second = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.4")
    for path in (SEARCH, HSDS):
        use_up(first, path)
        assert_refused(first.get(path))
        assert second.get(path).status_code == 200


def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR="203.0.113.7")
    for path in (SEARCH, HSDS):
        for n in range(LIMIT):
            client.get(path, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert_refused(client.get(path, HTTP_X_FORWARDED_FOR="192.0.2.99"))


def test_behind_a_trusted_proxy_the_address_it_saw_counts_and_what_the_client_added_does_not(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for path in (SEARCH, HSDS):
        for n in range(LIMIT):
            proxy.get(path, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7")
        assert_refused(proxy.get(path, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7"))
        assert proxy.get(path, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_the_api_reads_client_addresses_through_the_same_trusted_proxies() -> None:
    from django.conf import settings

    assert api_settings.NUM_PROXIES == settings.TRUSTED_PROXY_COUNT


def test_a_malformed_or_missing_limit_fails_the_system_check(settings: Any) -> None:
    settings.CCRHUB_RATE_LIMITS = {"public_search": "lots", "public_report": "60/min"}
    problems = check_rate_limits()
    assert all(isinstance(problem, Error) for problem in problems)
    assert {problem.id for problem in problems} == {"ccrhub.E101", "ccrhub.E102"}
