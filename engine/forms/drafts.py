"""Forms saved half-filled: one draft per person and task, kept until the task is done."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from . import attachments
from ..audit.log import canonical_json
from ..errors import Conflict, InvalidInput, NotAllowed
from ..store.models import Task, TaskDraft
from ..store.statements import once

#: a draft is a form, not a document store
MAX_DRAFT_BYTES = 256 * 1024


def save(session: Session, task: Task, username: str, data: Any, now: datetime, may_act: bool) -> datetime:
    if task.state not in ("ready", "claimed"):
        raise Conflict(f"task {task.id} is {task.state}; there is nothing left to draft")
    if not may_act:
        raise NotAllowed(f"{username} may not work on task {task.id}")
    if not isinstance(data, dict):
        raise InvalidInput("a draft must be a JSON object")
    try:
        text = canonical_json(data)
    except (TypeError, ValueError):
        raise InvalidInput("a draft must be plain JSON") from None
    if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
        raise InvalidInput(f"the draft is larger than {MAX_DRAFT_BYTES // 1024} KB")
    absent = attachments.missing(session, attachments.refs_in(data))
    if absent:
        raise InvalidInput(f"unknown attachment(s) in the draft: {', '.join(absent)}")
    row = session.get(TaskDraft, (task.id, username))
    if row is None:
        session.add(TaskDraft(task_id=task.id, username=username, data=text, saved_at=now))
    else:
        row.data, row.saved_at = text, now
    return now


def load(session: Session, task_id: str, username: str) -> tuple[dict[str, Any], datetime] | None:
    row = session.get(TaskDraft, (task_id, username))
    return (json.loads(row.data), row.saved_at) if row is not None else None


def discard(session: Session, task_id: str, username: str | None = None) -> None:
    if username is None:
        # Every completion runs this: a plain DELETE built once (no draft object is loaded in a step).
        session.execute(once(_discard_all_query), {"task_id": task_id})
        return
    session.execute(delete(TaskDraft).where(TaskDraft.task_id == task_id, TaskDraft.username == username))


def _discard_all_query() -> Any:
    from sqlalchemy import bindparam

    table = TaskDraft.__table__
    return delete(table).where(table.c.task_id == bindparam("task_id"))
