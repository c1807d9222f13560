"""Permission-matrix rows and targets of imports: jobs are seen by their importer and the
coordinator; mappings by their agency's case workers and the coordinator."""

from typing import Any

from ccrhub.tests.permission_matrix_base import CASE_WORKERS, OK, Row, each

IMPORTERS: dict[str, int | str] = {**each(CASE_WORKERS, 200), "outsider": 200}
JOB_READERS: dict[str, int | str] = {"police_officer": 200, "coordinator": 200}
POLICE_MAPPING_READERS: dict[str, int | str] = {
    "police_officer": 200,
    "party_officer": 200,
    "agency_admin": 200,
    "coordinator": 200,
}

ROWS: list[Row] = [
    Row("imports:import-list", "-", "GET", IMPORTERS, otherwise=403),
    Row(
        "imports:import-list",
        "-",
        "POST",
        {**each(CASE_WORKERS, OK), "outsider": OK},
        otherwise=403,
    ),
    Row("imports:import-detail", "import_job", "GET", JOB_READERS),
    Row("imports:import-progress", "import_job", "GET", JOB_READERS),
    Row("imports:import-errors", "import_job", "GET", JOB_READERS),
    # Only the importer starts their own import; the coordinator may watch it.
    Row("imports:import-start", "import_job", "POST", {"police_officer": OK, "coordinator": 403}),
    Row("imports:mapping-list", "-", "GET", IMPORTERS, otherwise=403),
    Row("imports:mapping-new", "-", "GET", IMPORTERS, otherwise=403),
    Row(
        "imports:mapping-new",
        "-",
        "POST",
        {**each(CASE_WORKERS, OK), "outsider": OK},
        otherwise=403,
    ),
    Row("imports:mapping-detail", "import_mapping", "GET", POLICE_MAPPING_READERS),
    Row("api-import-list", "-", "GET", IMPORTERS, otherwise=403),
    Row(
        "api-import-list",
        "-",
        "POST",
        {**each(CASE_WORKERS, OK), "analyst": 403, "community_member": 403},
        data={"collaborative": "{ccr}"},
    ),
    Row("api-import-detail", "api_import_job", "GET", JOB_READERS),
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
        "api_import_job": ({"job_id": job.public_id}, {}),
        "import_mapping": ({"mapping_id": mapping.public_id}, {}),
    }
