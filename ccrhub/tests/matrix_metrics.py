"""Permission-matrix rows and targets of this case area, joined into the matrix.

Aggregates: every role granting `aggregates.view` (analysts included) in the
collaborative; community members see the workspace but no figures (403); a
collaborative without a role answers 404, like one that does not exist.
"""

from typing import Any

from ccrhub.tests.permission_matrix_base import CCR_ALL, Row, each

AGGREGATE_READERS = {**each(CCR_ALL, 200), "community_member": 403}

ROWS: list[Row] = [
    Row("api-metrics-funnel", "metrics_ccr", "GET", AGGREGATE_READERS),
    Row("api-metrics-funnel", "metrics_neighbour_ccr", "GET", {"outsider": 200}),
    Row("api-metrics-measures", "metrics_ccr", "GET", AGGREGATE_READERS),
    Row("api-metrics-measures", "metrics_neighbour_ccr", "GET", {"outsider": 200}),
    Row("metrics:measures-detail", "ccr", "GET", AGGREGATE_READERS),
    Row("metrics:measures-detail", "neighbour_ccr", "GET", {"outsider": 200}),
    Row("metrics:funnel-export", "ccr", "GET", AGGREGATE_READERS),
    Row("metrics:measures-export", "ccr", "GET", AGGREGATE_READERS),
    Row("metrics:measures-export", "neighbour_ccr", "GET", {"outsider": 200}),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    return {
        "metrics_ccr": ({}, {"collaborative": str(personas.ccr.public_id)}),
        "metrics_neighbour_ccr": ({}, {"collaborative": str(personas.neighbour_ccr.public_id)}),
    }
