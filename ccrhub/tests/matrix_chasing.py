"""Permission-matrix rows and targets of chasing and court dockets.

The chasing page is for whoever works cases somewhere (the outsider in his own
county); analysts and community members get 403, as on the case list. A court's
docket exists only for people who see cases in a collaborative where that court sits;
any other agency id, or a court elsewhere, is not found. (Orders are in
`matrix_events`, with the rest of a case's record.)
"""

from typing import Any

from ccrhub.tests.permission_matrix_base import CASE_WORKERS, Row, each

ROWS: list[Row] = [
    Row("chasing:list", "-", "GET", {**each(CASE_WORKERS, 200), "outsider": 200}, otherwise=403),
    Row("chasing:court-docket", "riverbend_court", "GET", each(CASE_WORKERS, 200)),
    Row("chasing:court-docket", "not_a_court", "GET", {}),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    return {
        "riverbend_court": ({"agency_id": personas.court.public_id}, {}),
        "not_a_court": ({"agency_id": personas.police.public_id}, {}),
    }
