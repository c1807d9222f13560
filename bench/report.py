"""The shape of the `make bench` JSON document, and the ratios in it.

Ratios are app ÷ reference, for times and for throughputs alike: a time ratio below 1
means the application is faster than the reference; a throughput ratio above 1 means
it moves more rows per second.
"""

from typing import Any

# Targets (issue "Real size"), as data. The keys are a contract: `make bench` prints
# every one of them, measured or not.
TARGETS: dict[str, Any] = {
    "funnel.ratio_duckdb": {"max": 1.0},
    "funnel.quarter_ratio_duckdb": {"max": 1.0},
    "funnel.agree": {"equals": True},
    "import.app_rows_per_s": {"min": 40_000},
    "import.ratio_copy_tables": {"min": 0.5},
    "reports.scorecard_ms": {"max": 300},
    "reports.public_report_ms": {"max": 300},
    "load.p95_ms": {"max": 100},
    "load.errors": {"max": 0},
    "scaling.ratio": {"max": 1.2},
    "scaling.search_ms": {"max": 50},
}


def ratio(app: float | None, reference: float | None) -> float | None:
    """app ÷ reference, rounded to 3 decimals; None when either is missing or zero."""
    if not app or not reference:
        return None
    return round(app / reference, 3)


def _get(document: dict[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def verdicts(document: dict[str, Any]) -> dict[str, bool | None]:
    """Per target: met (True), missed (False) or not measured (None)."""
    result: dict[str, bool | None] = {}
    for name, bound in TARGETS.items():
        value = _get(document, name)
        if value is None:
            result[name] = None
        elif "equals" in bound:
            result[name] = value == bound["equals"]
        elif "max" in bound:
            result[name] = value <= bound["max"]
        else:
            result[name] = value >= bound["min"]
    return result


def target_lines(document: dict[str, Any]) -> list[tuple[str, Any]]:
    """(key, value and verdict) for every target, in the order of the issue."""
    met = document["targets_met"]
    verdict = {True: "met", False: "MISSED", None: "not measured"}
    return [
        (name, f"{_get(document, name)} ({verdict[met[name]]}, target {_bound(bound)})")
        for name, bound in TARGETS.items()
    ]


def _bound(bound: dict[str, Any]) -> str:
    if "equals" in bound:
        return f"= {bound['equals']}"
    return f"<= {bound['max']:,}" if "max" in bound else f">= {bound['min']:,}"


def build(
    *,
    events: int,
    funnel: dict[str, Any],
    imports: dict[str, Any],
    reports: dict[str, Any],
    load: dict[str, Any] | None,
    scaling: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole document: every figure, every ratio, and the targets met or not."""
    quarter = funnel.get("quarter", {})
    document: dict[str, Any] = {
        "events": events,
        "funnel": {
            **funnel,
            "ratio_duckdb": ratio(funnel.get("app_ms"), funnel.get("duckdb_ms")),
            "ratio_sql": ratio(funnel.get("app_ms"), funnel.get("sql_ms")),
            "quarter_ratio_duckdb": ratio(quarter.get("app_ms"), quarter.get("duckdb_ms")),
            "quarter_ratio_sql": ratio(quarter.get("app_ms"), quarter.get("sql_ms")),
            # Every figure agrees across the three, all time and for the quarter.
            "agree": bool(funnel.get("agree")) and bool(quarter.get("agree")),
        },
        "import": {
            **imports,
            "ratio_copy": ratio(imports.get("app_rows_per_s"), imports.get("copy_rows_per_s")),
            "ratio_copy_tables": ratio(
                imports.get("app_rows_per_s"), imports.get("copy_tables_rows_per_s")
            ),
        },
        "reports": reports,
        "load": load
        if load is not None
        else {"clients": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "errors": None},
        "scaling": {
            **scaling,
            "ratio": ratio(scaling.get("list_large_ms"), scaling.get("list_small_ms")),
        },
    }
    if extra:
        document.update(extra)
    document["targets_met"] = verdicts(document)
    return document
