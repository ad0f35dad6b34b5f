"""Small helpers shared by the engine tests."""

from __future__ import annotations

import threading
from pathlib import Path

from engine import Engine, FixedClock


def bench_engine(tmp_path: Path, clock: FixedClock, users: tuple[str, ...] = ("staf",)) -> Engine:
    """An engine on a SQLite file with the benchmark's processes (``seq30``, ``seq30n``, ``loop``) deployed
    and one user per named role."""
    from engine.bench.processes import workspace

    engine = Engine(workspace(tmp_path), clock=clock)
    engine.init_db()
    engine.deploy()
    for role in users:
        engine.add_user(role, [role], "pw")
    return engine


def open_task(engine: Engine, instance_id: str, element_id: str):
    """The one open task of ``element_id`` in the instance (fails the test if there is not exactly one)."""
    found = [t for t in engine.tasks(instance_id=instance_id) if t.element_id == element_id]
    assert len(found) == 1, f"expected one open {element_id}, got {[t.element_id for t in engine.tasks(instance_id=instance_id)]}"
    return found[0]


def event_types(engine: Engine, instance_id: str) -> list[str]:
    return [e.type for e in engine.history(instance_id)]


def tick_at_once(workers: list[Engine]) -> list[list]:
    """Each worker's ``tick()``, all released at the same moment from their own threads."""
    results: list[list] = [[] for _ in workers]
    barrier = threading.Barrier(len(workers))

    def sweep(i: int) -> None:
        barrier.wait()
        results[i] = workers[i].tick()

    threads = [threading.Thread(target=sweep, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
