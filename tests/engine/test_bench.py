"""The benchmark runs end to end and prints every figure it promises (no timing is asserted)."""

from __future__ import annotations

from engine.bench import run_benchmark


def test_quick_benchmark_reports_every_figure():
    figures = run_benchmark(quick=True)
    for key in ("complete_p50_ms", "complete_p95_ms", "bare_p50_ms", "overhead_ratio", "start_p95_ms",
                "tasklist_p95_ms", "bytes_per_completed_instance", "step_ms_10", "step_ms_100"):
        assert figures[key] > 0, key
