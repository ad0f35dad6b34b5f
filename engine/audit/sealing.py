"""Sealing a completed instance: what replay and its history can rebuild is not kept twice.

When an instance completes, its events are packed into one compressed segment (its hashes are
recomputed and checked against the segment's head on unpacking), its event rows are dropped, and so
are its task-mirror rows: a completed instance's tasks are rebuilt from its history when a page asks
for them. Two small tables keep what must still be found by index: which sealed history holds a task
id (by 8 bytes of the id) and who acted on the instance's tasks (they may still see it).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from . import eventcodec
from . import log as audit
from ..store.models import (
    Event,
    EventSegment,
    Instance,
    SealedAttachment,
    SealedParty,
    SealedTask,
    Task,
    TaskDraft,
)

#: (process id, version) -> the loaded definition of that version
VersionOf = Callable[[str, int], Any]


def task_key(task_id: str) -> int:
    """A signed 64-bit key from a task id (a uuid); two ids may share one, so lookups check the id."""
    try:
        raw = uuid.UUID(task_id).bytes[:8]
    except (ValueError, AttributeError, TypeError):
        return 0
    return int.from_bytes(raw, "big", signed=True)


def segment_of(session: Session, instance_id: str) -> EventSegment | None:
    return session.scalars(select(EventSegment).where(EventSegment.instance_id == instance_id)).first()


def seal(session: Session, inst: Instance) -> bool:
    """Pack the completed ``inst``'s events into one segment and drop what it makes redundant.

    Leaves everything as it is (returns False) when the instance is not completed or holds an event that
    cannot be read back (or not all its events: it was sealed already).
    """
    if inst.state != "completed":
        return False
    session.flush()
    events = audit.row_events(session, inst.id)
    if not events or any(e.payload is None for e in events) or len(events) != inst.event_count:
        return False
    body = eventcodec.pack_segment([(e.type, e.actor, e.at, json.loads(e.payload or "{}")) for e in events])
    segment_id = session.execute(insert(EventSegment).values(
        instance_id=inst.id, event_count=len(events), head=bytes.fromhex(inst.last_hash or ""), body=body,
    ).returning(EventSegment.id)).scalar_one()
    session.execute(delete(Event).where(Event.instance_id == inst.id), execution_options={"synchronize_session": False})
    tasks = list(session.scalars(select(Task).where(Task.instance_id == inst.id)))
    keys = sorted({task_key(t.id) for t in tasks})
    if keys:
        session.execute(insert(SealedTask), [{"task_key": k, "segment_id": segment_id} for k in keys])
    parties = sorted({name for t in tasks for name in (t.assignee, t.completed_by, t.delegated_by) if name})
    if parties:
        session.execute(insert(SealedParty), [{"username": u, "segment_id": segment_id} for u in parties])
    documents = sorted(_documents(events))
    if documents:
        session.execute(insert(SealedAttachment), [{"sha256": d, "segment_id": segment_id} for d in documents])
    if tasks:
        ids = [t.id for t in tasks]
        session.execute(delete(TaskDraft).where(TaskDraft.task_id.in_(ids)), execution_options={"synchronize_session": False})
        session.execute(delete(Task).where(Task.instance_id == inst.id), execution_options={"synchronize_session": False})
        for task in tasks:
            session.expunge(task)
    return True


def _documents(events: list[audit.StoredEvent]) -> set[bytes]:
    """sha256 of every document the start or a completed task referenced in its data."""
    from ..forms.attachments import digest_of, refs_in

    found = set()
    for event in events:
        if event.type in ("task_completed", "instance_started"):
            for ref in refs_in(json.loads(event.payload or "{}").get("data")):
                try:
                    found.add(bytes.fromhex(digest_of(ref)))
                except ValueError:  # a ref that is not hex is no document
                    continue
    return found


def holding(session: Session, digest: str, only: str | None = None) -> set[str]:
    """Ids of the sealed instances (or just ``only``) whose form data holds the document ``digest``."""
    try:
        raw = bytes.fromhex(digest)
    except ValueError:
        return set()
    query = select(EventSegment.instance_id).join(SealedAttachment, SealedAttachment.segment_id == EventSegment.id
                                                  ).where(SealedAttachment.sha256 == raw)
    if only is not None:
        query = query.where(EventSegment.instance_id == only)
    return set(session.scalars(query))


# -- reading a sealed instance's tasks ---------------------------------------------------------------------


def rebuild_tasks(session: Session, inst: Instance, version_of: VersionOf,
                  unit_of: Callable[[str], str | None] = lambda role: None) -> list[Task]:
    """The task-mirror rows of ``inst`` as they stood, rebuilt from its history (not added to the session)."""
    return _fold(audit.events_of(session, inst.id), inst, version_of, unit_of)


def _fold(events: list[audit.StoredEvent], inst: Instance, version_of: VersionOf,
          unit_of: Callable[[str], str | None]) -> list[Task]:
    tasks: dict[str, Task] = {}
    version = inst.version
    for event in events:
        p = json.loads(event.payload or "{}")
        if event.type == "instance_started" and isinstance(p.get("version"), int):
            version = p["version"]
        elif event.type == "instance_migrated" and isinstance(p.get("to_version"), int):
            version = p["to_version"]
            loaded = version_of(inst.process_id, version)
            for row in tasks.values():
                if row.state in ("ready", "claimed") and row.element_id in loaded.process.user_tasks:
                    _describe(row, loaded, version, unit_of)
        elif event.type == "task_ready":
            due = p.get("due_at")
            row = Task(id=p.get("task_id", ""), instance_id=inst.id, process_id=inst.process_id, version=version,
                       element_id=p.get("element_id", ""), name="", lane="", role="", state="ready", assignee=None,
                       delegated_by=None, delegation_reason=None, created_at=event.at,
                       due_at=datetime.fromisoformat(due) if due else None, overdue=False, escalated_role=None,
                       completed_at=None, completed_by=None, unit_code=None)
            loaded = version_of(inst.process_id, version)
            if row.element_id in loaded.process.user_tasks:
                _describe(row, loaded, version, unit_of)
            tasks[row.id] = row
        elif event.type.startswith("task_") or event.type == "timer_fired":
            row = tasks.get(p.get("task_id", ""))
            if row is not None:
                _apply(row, event, p)
    return sorted(tasks.values(), key=lambda r: (r.created_at, r.id))


def _describe(row: Task, loaded: Any, version: int, unit_of: Callable[[str], str | None]) -> None:
    meta = loaded.task_meta(row.element_id)
    row.version, row.name, row.lane = version, meta.name, meta.lane
    row.role = loaded.task_role(row.element_id)
    row.unit_code = unit_of(row.role)


def _apply(row: Task, event: audit.StoredEvent, p: dict[str, Any]) -> None:
    kind = event.type
    if kind == "task_claimed":
        row.state, row.assignee = "claimed", event.actor
    elif kind == "task_unclaimed":
        row.state, row.assignee, row.delegated_by = "ready", None, None
    elif kind == "task_delegated":
        row.state, row.assignee, row.delegated_by = "claimed", p.get("to"), event.actor
        row.delegation_reason = str(p.get("reason") or "")[:500]
    elif kind in ("task_completed", "task_cancelled"):
        row.state = "completed" if kind == "task_completed" else "cancelled"
        row.completed_at = event.at
        row.completed_by = event.actor if kind == "task_completed" else None
    elif kind == "timer_fired":
        row.overdue = True
        row.escalated_role = p.get("escalated_to") or None


def find_task(session: Session, task_id: str, version_of: VersionOf,
              unit_of: Callable[[Instance, str], str | None] = lambda inst, role: None) -> Task | None:
    """A task of a sealed instance, rebuilt from its history; None when no sealed history holds it."""
    key = task_key(task_id)
    if not key:
        return None
    candidates = session.scalars(select(EventSegment.instance_id).join(
        SealedTask, SealedTask.segment_id == EventSegment.id).where(SealedTask.task_key == key))
    for instance_id in candidates:
        inst = session.get(Instance, instance_id)
        if inst is None:
            continue
        for row in rebuild_tasks(session, inst, version_of, lambda role, inst=inst: unit_of(inst, role)):
            if row.id == task_id:
                return row
    return None


def party_instances(username: str):  # noqa: ANN201
    """SQL: ids of the sealed instances whose tasks ``username`` claimed, was delegated or completed."""
    return select(EventSegment.instance_id).join(SealedParty, SealedParty.segment_id == EventSegment.id).where(
        SealedParty.username == username)
