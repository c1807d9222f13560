"""Permission-matrix rows and targets of this case area, joined into the matrix.

Aggregates: every role granting `aggregates.view` (analysts included) in the
collaborative; community members see the workspace but no figures (403); a
collaborative without a role answers 404, like one that does not exist. The pages
name the collaborative in their path, the API in its query.
"""

from typing import Any

from ccrhub.tests.permission_matrix_base import (
    CCR_ALL,
    OK,
    Capability,
    Declaration,
    Door,
    Row,
    each,
)

AGGREGATE_READERS = {**each(CCR_ALL, 200), "community_member": 403}

ROWS: list[Declaration] = [
    Row(
        "metrics:measures-home",
        "-",
        "GET",
        {**AGGREGATE_READERS, "community_member": 403, "outsider": 200},
        otherwise=403,
    ),
    *[
        declared
        for collaborative, readers in (
            ("ccr", AGGREGATE_READERS),
            ("neighbour_ccr", {"outsider": OK}),
        )
        for declared in (
            Capability(
                "read a collaborative's measures",
                readers,
                target=collaborative,
                page=("GET metrics:measures-detail", "GET metrics:measures-export"),
                api=Door("GET", "api-metrics-measures", target=f"metrics_{collaborative}"),
            ),
            Capability(
                "read a collaborative's funnel",
                readers,
                target=collaborative,
                page="GET metrics:funnel-export",
                api=Door("GET", "api-metrics-funnel", target=f"metrics_{collaborative}"),
            ),
        )
    ],
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    return {
        "metrics_ccr": ({}, {"collaborative": str(personas.ccr.public_id)}),
        "metrics_neighbour_ccr": ({}, {"collaborative": str(personas.neighbour_ccr.public_id)}),
    }
