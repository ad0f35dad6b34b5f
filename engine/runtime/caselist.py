"""The instance list: search by title and data, filters, and where each instance stands now."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..records import InstanceInfo, Record, TaskInfo
from ..store.models import Instance, Task
from .worklist import OPEN, to_info


def instance_info(inst: Instance, problem: str = "") -> InstanceInfo:
    """The plain record of an instance row (``problem``: why it can never move again, if it cannot)."""
    return InstanceInfo(
        id=inst.id, process_id=inst.process_id, version=inst.version, state=inst.state,
        started_at=inst.started_at, ended_at=inst.ended_at, started_by=inst.started_by,
        next_timer_due=inst.next_timer_due, problem=problem, title=inst.title, unit=inst.unit_code,
    )


@dataclasses.dataclass(frozen=True)
class InstanceFilter:
    text: str = ""
    process_id: str | None = None
    state: str | None = None  # running | completed | error
    due: str = ""  # "" | overdue
    claimed_by_me: bool = False
    delegated_to_me: bool = False
    sort: str = "start"  # start | due
    #: only instances of this unit and the units below it
    unit: str | None = None

    def __post_init__(self) -> None:
        if self.state not in (None, "running", "completed", "error"):
            raise InvalidInput(f"unknown state {self.state!r}: use running, completed or error")
        if self.due not in ("", "overdue") or self.sort not in ("start", "due"):
            raise InvalidInput("due is '' or overdue; sort is start or due")


@dataclasses.dataclass(frozen=True)
class InstanceRow(Record):
    instance: InstanceInfo
    #: the open tasks: the current step(s), with whom they wait on (assignee, else the role)
    current: list[TaskInfo]


def search(session: Session, now: datetime, flt: InstanceFilter, username: str, limit: int, offset: int,
           info: callable, scope: Any = None) -> list[InstanceRow]:  # type: ignore[valid-type]
    """One page of the instances ``scope`` (an SQL condition: what the user may see) lets through."""
    query = select(Instance)
    if scope is not None:
        query = query.where(scope)
    if flt.unit:
        from ..org.units import get

        query = query.where(Instance.unit_path.startswith(get(session, flt.unit).path, autoescape=True))
    if flt.process_id:
        query = query.where(Instance.process_id == flt.process_id)
    if flt.state:
        query = query.where(Instance.state == flt.state)
    words = [w for w in flt.text.strip().lower().split() if w][:5]
    for word in words:
        query = query.where(Instance.search_text.contains(word, autoescape=True))
    open_tasks = select(Task.instance_id).where(Task.state.in_(OPEN))
    if flt.due == "overdue":
        query = query.where(Instance.id.in_(open_tasks.where(or_(Task.overdue.is_(True), Task.due_at <= now))))
    if flt.claimed_by_me:
        query = query.where(Instance.id.in_(open_tasks.where(Task.assignee == username)))
    if flt.delegated_to_me:
        query = query.where(Instance.id.in_(open_tasks.where(Task.assignee == username,
                                                              Task.delegated_by.is_not(None))))
    if flt.sort == "due":
        next_due = (select(Task.instance_id, func.min(Task.due_at).label("due")).where(Task.state.in_(OPEN))
                    .group_by(Task.instance_id).subquery())
        query = (query.outerjoin(next_due, next_due.c.instance_id == Instance.id)
                 .order_by(next_due.c.due.is_(None), next_due.c.due, Instance.started_at.desc(), Instance.id))
        rows = list(session.scalars(query.limit(limit).offset(offset)))
    else:
        # The page's ids first, from the index alone, then only those rows: a running instance's row
        # carries its saved workflow, and reading every one in a Polda to keep fifty was most of the time.
        page = (query.with_only_columns(Instance.id, Instance.started_at)
                .order_by(Instance.started_at.desc(), Instance.id).limit(limit).offset(offset).subquery())
        rows = list(session.scalars(select(Instance).join(page, page.c.id == Instance.id)
                                    .order_by(page.c.started_at.desc(), page.c.id)))
    current: dict[str, list[TaskInfo]] = {r.id: [] for r in rows}
    if rows:
        for task in session.scalars(select(Task).where(Task.instance_id.in_(list(current)), Task.state.in_(OPEN))
                                    .order_by(Task.created_at, Task.id)):
            current[task.instance_id].append(to_info(task, now))
    return [InstanceRow(instance=info(r), current=current[r.id]) for r in rows]
