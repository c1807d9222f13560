"""The demo county's directory, for the directory's tests."""

import datetime
from typing import Any

import pytest

from ccrhub.directory.demo import build_directory


@pytest.fixture
def directory(personas: Any) -> dict[str, Any]:
    """Riverbend's ten services; verified a month ago, except where a test says otherwise."""
    return build_directory(
        personas.county, verified_on=datetime.date.today() - datetime.timedelta(days=30)
    )
