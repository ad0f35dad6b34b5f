"""The walk of the task tree gives SpiffWorkflow's tasks in SpiffWorkflow's order (see tests/engine/conftest.py,
which compares every walk of every engine test), and the walk is what the engine uses."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from SpiffWorkflow.util.task import TaskState

from engine import FixedClock
from engine.spiff import walk

from .helpers import bench_engine

DATA = {"catatan": "ok", "lanjut": True}


def test_steps_walk_the_tree_with_the_fast_walk(tmp_path: Path, walk_matches_library):
    clock = FixedClock(datetime(2026, 3, 2, 8, tzinfo=timezone.utc))
    engine = bench_engine(tmp_path, clock, ("staf", "kepala"))
    for process_id in ("seq30", "seq30n", "loop"):
        inst = engine.start(process_id, actor="staf")
        for n in range(40):
            tasks = engine.tasks(instance_id=inst.id)
            if not tasks:
                break
            clock.advance(minutes=10)
            data = {"lanjut": n < 35} if process_id == "loop" else DATA
            engine.complete(tasks[0].id, actor=tasks[0].role, data=data)
        assert engine.instance(inst.id).state == "completed"
    assert len(walk_matches_library) > 100  # the walks compared were the engine's own
    engine.close()


def test_other_filters_and_deep_trees_go_to_the_library(tmp_path: Path, walk_matches_library):
    from engine.spiff import Run
    from engine.spiff.parsing import parse_process
    from engine.bench.processes import seq_bpmn
    from lxml import etree

    process = parse_process(etree.fromstring(seq_bpmn(3).encode()), "seq3.bpmn")[0]
    run = Run.new(process)
    workflow = run.workflow
    before = len(walk_matches_library)
    workflow.get_tasks(state=TaskState.READY)
    assert len(walk_matches_library) == before + 1
    # a start task, a lane filter, a sub-process workflow: the library's own iterator
    workflow.get_tasks(first_task=workflow.task_tree, state=TaskState.READY)
    workflow.get_tasks(lane="STAF")
    assert len(walk_matches_library) == before + 1
    assert [t.id for t in workflow.get_tasks(lane="STAF", state=TaskState.READY)] == \
        [t.id for t in walk.BpmnBaseWorkflow.get_tasks_iterator(workflow, lane="STAF", state=TaskState.READY)]
