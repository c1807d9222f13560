"""The permission matrix, as data: persona × object × action → expected answer (S1, S2).

Every route of ours has at least one row; `test_url_policies` fails on a route the
matrix does not know. A row names the route, the object that fills its URL, the
method, and what each persona must get. Personas not named get the row's
`otherwise` answer — for anything tied to an object that is 404, the answer for
what does not exist. The anonymous visitor is walked too: pages send them to the
login page, the API answers 401, public routes answer 200.

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
    Row,
    each,
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

PUBLIC_ROUTES = {
    "public:home",
    "public:safety",
    "set_language",
    "meetings:calendar-feed",
} | set().union(*(area.PUBLIC_ROUTES for area in AREAS if hasattr(area, "PUBLIC_ROUTES")))

MATRIX: list[Row] = [
    # The dashboard and personal settings: every signed-in person, their own things only.
    Row("dashboard", "-", "GET", each(SIGNED_IN, 200)),
    Row("accounts:sessions", "-", "GET", each(SIGNED_IN, 200)),
    Row("accounts:sessions-end-others", "-", "POST", each(SIGNED_IN, OK)),
    Row("accounts:session-end", "coordinator_session", "POST", {"coordinator": OK}),
    Row("accounts:tokens", "-", "GET", each(SIGNED_IN, 200)),
    Row("accounts:token-create", "-", "GET", each(SIGNED_IN, OK)),
    Row("accounts:token-revoke", "coordinator_token", "POST", {"coordinator": OK}),
    Row("api-me", "-", "GET", each(SIGNED_IN, 200)),
    Row("api-schema", "-", "GET", each(SIGNED_IN, 200)),
    # Collaboratives: members see their own; only the coordinator manages.
    Row("partners:collaborative-list", "-", "GET", each(SIGNED_IN, 200)),
    Row(
        "partners:collaborative-create",
        "-",
        "GET",
        {"coordinator": 200, "outsider": 200},
        otherwise=403,
    ),
    Row("partners:collaborative-detail", "ccr", "GET", each(CCR_ALL, 200)),
    Row("partners:collaborative-detail", "neighbour_ccr", "GET", {"outsider": 200}),
    Row("partners:collaborative-edit", "ccr", "GET", {**each(CCR_ALL, 403), "coordinator": 200}),
    Row("partners:collaborative-edit", "ccr", "POST", {**each(CCR_ALL, 403), "coordinator": OK}),
    Row(
        "partners:collaborative-deactivate",
        "ccr",
        "POST",
        {**each(CCR_ALL, 403), "coordinator": OK},
    ),
    Row("partners:coverage-detail", "ccr", "GET", each(CCR_ALL, 200)),
    Row("partners:membership-create", "ccr", "GET", {**each(CCR_ALL, 403), "coordinator": 200}),
    Row(
        "partners:membership-end",
        "police_membership",
        "POST",
        {**each(CCR_ALL, 403), "coordinator": OK},
    ),
    Row(
        "partners:role-grant",
        "ccr",
        "GET",
        {**each(CCR_ALL, 403), "coordinator": 200, "agency_admin": 200},
    ),
    Row(
        "partners:role-revoke", "prosecutor_role", "POST", {**each(CCR_ALL, 403), "coordinator": OK}
    ),
    # Agencies: visible through a shared collaborative.
    Row("partners:agency-list", "-", "GET", each(SIGNED_IN, 200)),
    Row("partners:agency-create", "-", "GET", {"coordinator": 200, "outsider": 200}, otherwise=403),
    Row("partners:agency-detail", "police", "GET", each(CCR_ALL, 200)),
    Row("partners:agency-edit", "police", "GET", {**each(CCR_ALL, 403), "coordinator": 200}),
    Row("partners:agency-deactivate", "police", "POST", {**each(CCR_ALL, 403), "coordinator": OK}),
    # The avenue tool.
    Row("partners:avenue-list", "-", "GET", each(SIGNED_IN, 200)),
    Row("partners:avenue-create", "-", "GET", {**each(SIGNED_IN, 200), "analyst": 403}),
    Row("partners:avenue-detail", "assessment", "GET", {**each(CCR_ALL, 200), "analyst": 404}),
    # The API of partners.
    Row("api-collaborative-list", "-", "GET", each(SIGNED_IN, 200)),
    Row("api-collaborative-detail", "api_ccr", "GET", each(CCR_ALL, 200)),
    Row("api-collaborative-coverage", "api_ccr", "GET", each(CCR_ALL, 200)),
    Row("api-agency-list", "-", "GET", each(SIGNED_IN, 200)),
    Row("api-agency-detail", "api_police", "GET", each(CCR_ALL, 200)),
    # Cases: the people who work cases; never analysts, community members or outsiders;
    # never the party to a case.
    Row("cases:case-list", "-", "GET", {**each(CASE_WORKERS, 200), "outsider": 200}, otherwise=403),
    Row("cases:case-open", "-", "GET", {**each(CASE_WORKERS, 200), "outsider": 200}, otherwise=403),
    Row("cases:case-detail", "case", "GET", each(CASE_WORKERS, 200)),
    Row(
        "cases:case-detail", "party_case", "GET", {**each(CASE_WORKERS, 200), "party_officer": 404}
    ),
    Row("cases:case-edit", "case", "GET", each(CASE_WORKERS, 200)),
    Row("cases:case-edit", "party_case", "POST", {**each(CASE_WORKERS, OK), "party_officer": 404}),
    Row("cases:restriction-add", "case", "POST", {**each(CASE_WORKERS, 403), "coordinator": OK}),
    Row(
        "cases:restriction-lift",
        "restriction",
        "POST",
        {**each(CASE_WORKERS, 403), "coordinator": OK, "prosecutor": 404},
    ),
    Row(
        "cases:case-detail",
        "restricted_case",
        "GET",
        {**each(CASE_WORKERS, 200), "prosecutor": 404},
    ),
    Row("api-case-list", "-", "GET", {**each(CASE_WORKERS, 200), "outsider": 200}, otherwise=403),
    Row(
        "api-case-list",
        "-",
        "POST",
        {**each(CASE_WORKERS, OK), "analyst": 403, "community_member": 403},
        data={"collaborative": "{ccr}"},
    ),
    Row("api-case-detail", "case", "GET", each(CASE_WORKERS, 200)),
    Row("api-case-detail", "party_case", "GET", {**each(CASE_WORKERS, 200), "party_officer": 404}),
    Row("api-case-detail", "case", "PATCH", each(CASE_WORKERS, OK)),
    # The audit trail: coordinators only, for their own collaboratives.
    Row(
        "audit:access-report-view", "case_report", "GET", {**each(CCR_ALL, 403), "coordinator": 200}
    ),
    Row("audit:alert-list", "-", "GET", {"coordinator": 200, "outsider": 200}, otherwise=403),
    # An alert exists only for the coordinators it alerts.
    Row("audit:alert-acknowledge", "alert", "POST", {"coordinator": OK}),
    Row("api-audit-events", "-", "GET", {"coordinator": 200, "outsider": 200}, otherwise=403),
    Row(
        "api-audit-access-report", "case_report", "GET", {**each(CCR_ALL, 403), "coordinator": 200}
    ),
    # The public area: everyone, no sign-in, no cookies.
    Row("public:home", "-", "GET", each(PERSONAS, 200)),
    Row("public:safety", "-", "GET", each(PERSONAS, 200)),
    # Choosing English or Spanish on the signed-in pages and the login page.
    Row("set_language", "-", "POST", each(PERSONAS, OK), data={"language": "es", "next": "/"}),
]

for _area in AREAS:
    MATRIX += _area.ROWS
