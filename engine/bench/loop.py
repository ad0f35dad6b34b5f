"""Cost of step n of a long instance: several loop instances advanced in turn (interleaved).

The figure for step n is the median of the steps n-4 … n+5 of one instance. Step 10 is measured twice:
at the start, and again at the end by fresh instances advanced in turn with the long ones, so the last
mark and its step 10 are timed in the same moments and a machine that slowed down (or sped up) meanwhile
does not show as growth. The ratio of the last mark to the step 10 timed beside it is the figure
(``step_cpu_ratio_last_to_10``); the ratio to the first step 10 is printed beside it. Each ratio is
taken per instance and reported as the median over instances with its spread.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from ..clock import FixedClock
from .stats import ms, spread

#: steps of the fresh instances timed beside the long ones' last steps (the window of step 10 is 5 … 14)
_BESIDE = 15


def measure_loop(engine: Any, clock: FixedClock, steps: int, instances: int = 3) -> dict[str, Any]:
    ids = [engine.start("loop", actor="staf").id for _ in range(instances)]
    wall: dict[str, list[float]] = {i: [] for i in ids}
    cpu: dict[str, list[float]] = {i: [] for i in ids}

    def step(instance_id: str, cpu_out: list[float], wall_out: list[float] | None = None) -> None:
        task = engine.tasks(instance_id=instance_id)[0]
        clock.advance(seconds=30)
        w0, c0 = time.perf_counter(), time.thread_time()
        engine.complete(task.id, actor="staf", data={"lanjut": True})
        cpu_out.append(time.thread_time() - c0)
        if wall_out is not None:
            wall_out.append(time.perf_counter() - w0)

    for _ in range(steps - 5):
        for iid in ids:
            step(iid, cpu[iid], wall[iid])
    # The last steps, each beside a fresh instance's step at the same moment.
    fresh = [engine.start("loop", actor="staf").id for _ in range(instances)]
    fresh_cpu: dict[str, list[float]] = {f: [] for f in fresh}
    for n in range(_BESIDE):
        for iid, fid in zip(ids, fresh):
            step(fid, fresh_cpu[fid])
            if n >= _BESIDE - 10:  # the fresh ones' steps 6 … 15 and the long ones' last ten, in turn
                step(iid, cpu[iid], wall[iid])

    def at(samples: list[float], n: int) -> float:
        return statistics.median(samples[max(0, n - 5):n + 5])

    marks = sorted({m for m in (10, 100, 1000, steps) if m <= steps})
    out: dict[str, Any] = {"loop_instances": instances, "loop_steps": steps}
    for n in marks:
        out[f"step_wall_ms_{n}"] = spread([ms(at(wall[i], n)) for i in ids])
        out[f"step_cpu_ms_{n}"] = spread([ms(at(cpu[i], n)) for i in ids])
    out["step_cpu_ms_10_beside_last"] = spread([ms(at(fresh_cpu[f], 10)) for f in fresh])
    out["step_cpu_ratio_last_to_10"] = spread([at(cpu[i], steps) / at(fresh_cpu[f], 10) for i, f in zip(ids, fresh)], 2)
    out["step_cpu_ratio_last_to_first_10"] = spread([at(cpu[i], steps) / at(cpu[i], 10) for i in ids], 2)
    out["step_wall_ratio_last_to_first_10"] = spread([at(wall[i], steps) / at(wall[i], 10) for i in ids], 2)
    return out
