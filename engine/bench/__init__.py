"""`sopflow bench`: speed and size figures of the engine, printed, never asserted.

Every timing is a median of at least three interleaved rounds with its spread (min and max over
rounds), CPU time beside wall time, and bare SpiffWorkflow measured in the same process and rounds.
Everything runs on temporary SQLite files (plus PostgreSQL for the task list when a URL is given).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .compare import compare, render
from .processes import _workspace, loop_bpmn, seq_bpmn
from .tasklist import bulk_open_tasks

__all__ = ["_workspace", "bulk_open_tasks", "compare", "loop_bpmn", "render", "run_benchmark", "seq_bpmn"]


def run_benchmark(quick: bool = False, rounds: int = 3, pg_url: str | None = None) -> dict[str, Any]:
    from ..clock import FixedClock
    from ..core import Engine
    from .loop import measure_loop
    from .sizes import measure_sizes
    from .steps import measure_steps, start_summary
    from .tasklist import measure_tasklist

    rounds = max(3, rounds)
    instances = 2 if quick else 4
    open_instances = 5_000 if quick else 100_000
    loop_steps = 120 if quick else 1000
    with tempfile.TemporaryDirectory(prefix="sopflow-bench-") as tmp:
        root = Path(tmp)
        settings = _workspace(root)
        clock = FixedClock(datetime(2026, 1, 5, 8, tzinfo=timezone.utc))
        engine = Engine(settings, clock=clock)
        engine.init_db()
        engine.deploy()
        engine.add_user("staf", ["staf"], "pw")
        engine.add_user("kepala", ["kepala"], "pw")
        figures: dict[str, Any] = {"sizes": {"rounds": rounds, "instances_per_round": instances,
                                             "open_instances": open_instances, "loop_steps": loop_steps}}
        try:
            figures["steps"] = measure_steps(engine, clock, rounds, instances)
            figures["start"] = start_summary(figures["steps"])
            figures["loop"] = measure_loop(engine, clock, loop_steps)
        finally:
            engine.close()
        figures["bytes_per_completed_instance"] = measure_sizes(root, 4 if quick else 12)
        if pg_url:
            figures["bytes_per_completed_instance_postgresql"] = measure_sizes(root, 4 if quick else 12, pg_url)
        figures["tasklist_sqlite"] = measure_tasklist(f"sqlite:///{root / 'tasklist.db'}", settings.processes_dir,
                                                      settings.forms_dir, open_instances, rounds)
        if pg_url:
            figures["tasklist_postgresql"] = measure_tasklist(pg_url, settings.processes_dir, settings.forms_dir,
                                                              open_instances, rounds)
    return figures


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run_benchmark(quick=bool(os.environ.get("QUICK"))), indent=2))
