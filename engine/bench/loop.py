"""Cost of step n of a long instance: several loop instances advanced in turn (interleaved).

The figure for step n is the median of the steps n-4 … n+5 of one instance; the ratio of the last
mark to step 10 is taken per instance, and reported as the median over instances with its spread.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from ..clock import FixedClock
from .stats import ms, spread


def measure_loop(engine: Any, clock: FixedClock, steps: int, instances: int = 3) -> dict[str, Any]:
    ids = [engine.start("loop", actor="staf").id for _ in range(instances)]
    wall: dict[str, list[float]] = {i: [] for i in ids}
    cpu: dict[str, list[float]] = {i: [] for i in ids}
    for _ in range(steps + 5):
        for iid in ids:
            task = engine.tasks(instance_id=iid)[0]
            clock.advance(seconds=30)
            w0, c0 = time.perf_counter(), time.thread_time()
            engine.complete(task.id, actor="staf", data={"lanjut": True})
            cpu[iid].append(time.thread_time() - c0)
            wall[iid].append(time.perf_counter() - w0)

    def at(samples: list[float], n: int) -> float:
        return statistics.median(samples[max(0, n - 5):n + 5])

    marks = sorted({m for m in (10, 100, 1000, steps) if m <= steps})
    out: dict[str, Any] = {"loop_instances": instances, "loop_steps": steps}
    for n in marks:
        out[f"step_wall_ms_{n}"] = spread([ms(at(wall[i], n)) for i in ids])
        out[f"step_cpu_ms_{n}"] = spread([ms(at(cpu[i], n)) for i in ids])
    out["step_cpu_ratio_last_to_10"] = spread([at(cpu[i], steps) / at(cpu[i], 10) for i in ids], 2)
    out["step_wall_ratio_last_to_10"] = spread([at(wall[i], steps) / at(wall[i], 10) for i in ids], 2)
    return out
