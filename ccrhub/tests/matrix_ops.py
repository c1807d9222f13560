"""Permission-matrix rows of operations: the health endpoint is public (no cookies)."""

from typing import Any

from ccrhub.tests.permission_matrix_base import PERSONAS, Row, each

ROWS: list[Row] = [
    Row("health", "-", "GET", each(PERSONAS, 200)),
]
PUBLIC_ROUTES: set[str] = {"health"}


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    return {}
