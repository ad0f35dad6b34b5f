"""The click-count benchmark walks SOP-07's social-conflict branch to its end through seven roles."""

from __future__ import annotations

from benchmarks.clicks import main


def test_clicks_benchmark_walks_the_journey():
    figures = main()
    assert figures["roles"] == 7 and figures["task_forms"] >= 20
    clicks = figures["clicks"]
    assert clicks["start"] == 3 and clicks["open_task"] == clicks["submit"] == figures["task_forms"]
    assert figures["clicks_total"] == sum(clicks.values())
