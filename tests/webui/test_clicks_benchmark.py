"""The click-count benchmark walks a SOP-07 social-conflict incident to its end through its roles."""

from __future__ import annotations

from benchmarks.clicks import main


def test_clicks_benchmark_walks_the_journey():
    figures = main()
    # the village officer, his Kanit and Kapolsek, and the Polres chain of the row-21 reports
    assert figures["roles"] >= 5 and figures["task_forms"] >= 10
    clicks = figures["clicks"]
    assert clicks["start"] == 3 and clicks["open_task"] == clicks["submit"] == figures["task_forms"]
    assert figures["clicks_total"] == sum(clicks.values())
