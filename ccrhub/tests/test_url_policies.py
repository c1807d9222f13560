"""S1: every route declares its policy, and every route is in the permission matrix."""

from ccrhub.lib.policy import PUBLIC, policy_of
from ccrhub.tests.permission_matrix import MATRIX, PUBLIC_ROUTES
from ccrhub.tests.urlwalk import our_routes


def test_every_route_of_ours_has_a_name_and_declares_its_policy() -> None:
    undeclared = [r.pattern for r in our_routes() if not r.name or policy_of(r.callback) is None]
    assert undeclared == []


def test_every_named_route_has_rows_in_the_permission_matrix() -> None:
    in_matrix = {row.route for row in MATRIX}
    missing = sorted(r.name for r in our_routes() if r.name not in in_matrix)
    assert missing == []


def test_only_the_routes_listed_as_public_are_public() -> None:
    public = {r.name for r in our_routes() if policy_of(r.callback) == PUBLIC}
    assert public == PUBLIC_ROUTES


def test_the_matrix_names_no_route_that_does_not_exist() -> None:
    names = {r.name for r in our_routes()}
    assert {row.route for row in MATRIX} - names == set()
