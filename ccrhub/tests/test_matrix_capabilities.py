"""The page and the API of one capability are held to one rule (S1, S2).

A capability is declared once, with one answer per persona, and expands into a row
per door; these tests keep it the only way to walk both doors: every API route is a
door of a two-door capability or says why it has no page twin, a page whose route is
also behind a two-door capability is walked only through one, and the doors of a
capability never disagree.
"""

import pytest

from ccrhub.tests.permission_matrix import MATRIX
from ccrhub.tests.permission_matrix_base import (
    LOGIN,
    OK,
    SIGNED_IN,
    Capability,
    Door,
    Row,
    anonymous_answer,
    disagreements,
    each,
    expand,
    unpaired_rows,
)


def test_every_api_route_is_walked_with_its_page_or_says_why_it_has_none() -> None:
    assert unpaired_rows(MATRIX) == []


def test_the_doors_of_each_capability_give_every_persona_the_same_answer() -> None:
    assert disagreements(MATRIX) == []


def test_no_row_is_walked_twice() -> None:
    walked = [(r.method, r.route, r.target, repr(r.data)) for r in MATRIX]
    assert sorted({w for w in walked if walked.count(w) > 1}) == []


def test_an_api_row_declared_apart_from_its_page_is_caught() -> None:
    rows = [
        Row("risk:assessment-list", "-", "GET", each(SIGNED_IN, 200), otherwise=403),
        Row("api-risk-assessments", "-", "GET", {"advocate": 200}, otherwise=403),
    ]

    assert unpaired_rows(rows) == ["GET api-risk-assessments [-]"]


def test_a_page_row_beside_the_capability_of_its_route_is_caught() -> None:
    rows = expand(
        [
            Capability(
                "read a case",
                each(SIGNED_IN, OK),
                target="case",
                page="GET cases:case-detail",
                api="GET api-case-detail",
            ),
            Row("cases:case-detail", "party_case", "GET", each(SIGNED_IN, 200)),
        ]
    )

    assert unpaired_rows(rows) == ["GET cases:case-detail [party_case]"]


def test_an_api_only_capability_passes_when_it_says_why() -> None:
    rows = Capability("read the schema", each(SIGNED_IN, OK), api="GET api-schema").rows()
    explained = Capability(
        "read the schema", each(SIGNED_IN, OK), api="GET api-schema", one_door="no page"
    ).rows()

    assert unpaired_rows(rows) == ["GET api-schema [-]"]
    assert unpaired_rows(explained) == []


def test_two_declarations_of_one_capability_that_disagree_are_caught() -> None:
    page = Capability("list cases", {"advocate": OK}, 403, page="GET cases:case-list")
    api = Capability("list cases", {"analyst": OK}, 403, api="GET api-case-list", one_door="x")

    found = disagreements(expand([page, api]))

    assert len(found) == 1 and found[0].startswith("list cases [-]")


def test_a_capability_gives_each_door_its_own_form_of_the_same_answer() -> None:
    capability = Capability(
        "record a risk assessment",
        {"advocate": OK, "coordinator": 403},
        otherwise=404,
        page=("GET risk:assessment-create", "POST risk:assessment-create"),
        api=Door("POST", "api-risk-assessments", {"instrument": "dash"}),
    )

    rows = {(row.method, row.route): row for row in capability.rows()}

    assert rows[("GET", "risk:assessment-create")].expect == {"advocate": 200, "coordinator": 403}
    assert rows[("POST", "risk:assessment-create")].expect == {"advocate": OK, "coordinator": 403}
    api = rows[("POST", "api-risk-assessments")]
    assert (api.expect, api.otherwise, api.data) == (
        {"advocate": OK, "coordinator": 403},
        404,
        {"instrument": "dash"},
    )
    assert {row.capability for row in rows.values()} == {"record a risk assessment [-]"}
    assert (anonymous_answer("risk:assessment-create"), anonymous_answer("api-me")) == (LOGIN, 401)


def test_a_door_on_the_wrong_side_is_refused() -> None:
    with pytest.raises(AssertionError, match="wrong side"):
        Capability("list cases", {}, page="GET api-case-list")
