"""Permission-matrix rows and targets of imports: jobs are seen by their importer and the
coordinator; mappings by their agency's case workers and the coordinator."""

from typing import Any

from ccrhub.tests.permission_matrix_base import (
    CASE_WORKERS,
    OK,
    Capability,
    Declaration,
    Door,
    Row,
    each,
)

IMPORTERS: dict[str, int | str] = {**each(CASE_WORKERS, 200), "outsider": 200}
JOB_READERS: dict[str, int | str] = {"police_officer": 200, "coordinator": 200}
POLICE_MAPPING_READERS: dict[str, int | str] = {
    "police_officer": 200,
    "party_officer": 200,
    "agency_admin": 200,
    "coordinator": 200,
}

IMPORT_STARTERS: dict[str, int | str] = {**each(CASE_WORKERS, OK), "outsider": OK}

ROWS: list[Declaration] = [
    Capability(
        "list one's imports",
        IMPORTERS,
        otherwise=403,
        page="GET imports:import-list",
        api="GET api-import-list",
    ),
    Capability(
        "upload an import into a collaborative one works in",
        IMPORT_STARTERS,
        otherwise=403,
        page="POST imports:import-list",
        api=Door("POST", "api-import-list", {"collaborative": "{own_ccr}"}),
    ),
    Capability(
        "upload an import into the Riverbend CCR",
        {**each(CASE_WORKERS, OK), "analyst": 403, "community_member": 403},
        api=Door("POST", "api-import-list", {"collaborative": "{ccr}"}),
        one_door="the body names the collaborative; the page's form offers only one's own",
    ),
    Capability(
        "follow an import",
        JOB_READERS,
        target="import_job",
        page="GET imports:import-detail",
        api="GET api-import-detail",
    ),
    Row("imports:import-progress", "import_job", "GET", JOB_READERS),
    Row("imports:import-errors", "import_job", "GET", JOB_READERS),
    # Only the importer starts their own import; the coordinator may watch it.
    Row("imports:import-start", "import_job", "POST", {"police_officer": OK, "coordinator": 403}),
    Row("imports:mapping-list", "-", "GET", IMPORTERS, otherwise=403),
    Row("imports:mapping-new", "-", "GET", IMPORTERS, otherwise=403),
    Row("imports:mapping-new", "-", "POST", IMPORT_STARTERS, otherwise=403),
    Row("imports:mapping-detail", "import_mapping", "GET", POLICE_MAPPING_READERS),
]


def targets(personas: Any, case: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Objects these rows name, as (URL kwargs, query string); `case` is a CCR case."""
    from ccrhub.cases.models import ColumnMapping, ImportJob

    # A pending job whose file is already gone: every page must still answer.
    job = ImportJob.objects.create(
        collaborative=personas.ccr, created_by=personas.police_officer, upload=""
    )
    mapping = ColumnMapping.objects.create(
        collaborative=personas.ccr,
        agency=personas.police,
        name="RMS export",
        columns={"case_ref": "Report", "offender_ref": "Person", "stage": "S", "occurred_on": "D"},
        created_by=personas.police_officer,
    )
    return {
        "import_job": ({"job_id": job.public_id}, {}),
        "import_mapping": ({"mapping_id": mapping.public_id}, {}),
    }
