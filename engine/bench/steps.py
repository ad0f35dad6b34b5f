"""Start and per-step cost of sopflow beside bare SpiffWorkflow, in the same process and rounds.

Each round runs, for each variant (with and without boundary timers), a few instances through
sopflow (runtime, audit, commit on SQLite) and then the same number on the bare library, so slow
phases of a loaded machine hit both sides alike. CPU is the thread's CPU time; wall is beside it.
"""

from __future__ import annotations

import gc
import statistics
import time
from typing import Any

from ..clock import FixedClock
from ..spiff.bench import BareRun
from .processes import seq_bpmn
from .stats import SqlCounter, ms, pct, spread

DATA = {"catatan": "selesai sesuai rencana", "lanjut": True}
VARIANTS = {"timers": "seq30", "no_timers": "seq30n"}


def _sopflow_round(engine: Any, clock: FixedClock, process_id: str, instances: int,
                   counter: SqlCounter) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"start_wall": [], "start_cpu": [], "step_wall": [], "step_cpu": []}
    statements = commits = completions = start_statements = 0
    for _ in range(instances):
        s0 = counter.statements
        with counter.counted():
            w0, c0 = time.perf_counter(), time.thread_time()
            inst = engine.start(process_id, actor="staf")
            out["start_cpu"].append(time.thread_time() - c0)
            out["start_wall"].append(time.perf_counter() - w0)
        start_statements += counter.statements - s0
        while True:
            tasks = engine.tasks(instance_id=inst.id)
            if not tasks:
                break
            task = tasks[0]
            clock.advance(minutes=10)
            s0, k0 = counter.statements, counter.commits
            with counter.counted():
                w0, c0 = time.perf_counter(), time.thread_time()
                engine.complete(task.id, actor=task.role, data=DATA)
                out["step_cpu"].append(time.thread_time() - c0)
                out["step_wall"].append(time.perf_counter() - w0)
            statements += counter.statements - s0
            commits += counter.commits - k0
            completions += 1
    out["sql_statements"] = [statements / completions]
    out["sql_commits"] = [commits / completions]
    out["sql_statements_per_start"] = [start_statements / instances]
    return out


def _bare_round(bare: BareRun, instances: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"start_wall": [], "start_cpu": [], "step_wall": [], "step_cpu": []}
    for _ in range(instances):
        saved, wall, cpu = bare.start()
        out["start_wall"].append(wall)
        out["start_cpu"].append(cpu)
        while True:
            saved, wall, cpu = bare.step(saved, DATA)
            if saved is None:
                break
            out["step_wall"].append(wall)
            out["step_cpu"].append(cpu)
    return out


def measure_steps(engine: Any, clock: FixedClock, rounds: int, instances: int) -> dict[str, Any]:
    counter = SqlCounter(engine.db.engine)
    bare = {name: BareRun(seq_bpmn(30, timers=name == "timers"), pid) for name, pid in VARIANTS.items()}
    per_round: dict[str, dict[str, list[float]]] = {name: {} for name in VARIANTS}

    def keep(variant: str, key: str, value: float) -> None:
        per_round[variant].setdefault(key, []).append(value)

    # One warm-up instance each, so caches and lazy imports do not land in round 1.
    for name, pid in VARIANTS.items():
        _sopflow_round(engine, clock, pid, 1, counter)
        _bare_round(bare[name], 1)
    for _ in range(rounds):
        for name, pid in VARIANTS.items():
            gc.collect()
            ours = _sopflow_round(engine, clock, pid, instances, counter)
            gc.collect()
            theirs = _bare_round(bare[name], instances)
            for kind in ("step_wall", "step_cpu", "start_wall", "start_cpu"):
                keep(name, f"{kind}_p50_ms", ms(statistics.median(ours[kind])))
                keep(name, f"bare_{kind}_p50_ms", ms(statistics.median(theirs[kind])))
            keep(name, "start_wall_p95_ms", ms(pct(ours["start_wall"], 0.95)))
            keep(name, "bare_start_wall_p95_ms", ms(pct(theirs["start_wall"], 0.95)))
            keep(name, "step_wall_p95_ms", ms(pct(ours["step_wall"], 0.95)))
            keep(name, "step_cpu_vs_bare", statistics.median(ours["step_cpu"]) / statistics.median(theirs["step_cpu"]))
            keep(name, "start_wall_vs_bare", statistics.median(ours["start_wall"]) / statistics.median(theirs["start_wall"]))
            keep(name, "start_cpu_vs_bare", statistics.median(ours["start_cpu"]) / statistics.median(theirs["start_cpu"]))
            keep(name, "start_cpu_p95_ms", ms(pct(ours["start_cpu"], 0.95)))
            keep(name, "sql_statements_per_start", ours["sql_statements_per_start"][0])
            keep(name, "sql_statements_per_completion", ours["sql_statements"][0])
            keep(name, "sql_commits_per_completion", ours["sql_commits"][0])
    return {name: {key: spread(values) for key, values in figures.items()} for name, figures in per_round.items()}


#: issue 15's start target, printed beside the figures it judges
START_TARGET = {"wall_p95_ms": 8.0, "wall_vs_bare": 1.0}


def start_summary(steps: dict[str, Any]) -> dict[str, Any]:
    """Starting an instance, per variant: wall p50/p95, CPU, against bare SpiffWorkflow, and the target."""
    out: dict[str, Any] = {"target": {"wall_p95_ms_at_most": START_TARGET["wall_p95_ms"],
                                      "wall_vs_bare_at_most": START_TARGET["wall_vs_bare"]}}
    for name, figures in steps.items():
        row = {"wall_p50_ms": figures["start_wall_p50_ms"]["median"],
               "wall_p95_ms": figures["start_wall_p95_ms"]["median"],
               "cpu_p50_ms": figures["start_cpu_p50_ms"]["median"],
               "cpu_p95_ms": figures["start_cpu_p95_ms"]["median"],
               "bare_wall_p50_ms": figures["bare_start_wall_p50_ms"]["median"],
               "bare_cpu_p50_ms": figures["bare_start_cpu_p50_ms"]["median"],
               "wall_vs_bare": figures["start_wall_vs_bare"]["median"],
               "cpu_vs_bare": figures["start_cpu_vs_bare"]["median"],
               "sql_statements": figures["sql_statements_per_start"]["median"]}
        row["meets_target"] = (row["wall_p95_ms"] <= START_TARGET["wall_p95_ms"]
                               and row["wall_vs_bare"] <= START_TARGET["wall_vs_bare"])
        out[name] = row
    return out
