"""A loop that runs 2,000 rounds completes: the saved state and each step stay small however long
an instance runs (the library on its own breaks at about 500 rounds). The bench prints the cost
of step 1,000 against step 10; this test only checks that the instance gets there, intact."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from engine import FixedClock

from .helpers import bench_engine

STEPS = 2000


@pytest.mark.slow
def test_two_thousand_rounds_of_a_loop_complete_and_verify(tmp_path):
    clock = FixedClock(datetime(2026, 3, 2, 8, tzinfo=timezone.utc))
    engine = bench_engine(tmp_path, clock)
    inst = engine.start("loop", actor="staf")
    sizes = []
    for n in range(1, STEPS + 1):
        task = engine.tasks(instance_id=inst.id)[0]
        clock.advance(seconds=30)
        engine.complete(task.id, actor="staf", data={"lanjut": n < STEPS})
        if n in (10, 500, 1000, STEPS - 1):
            with engine.db.reading() as session:
                from engine.store.models import Instance

                sizes.append(len(session.get(Instance, inst.id).workflow_state or b""))

    assert engine.instance(inst.id).state == "completed"
    assert engine.tasks(instance_id=inst.id) == []
    assert sizes[3] <= sizes[2] * 1.2, sizes  # the saved state stops growing with the rounds
    history = engine.history(inst.id)
    assert sum(1 for e in history if e.type == "task_completed") == STEPS
    engine.close()
