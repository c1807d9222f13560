"""The `make bench` document has the agreed shape, with ratios app ÷ reference."""

from bench.report import build, ratio


def test_the_bench_document_has_every_figure_and_ratio() -> None:
    document = build(
        events=1_000_000,
        funnel={"app_ms": 150.0, "duckdb_ms": 300.0, "sql_ms": 120.0},
        imports={
            "rows": 100_000,
            "app_rows_per_s": 60_000,
            "copy_rows_per_s": 200_000,
            "copy_tables_rows_per_s": 100_000,
        },
        reports={"scorecard_ms": 250.0, "public_report_ms": 400.0},
        load={"clients": 16, "p50_ms": 20.0, "p95_ms": 120.0, "p99_ms": 300.0, "errors": 0},
        scaling={"list_small_ms": 10.0, "list_large_ms": 11.0, "search_ms": 12.0},
    )
    assert document["events"] == 1_000_000
    assert document["funnel"]["ratio_duckdb"] == 0.5
    assert document["funnel"]["ratio_sql"] == 1.25
    assert document["import"]["ratio_copy"] == 0.3
    assert document["import"]["ratio_copy_tables"] == 0.6
    assert document["scaling"]["ratio"] == 1.1
    assert set(document["load"]) >= {"clients", "p50_ms", "p95_ms", "p99_ms", "errors"}
    met = document["targets_met"]
    assert met["load.p95_ms"] is False and met["reports.public_report_ms"] is False
    assert met["import.ratio_copy_tables"] is True and met["reports.scorecard_ms"] is True
    assert met["scaling.search_ms"] is True


def test_a_skipped_load_test_is_not_measured_rather_than_met() -> None:
    document = build(
        events=2000,
        funnel={"app_ms": 1.0},
        imports={"rows": 10},
        reports={},
        load=None,
        scaling={"list_small_ms": 0, "list_large_ms": 1.0},
    )
    assert document["load"]["p95_ms"] is None
    assert document["targets_met"]["load.p95_ms"] is None
    assert document["scaling"]["ratio"] is None and ratio(None, 2) is None
