"""Permission-matrix rows and targets of operations: health endpoint and other deployment routes."""

from typing import Any

from ccrhub.tests.permission_matrix_base import Row

ROWS: list[Row] = []
PUBLIC_ROUTES: set[str] = set()


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    return {}
