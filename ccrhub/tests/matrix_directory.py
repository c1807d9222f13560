"""Permission-matrix rows and targets of the resource directory, joined into the matrix.

Maintenance: everyone with a role in the CCR sees its entries; the coordinator
maintains them all; the advocate (Riverbend Safe Harbor's staff) maintains Safe
Harbor's; nobody else changes them (403); the neighbouring county's coordinator does
not see them (404). The public search and the HSDS API answer everyone alike, and a
service at the shelter's confidential location does not exist for anyone.
"""

from typing import Any

from ccrhub.tests.permission_matrix_base import (
    CCR_ALL,
    OK,
    PERSONAS,
    SIGNED_IN,
    Capability,
    Declaration,
    Row,
    each,
)

# Routes anyone may use, signed in or not (S26 hygiene applies to them).
PUBLIC_ROUTES = {
    "public:directory-search",
    "api-hsds-root",
    "api-hsds-service-list",
    "api-hsds-service-detail",
    "api-hsds-organization-list",
    "api-hsds-organization-detail",
    "api-hsds-service-at-location-list",
    "api-hsds-service-at-location-detail",
    "api-hsds-taxonomy-list",
    "api-hsds-taxonomy-detail",
    "api-hsds-taxonomy-term-list",
    "api-hsds-taxonomy-term-detail",
}

# The exchange format (Open Referral's HSDS) for other directories; people use the
# public search page.
HSDS_ONLY = "the HSDS exchange format is for other directories; the public search is the page"

# Who maintains Safe Harbor's entries.
SAFE_HARBOR_MAINTAINERS = ("coordinator", "advocate")


def maintain(answer: int | str) -> dict[str, int | str]:
    return {**each(CCR_ALL, 403), **each(SAFE_HARBOR_MAINTAINERS, answer)}


ROWS: list[Declaration] = [
    Row("directory:service-list", "-", "GET", each(SIGNED_IN, 200)),
    Row("directory:service-detail", "dir_shelter", "GET", each(CCR_ALL, 200)),
    Row("directory:service-edit", "dir_shelter", "GET", maintain(200)),
    Row("directory:service-edit", "dir_shelter", "POST", maintain(OK)),
    Row(
        "directory:service-capacity",
        "dir_shelter",
        "POST",
        maintain(OK),
        data={"accepting_referrals": "no"},
    ),
    Row("directory:service-verify", "dir_shelter", "POST", maintain(OK)),
    Row(
        "directory:organization-create",
        "-",
        "GET",
        {"coordinator": 200, "outsider": 200},
        otherwise=403,
    ),
    Row("directory:organization-detail", "dir_safe_harbor", "GET", each(CCR_ALL, 200)),
    Row("directory:organization-edit", "dir_safe_harbor", "GET", maintain(200)),
    Row("directory:service-create", "dir_safe_harbor", "GET", maintain(200)),
    Row("directory:location-create", "dir_safe_harbor", "GET", maintain(200)),
    Row("directory:location-edit", "dir_shelter_location", "GET", maintain(200)),
    # HSDS packages: coordinators, each into and out of their own collaboratives.
    Row("directory:package", "-", "GET", {"coordinator": 200, "outsider": 200}, otherwise=403),
    Row("directory:package", "-", "POST", {"coordinator": 200, "outsider": 200}, otherwise=403),
    Row(
        "directory:package-export",
        "-",
        "GET",
        {"coordinator": 200, "outsider": 200},
        otherwise=403,
    ),
    Row(
        "directory:package-export",
        "ccr_scope",
        "GET",
        {"coordinator": 200, "outsider": 404},
        otherwise=403,
    ),
    # Casa Luz is maintained by its own agency's staff, none of whom is a persona.
    Row(
        "directory:service-edit",
        "dir_casa_luz",
        "GET",
        {**each(CCR_ALL, 403), "coordinator": 200},
    ),
    # The public search and the HSDS API: everyone, the same answer.
    Capability(
        "find services in the public directory",
        each(PERSONAS, OK),
        page="GET public:directory-search",
        api="GET api-hsds-service-list",
    ),
    Capability(
        "read the public directory in HSDS",
        each(PERSONAS, OK),
        api=(
            "GET api-hsds-root",
            "GET api-hsds-organization-list",
            "GET api-hsds-service-at-location-list",
            "GET api-hsds-taxonomy-list",
            "GET api-hsds-taxonomy-term-list",
        ),
        one_door=HSDS_ONLY,
    ),
    *(
        Capability(
            "read an entry of the public directory in HSDS",
            each(PERSONAS, OK),
            target=target,
            api=f"GET {route}",
            one_door=HSDS_ONLY,
        )
        for route, target in (
            ("api-hsds-service-detail", "hsds_shelter"),
            ("api-hsds-organization-detail", "hsds_safe_harbor"),
            ("api-hsds-service-at-location-detail", "hsds_public_sal"),
            ("api-hsds-taxonomy-detail", "hsds_taxonomy"),
            ("api-hsds-taxonomy-term-detail", "hsds_term"),
        )
    ),
    Capability(
        "read an entry of the public directory in HSDS",
        {},
        target="hsds_confidential_sal",
        api="GET api-hsds-service-at-location-detail",
        one_door=HSDS_ONLY,
    ),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.directory.demo import build_directory

    built = build_directory(personas.county)
    services, locations = built["services"], built["locations"]
    shelter = services["shelter"]
    term = built["terms"]["shelter"]
    return {
        "dir_shelter": ({"public_id": shelter.public_id}, {}),
        "dir_casa_luz": ({"public_id": services["casa_luz"].public_id}, {}),
        "dir_safe_harbor": ({"public_id": shelter.organization.public_id}, {}),
        "dir_shelter_location": ({"public_id": locations["shelter"].public_id}, {}),
        "hsds_shelter": ({"id": shelter.public_id}, {}),
        "hsds_safe_harbor": ({"id": shelter.organization.public_id}, {}),
        "hsds_public_sal": ({"id": services["advocacy"].at_locations.get().public_id}, {}),
        "hsds_confidential_sal": ({"id": shelter.at_locations.get().public_id}, {}),
        "hsds_taxonomy": ({"id": term.taxonomy.public_id}, {}),
        "hsds_term": ({"id": term.public_id}, {}),
        "ccr_scope": ({}, {"collaborative": str(personas.ccr.public_id)}),
    }
