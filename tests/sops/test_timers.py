"""After each step's time standard passes, its escalation fires exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.forms.formfill import sample

from .branches import PDF


@pytest.mark.parametrize("process_id", ["sop01", "sop02", "sop03", "sop04", "sop05", "sop06", "fkpm"])
def test_each_time_standard_escalates_once(sop_engine, clock, process_id):
    start_role = next(p for p in sop_engine.processes() if p.id == process_id).start_roles[0]
    inst = sop_engine.start(process_id, actor=start_role)
    fired_for: set[str] = set()
    for _ in range(80):
        open_tasks = sop_engine.tasks(instance_id=inst.id)
        if not open_tasks:
            break
        task = open_tasks[0]
        if task.due_at is not None and task.element_id not in fired_for:
            clock.set(task.due_at + timedelta(minutes=1))
            fired = [f.task_element_id for f in sop_engine.tick()]
            # parallel steps (FKPM's three Kanits) started together fall due together
            assert task.element_id in fired and not fired_for.intersection(fired), fired
            fired_for.update(fired)
            assert sop_engine.tick() == []  # once
            assert all(t.overdue for t in sop_engine.tasks(instance_id=inst.id) if t.element_id in fired)
        detail = sop_engine.task(task.id)
        upload = lambda: sop_engine.attach(PDF, actor=task.role, filename="x.pdf").ref  # noqa: E731
        sop_engine.complete(task.id, actor=task.role, data=sample(detail.form_schema, {"keputusan": "setuju"}, upload))
    assert sop_engine.instance(inst.id).state == "completed"
    assert fired_for
    kinds = [e.type for e in sop_engine.history(inst.id)]
    assert kinds.count("timer_fired") == len(fired_for)
    assert sop_engine.verify(inst.id)[0].ok
