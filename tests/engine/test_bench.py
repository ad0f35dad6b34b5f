"""The benchmark runs end to end and prints every figure it promises (no timing is asserted)."""

from __future__ import annotations

from engine.bench import compare, render, run_benchmark


def test_quick_benchmark_reports_every_figure():
    figures = run_benchmark(quick=True)
    for variant in ("timers", "no_timers"):
        steps = figures["steps"][variant]
        for key in ("step_cpu_p50_ms", "bare_step_cpu_p50_ms", "step_wall_p50_ms", "start_wall_p95_ms",
                    "bare_start_wall_p50_ms", "step_cpu_vs_bare", "sql_statements_per_completion"):
            assert steps[key]["rounds"] >= 3, key
            assert steps[key]["min"] <= steps[key]["median"] <= steps[key]["max"], key
            assert steps[key]["min"] > 0, key
        assert steps["sql_commits_per_completion"]["median"] == 1
        start = figures["start"][variant]
        for key in ("wall_p50_ms", "wall_p95_ms", "cpu_p50_ms", "bare_wall_p50_ms", "wall_vs_bare", "cpu_vs_bare"):
            assert start[key] > 0, key
        assert start["wall_p50_ms"] <= start["wall_p95_ms"]
        assert 0 < start["sql_statements"] <= 10  # one insert per table, no second read
        assert start["meets_target"] in (True, False)
    assert figures["start"]["target"] == {"wall_p95_ms_at_most": 8.0, "wall_vs_bare_at_most": 1.0}
    sizes = figures["bytes_per_completed_instance"]
    for name in ("seq30_timers", "seq30_no_timers", "sop03", "sop07"):
        assert sizes[name]["completed"] == sizes[name]["instances"], name
        assert sizes[name]["bytes"] > 0, name
    assert figures["loop"]["step_cpu_ratio_last_to_10"]["rounds"] == 3
    assert figures["tasklist_sqlite"]["p95_ms"]["median"] > 0
    rows = compare(figures, figures)
    assert {r["ratio"] for r in rows if r["before"]} == {1.0}
    assert "steps.timers.step_cpu_p50_ms" in render(rows)
