"""The shape of the `make bench` JSON document, and the ratios in it.

Ratios are app ÷ reference, for times and for throughputs alike: a time ratio below 1
means the application is faster than the reference; a throughput ratio above 1 means
it moves more rows per second.
"""

from typing import Any

# Targets (issue "Scale, speed and resilience", build point 1), as data.
TARGETS: dict[str, Any] = {
    "funnel.ratio_duckdb": {"max": 1.0},
    "funnel.ratio_sql": {"max": 1.5},
    "funnel.app_ms": {"max": 300},
    "import.ratio_copy": {"min": 0.25},
    "import.app_rows_per_s": {"min": 50_000},
    "load.p95_ms": {"max": 100},
    "scaling.ratio": {"max": 1.2},
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
        elif "max" in bound:
            result[name] = value <= bound["max"]
        else:
            result[name] = value >= bound["min"]
    return result


def build(
    *,
    events: int,
    funnel: dict[str, Any],
    imports: dict[str, Any],
    load: dict[str, Any] | None,
    scaling: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole document: every figure, every ratio, and the targets met or not."""
    document: dict[str, Any] = {
        "events": events,
        "funnel": {
            **funnel,
            "ratio_duckdb": ratio(funnel.get("app_ms"), funnel.get("duckdb_ms")),
            "ratio_sql": ratio(funnel.get("app_ms"), funnel.get("sql_ms")),
        },
        "import": {
            **imports,
            "ratio_copy": ratio(imports.get("app_rows_per_s"), imports.get("copy_rows_per_s")),
        },
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
