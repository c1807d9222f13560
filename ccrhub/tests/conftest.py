"""Fixtures of the permission-matrix walks."""

from collections.abc import Iterator
from typing import Any

import pytest

from ccrhub.partners.tests.fixtures import SharedCounty
from ccrhub.tests.matrix_world import World, built_world


@pytest.fixture(scope="module")
def world(shared_county: SharedCounty, django_db_blocker: Any) -> Iterator[World]:
    """The matrix's personas and objects, built once for the module that asks."""
    with django_db_blocker.unblock(), built_world(shared_county) as built:
        yield built
