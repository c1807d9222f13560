"""The permission matrix, as data: persona × object × action → expected answer (S1, S2).

Every route of ours has at least one row; `test_url_policies` fails on a route the
matrix does not know. A capability names what is done, the object that fills its
URLs, its doors (page and API routes with their methods) and what each persona must
get; it expands into one row per door, so the page and the API cannot be held to
different rules (`test_matrix_capabilities`). A `Row` on its own is a page with no
API twin. Personas not named get the `otherwise` answer — for anything tied to an
object that is 404, the answer for what does not exist. The anonymous visitor is
walked too: pages send them to the login page, the API answers 401, public routes
answer 200.

Answers:
- a status code (200, 403, 404, 405 …);
- `OK`: the request passed authorisation and reached the form or the action (200 or
  a redirect that is not to the login page, or 400/422 for an empty API body).
"""

from ccrhub.tests import (
    matrix_chasing,
    matrix_directory,
    matrix_evaluation,
    matrix_events,
    matrix_foundations,
    matrix_highrisk,
    matrix_imports,
    matrix_meetings,
    matrix_metrics,
    matrix_ops,
    matrix_outreach,
    matrix_protocols,
    matrix_reviews,
    matrix_risk,
    matrix_survivors,
)
from ccrhub.tests.permission_matrix_base import (  # noqa: F401  (the matrix vocabulary)
    CASE_WORKERS,
    CCR_ALL,
    CCR_MEMBERS,
    LOGIN,
    OK,
    PERSONAS,
    SIGNED_IN,
    Capability,
    Door,
    Row,
    each,
    expand,
)

AREAS = (
    matrix_events,
    matrix_imports,
    matrix_metrics,
    matrix_chasing,
    matrix_directory,
    matrix_meetings,
    matrix_outreach,
    matrix_foundations,
    matrix_protocols,
    matrix_risk,
    matrix_survivors,
    matrix_highrisk,
    matrix_reviews,
    matrix_evaluation,
    matrix_ops,
)

# Areas with public routes of their own, each listing them in its PUBLIC_ROUTES.
AREAS_WITH_PUBLIC_ROUTES = (
    matrix_directory,
    matrix_evaluation,
    matrix_foundations,
    matrix_highrisk,
    matrix_ops,
    matrix_reviews,
    matrix_risk,
    matrix_survivors,
)

PUBLIC_ROUTES = {
    "public:home",
    "public:safety",
    "set_language",
    "meetings:calendar-feed",
} | set().union(*(area.PUBLIC_ROUTES for area in AREAS_WITH_PUBLIC_ROUTES))

# A case's page shows its events, orders and violations; the API reads them apart.
CASE_RECORD = (
    "GET api-case-detail",
    "GET api-case-events",
    "GET api-case-violations",
    "GET api-case-orders",
)

MATRIX: list[Row] = expand(
    [
        # The dashboard and personal settings: every signed-in person, their own things only.
        Row("dashboard", "-", "GET", each(SIGNED_IN, 200)),
        Row("accounts:sessions", "-", "GET", each(SIGNED_IN, 200)),
        Row("accounts:sessions-end-others", "-", "POST", each(SIGNED_IN, OK)),
        Row("accounts:session-end", "coordinator_session", "POST", {"coordinator": OK}),
        Row("accounts:tokens", "-", "GET", each(SIGNED_IN, 200)),
        Row("accounts:token-create", "-", "GET", each(SIGNED_IN, OK)),
        Row("accounts:token-revoke", "coordinator_token", "POST", {"coordinator": OK}),
        Capability(
            "say who the token belongs to",
            each(SIGNED_IN, OK),
            api="GET api-me",
            one_door="the pages show the signed-in person on every page",
        ),
        Capability(
            "read the API's description",
            each(SIGNED_IN, OK),
            api="GET api-schema",
            one_door="the OpenAPI document describes the API itself",
        ),
        # Collaboratives: members see their own; only the coordinator manages.
        Capability(
            "list collaboratives",
            each(SIGNED_IN, OK),
            page="GET partners:collaborative-list",
            api="GET api-collaborative-list",
        ),
        Row(
            "partners:collaborative-create",
            "-",
            "GET",
            {"coordinator": 200, "outsider": 200},
            otherwise=403,
        ),
        Capability(
            "read a collaborative",
            each(CCR_ALL, OK),
            target="ccr",
            page="GET partners:collaborative-detail",
            api="GET api-collaborative-detail",
        ),
        Capability(
            "read a collaborative",
            {"outsider": OK},
            target="neighbour_ccr",
            page="GET partners:collaborative-detail",
            api="GET api-collaborative-detail",
        ),
        Row(
            "partners:collaborative-edit", "ccr", "GET", {**each(CCR_ALL, 403), "coordinator": 200}
        ),
        Row(
            "partners:collaborative-edit", "ccr", "POST", {**each(CCR_ALL, 403), "coordinator": OK}
        ),
        Row(
            "partners:collaborative-deactivate",
            "ccr",
            "POST",
            {**each(CCR_ALL, 403), "coordinator": OK},
        ),
        Capability(
            "see which sectors and communities a collaborative covers",
            each(CCR_ALL, OK),
            target="ccr",
            page="GET partners:coverage-detail",
            api="GET api-collaborative-coverage",
        ),
        Row("partners:membership-create", "ccr", "GET", {**each(CCR_ALL, 403), "coordinator": 200}),
        Row(
            "partners:membership-end",
            "police_membership",
            "POST",
            {**each(CCR_ALL, 403), "coordinator": OK},
        ),
        Capability(
            "give someone a role",
            {**each(CCR_ALL, 403), "coordinator": OK, "agency_admin": OK},
            target="ccr",
            page="GET partners:role-grant",
            api="POST api-collaborative-roles",
        ),
        Row(
            "partners:role-revoke",
            "prosecutor_role",
            "POST",
            {**each(CCR_ALL, 403), "coordinator": OK},
        ),
        # Agencies: visible through a shared collaborative.
        Capability(
            "list agencies",
            each(SIGNED_IN, OK),
            page="GET partners:agency-list",
            api="GET api-agency-list",
        ),
        Row(
            "partners:agency-create",
            "-",
            "GET",
            {"coordinator": 200, "outsider": 200},
            otherwise=403,
        ),
        Capability(
            "read an agency",
            each(CCR_ALL, OK),
            target="police",
            page="GET partners:agency-detail",
            api="GET api-agency-detail",
        ),
        Row("partners:agency-edit", "police", "GET", {**each(CCR_ALL, 403), "coordinator": 200}),
        Row(
            "partners:agency-deactivate",
            "police",
            "POST",
            {**each(CCR_ALL, 403), "coordinator": OK},
        ),
        # The avenue tool.
        Row("partners:avenue-list", "-", "GET", each(SIGNED_IN, 200)),
        Row("partners:avenue-create", "-", "GET", {**each(SIGNED_IN, 200), "analyst": 403}),
        Row("partners:avenue-detail", "assessment", "GET", {**each(CCR_ALL, 200), "analyst": 404}),
        # Cases: the people who work cases; never analysts, community members or outsiders;
        # never the party to a case.
        Capability(
            "list cases",
            {**each(CASE_WORKERS, OK), "outsider": OK},
            otherwise=403,
            page="GET cases:case-list",
            api="GET api-case-list",
        ),
        Capability(
            "open a case in a collaborative one works in",
            {**each(CASE_WORKERS, OK), "outsider": OK},
            otherwise=403,
            page="GET cases:case-open",
            api=Door("POST", "api-case-list", {"collaborative": "{own_ccr}"}),
        ),
        Capability(
            "open a case in the Riverbend CCR",
            {**each(CASE_WORKERS, OK), "analyst": 403, "community_member": 403},
            api=Door("POST", "api-case-list", {"collaborative": "{ccr}"}),
            one_door="the body names the collaborative; the page's form offers only one's own",
        ),
        Capability(
            "read a case and its record",
            each(CASE_WORKERS, OK),
            target="case",
            page="GET cases:case-detail",
            api=CASE_RECORD,
        ),
        Capability(
            "read a case and its record",
            {**each(CASE_WORKERS, OK), "party_officer": 404},
            target="party_case",
            page="GET cases:case-detail",
            api=CASE_RECORD,
        ),
        Capability(
            "read a case and its record",
            {**each(CASE_WORKERS, OK), "prosecutor": 404},
            target="restricted_case",
            page="GET cases:case-detail",
            api=CASE_RECORD,
        ),
        Capability(
            "correct a case",
            each(CASE_WORKERS, OK),
            target="case",
            page="GET cases:case-edit",
            api="PATCH api-case-detail",
        ),
        Capability(
            "correct a case",
            {**each(CASE_WORKERS, OK), "party_officer": 404},
            target="party_case",
            page="POST cases:case-edit",
            api="PATCH api-case-detail",
        ),
        Row(
            "cases:restriction-add", "case", "POST", {**each(CASE_WORKERS, 403), "coordinator": OK}
        ),
        Row(
            "cases:restriction-lift",
            "restriction",
            "POST",
            {**each(CASE_WORKERS, 403), "coordinator": OK, "prosecutor": 404},
        ),
        # The audit trail: coordinators only, for their own collaboratives.
        Capability(
            "read who saw a record",
            {**each(CCR_ALL, 403), "coordinator": OK},
            target="case_report",
            page="GET audit:access-report-view",
            api="GET api-audit-access-report",
        ),
        Row("audit:alert-list", "-", "GET", {"coordinator": 200, "outsider": 200}, otherwise=403),
        # An alert exists only for the coordinators it alerts.
        Row("audit:alert-acknowledge", "alert", "POST", {"coordinator": OK}),
        Capability(
            "read the audit trail",
            {"coordinator": OK, "outsider": OK},
            otherwise=403,
            api="GET api-audit-events",
            one_door="the pages show the trail per record (the access report) and as alerts",
        ),
        # The public area: everyone, no sign-in, no cookies.
        Row("public:home", "-", "GET", each(PERSONAS, 200)),
        Row("public:safety", "-", "GET", each(PERSONAS, 200)),
        # Choosing English or Spanish on the signed-in pages and the login page.
        Row("set_language", "-", "POST", each(PERSONAS, OK), data={"language": "es", "next": "/"}),
    ]
)

for _area in AREAS:
    MATRIX += expand(_area.ROWS)
