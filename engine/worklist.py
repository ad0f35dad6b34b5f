"""Task lists, read from the task mirror only: never a workflow deserialized."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from .records import TaskInfo
from .store.models import Task

OPEN = ("ready", "claimed")


def _query(*, roles: list[str] | None, username: str | None, role: str | None, instance_id: str | None,
           process_id: str | None, all_states: bool) -> Select:
    query = select(Task)
    if username is not None:
        mine = [Task.assignee == username]
        if roles:
            mine.append(and_(Task.role.in_(roles), Task.assignee.is_(None)))
        query = query.where(or_(*mine))
    if role is not None:
        query = query.where(Task.role == role)
    if instance_id is not None:
        query = query.where(Task.instance_id == instance_id)
    if process_id is not None:
        query = query.where(Task.process_id == process_id)
    if not all_states:
        query = query.where(Task.state.in_(OPEN))
    return query


def list_tasks(session: Session, now: datetime, *, roles: list[str] | None = None, username: str | None = None,
               role: str | None = None, instance_id: str | None = None, process_id: str | None = None,
               all_states: bool = False, limit: int | None = None, offset: int = 0) -> list[TaskInfo]:
    query = _query(roles=roles, username=username, role=role, instance_id=instance_id, process_id=process_id,
                   all_states=all_states)
    if instance_id is not None:
        query = query.order_by(Task.created_at, Task.id)
    else:
        query = query.order_by(Task.due_at.is_(None), Task.due_at, Task.created_at, Task.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [to_info(row, now) for row in session.scalars(query)]


def count_tasks(session: Session, *, roles: list[str] | None = None, username: str | None = None,
                role: str | None = None, process_id: str | None = None) -> int:
    query = _query(roles=roles, username=username, role=role, instance_id=None, process_id=process_id,
                   all_states=False)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def escalated_to(session: Session, now: datetime, roles: list[str], limit: int = 100) -> list[TaskInfo]:
    """Open tasks whose time standard passed and whose escalation path reached one of ``roles``."""
    if not roles:
        return []
    query = (select(Task).where(Task.escalated_role.in_(roles), Task.state.in_(OPEN))
             .order_by(Task.due_at).limit(limit))
    return [to_info(row, now) for row in session.scalars(query)]


def to_info(row: Task, now: datetime) -> TaskInfo:
    overdue = row.state in OPEN and (row.overdue or (row.due_at is not None and row.due_at <= now))
    return TaskInfo(
        id=row.id, instance_id=row.instance_id, process_id=row.process_id, element_id=row.element_id,
        name=row.name, lane=row.lane, role=row.role, state=row.state, assignee=row.assignee,
        created_at=row.created_at, due_at=row.due_at, overdue=overdue, completed_at=row.completed_at,
        completed_by=row.completed_by, delegated_by=row.delegated_by, version=row.version,
    )
