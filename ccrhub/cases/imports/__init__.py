"""Event imports: read a CSV or XLSX export, map it, validate every row, commit all or nothing.

The flow of one import (an `ImportJob`):

1. `create_job` stores the upload under a generated name (never the user's file name)
   with its SHA-256; the job is `pending`.
2. `preview` converts the first rows as they will be stored, for the importer to check.
3. `run_import` (run in the background by `ccrhub.cases.tasks`) counts the rows, then
   validates every row, writing progress (`rows_done`) as it goes. Progress writes are
   committed one by one, outside the data transaction; they touch only the job row.
4. If any row is wrong, nothing is stored: the job is `failed` with its errors as
   `{row, column, message}` — never the cell's value. Otherwise one transaction creates
   the missing cases, inserts new events, updates changed ones, marks the job
   `completed` and writes one audit event. A crash inside it rolls all of it back (S32).

Re-importing the same file changes nothing: an event is identified by case, stage,
track and date, and rows identical to what is stored are left alone.

The package, in the order of the flow: `reading` (files, cells, dates), `mapping`
(canonical codes, saved mappings, a header resolved), `rights` (who may import what),
`validation` (rows to drafts or errors, the file as a plan), `staging` (bulk writes),
`commit` (the one data transaction) and `jobs` (uploads, the background run, reports).
The limits below are read as `imports.<NAME>` at call time, and so are the steps of the
run that fault tests replace (`_set`, `_write_events`, `insert_rows`): one place holds
each, whichever module uses it.
"""

# --- Limits (S21) -------------------------------------------------------------------

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
MAX_ERRORS_KEPT = 5_000
PREVIEW_ROWS = 10
PROGRESS_EVERY = 2_000
BATCH = 2_000
IN_CHUNK = 900  # below SQLite's bound on query parameters

from ccrhub.cases.actions import offender_key  # noqa: E402
from ccrhub.cases.imports.commit import _write_cases, _write_events, commit  # noqa: E402
from ccrhub.cases.imports.jobs import (  # noqa: E402
    _fail,
    _set,
    clear_stale_jobs,
    create_job,
    error_report_table,
    run_import,
    save_mapping,
    start_job,
)
from ccrhub.cases.imports.mapping import (  # noqa: E402
    CANONICAL_COLUMNS,
    MAX_NAME_CHARS,
    REQUIRED_COLUMNS,
    VALUE_KEYS,
    allowed_values,
    check_mapping,
    duplicate_column,
    duplicate_message,
    outcome_codes,
    resolve_layout,
    stage_codes,
)
from ccrhub.cases.imports.reading import (  # noqa: E402
    FileProblem,
    cell_text,
    count_rows,
    parse_date,
    read_rows,
    sniff_kind,
)
from ccrhub.cases.imports.rights import (  # noqa: E402
    access_job,
    access_mapping,
    import_collaboratives,
    mapping_agencies,
    may_import,
    member_agencies,
    require_import_role,
    usable_mappings,
    visible_jobs,
)
from ccrhub.cases.imports.staging import insert_rows, new_public_id  # noqa: E402
from ccrhub.cases.imports.validation import Draft, Plan, preview, validate  # noqa: E402

__all__ = [
    "CANONICAL_COLUMNS",
    "MAX_NAME_CHARS",
    "REQUIRED_COLUMNS",
    "VALUE_KEYS",
    "Draft",
    "FileProblem",
    "Plan",
    "_fail",
    "_set",
    "_write_cases",
    "_write_events",
    "access_job",
    "access_mapping",
    "allowed_values",
    "cell_text",
    "check_mapping",
    "clear_stale_jobs",
    "commit",
    "count_rows",
    "create_job",
    "duplicate_column",
    "duplicate_message",
    "error_report_table",
    "import_collaboratives",
    "insert_rows",
    "mapping_agencies",
    "may_import",
    "member_agencies",
    "new_public_id",
    "offender_key",
    "outcome_codes",
    "parse_date",
    "preview",
    "read_rows",
    "require_import_role",
    "resolve_layout",
    "run_import",
    "save_mapping",
    "sniff_kind",
    "stage_codes",
    "start_job",
    "usable_mappings",
    "validate",
    "visible_jobs",
]
