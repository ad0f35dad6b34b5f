"""Stage 4 of a step: bring the task mirror (the ``tasks`` rows lists are read from) in step with an event.

The mirror is derived from the audit events alone, one event at a time, right after each is
logged; it never reads the workflow.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..definitions.deployed import LoadedDefinition
from ..org import unitscope
from ..store.models import Instance, Task
from .worklist import OPEN as OPEN_STATES


def _mirror_row(session: Session, task_id: str) -> Task | None:
    """The mirror row of a task, also when the same step opened it and it is not written yet."""
    for obj in session.new:
        if isinstance(obj, Task) and obj.id == task_id:
            return obj
    return session.get(Task, task_id)


def apply_to_mirror(session: Session, inst: Instance, definition: LoadedDefinition, type_: str,
                    payload: dict[str, Any], actor: str, now: datetime, flush: bool = True) -> Task | None:
    """Bring the task mirror in step with one event; returns the row of a task it opens."""
    opened = None
    if type_ == "task_ready":
        meta = definition.task_meta(payload["element_id"])
        due = payload.get("due_at")
        role = definition.task_role(meta.element_id)
        opened = Task(
            unit_code=unitscope.task_unit(session, inst.unit_code, role),
            id=payload["task_id"], instance_id=inst.id, process_id=inst.process_id, version=inst.version,
            element_id=meta.element_id, name=meta.name, lane=meta.lane, role=definition.task_role(meta.element_id),
            state="ready", assignee=None, created_at=now, due_at=datetime.fromisoformat(due) if due else None,
            overdue=False,
        )
        session.add(opened)
    elif type_ in ("task_completed", "task_cancelled"):
        row = _mirror_row(session, payload["task_id"])
        if row is not None:
            row.state = "completed" if type_ == "task_completed" else "cancelled"
            row.completed_at = now
            row.completed_by = actor if type_ == "task_completed" else None
    elif type_ == "instance_migrated":
        for row in session.scalars(select(Task).where(Task.instance_id == inst.id, Task.state.in_(OPEN_STATES))):
            if row.element_id in definition.process.user_tasks:
                meta = definition.task_meta(row.element_id)
                row.version, row.name, row.lane = definition.version, meta.name, meta.lane
                row.role = definition.task_role(row.element_id)
                row.unit_code = unitscope.task_unit(session, inst.unit_code, row.role)
    elif type_ == "timer_fired":
        row = _mirror_row(session, payload.get("task_id") or "")
        if row is not None:
            row.overdue = True
            row.escalated_role = payload.get("escalated_to") or None
    if flush:
        session.flush()
    return opened
