"""Content packs: verbatim wording installed from a folder; forms show gists without."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ccrhub.risk import instruments
from ccrhub.risk.models import ContentPack

pytestmark = pytest.mark.django_db
WORDING = "Has the current incident resulted in injury? (made-up test wording)"


def write_pack(folder: Path, **overrides: Any) -> None:
    pack = {
        "instrument": "dash",
        "version": "2014",
        "language": "en",
        "permission_ref": "Test licence 0001",
        "items": {"q1": WORDING},
        **overrides,
    }
    (folder / "dash.json").write_text(json.dumps(pack), encoding="utf-8")


def test_installing_a_pack_stores_wording_and_permission(tmp_path: Path) -> None:
    write_pack(tmp_path)
    call_command("install_content_pack", str(tmp_path))
    pack = ContentPack.objects.get()
    assert pack.wording == {"q1": WORDING} and pack.permission_ref == "Test licence 0001"


@pytest.mark.parametrize(
    "overrides",
    [{"permission_ref": ""}, {"items": {"q99": "x"}}, {"version": "1999"}],
)
def test_a_pack_without_permission_or_with_unknown_items_is_refused(
    tmp_path: Path, overrides: dict[str, Any]
) -> None:
    write_pack(tmp_path, **overrides)
    with pytest.raises(CommandError):
        call_command("install_content_pack", str(tmp_path))
    assert not ContentPack.objects.exists()


def test_the_form_shows_wording_when_installed_and_gists_otherwise(
    personas: Any, client_as: Any, tmp_path: Path
) -> None:
    client = client_as(personas.advocate)
    gist = instruments.get("dash").items[0].gist
    page = client.get("/risk/new/?instrument=dash").content.decode()
    assert gist in page and WORDING not in page
    write_pack(tmp_path)
    call_command("install_content_pack", str(tmp_path))
    page = client.get("/risk/new/?instrument=dash").content.decode()
    assert WORDING in page
