"""A survivor's own pages mark "Survivors" as the current menu item (aria-current)."""

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current_links(body: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"[^>]*aria-current="page"', body)


def test_a_survivor_page_highlights_survivors_in_the_menu(
    personas: Any, client_as: Any, survivor: Any
) -> None:
    client = client_as(personas.advocate)
    for name in ("survivor-detail", "survivor-edit", "release-create"):
        url = reverse(f"survivors:{name}", kwargs={"public_id": survivor.public_id})
        response = client.get(url)
        assert response.status_code == 200, name
        assert current_links(response.content.decode()) == [reverse("survivors:survivor-list")]
