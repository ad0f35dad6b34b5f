"""Task lists, read from the task mirror only: never a workflow deserialized."""

from __future__ import annotations

import dataclasses
import functools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, true, union_all
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..records import TaskInfo
from ..store.models import Instance, Task

OPEN = ("ready", "claimed")
SOON = timedelta(hours=24)
#: what a list entry shows: read as plain rows, no ORM objects built
INFO_COLUMNS = (Task.id, Task.instance_id, Task.process_id, Task.element_id, Task.name, Task.lane, Task.role,
                Task.state, Task.assignee, Task.created_at, Task.due_at, Task.overdue, Task.completed_at,
                Task.completed_by, Task.delegated_by, Task.version, Task.delegation_reason, Task.unit_code)


@dataclasses.dataclass(frozen=True)
class TaskFilter:
    """What the task list's search box and filters ask for (all optional)."""

    #: words looked for in the instance title, the entered data and the task name
    text: str = ""
    state: str = ""  # "" | ready | claimed
    due: str = ""  # "" | overdue | soon | none
    claimed_by_me: bool = False
    delegated_to_me: bool = False
    sort: str = "due"  # due | start | new

    def __post_init__(self) -> None:
        for name, allowed in (("state", ("", "ready", "claimed")), ("due", ("", "overdue", "soon", "none")),
                              ("sort", ("due", "start", "new"))):
            if getattr(self, name) not in allowed:
                raise InvalidInput(f"unknown {name} {getattr(self, name)!r}: use one of {', '.join(a for a in allowed if a)}")


def _query(*, roles: list[str] | None, username: str | None, role: str | None, instance_id: str | None,
           process_id: str | None, all_states: bool, now: datetime | None = None,
           flt: TaskFilter | None = None) -> Select:
    return _base(roles=roles, username=username, role=role, instance_id=instance_id, process_id=process_id,
                 all_states=all_states, now=now, flt=flt).where(or_(*_mine(username, roles)))


def _mine(username: str | None, roles: list[str] | None, split: bool = False) -> list:
    """A user's tasks: claimed by or delegated to them, or unclaimed in one of their roles (disjoint);
    with ``split``, the unclaimed ones role by role, so each part reads one index range in order."""
    if username is None:
        return [true()]
    mine = [Task.assignee == username]
    if roles:
        terms = _role_terms(roles)
        if split and terms:
            mine += [and_(term, Task.assignee.is_(None)) for term in terms]
        else:
            mine.append(and_(held_by(roles), Task.assignee.is_(None)))
    return mine


def _branches(**kwargs: Any) -> list[Select]:
    """The task query as disjoint parts, each able to read one index in order (an OR cannot)."""
    base = _base(**kwargs)
    return [base.where(part) for part in _mine(kwargs["username"], kwargs["roles"], split=True)]


def _base(*, roles: list[str] | None, username: str | None, role: str | None, instance_id: str | None,
          process_id: str | None, all_states: bool, now: datetime | None = None,
          flt: TaskFilter | None = None) -> Select:
    query = select(Task)
    if role is not None:
        query = query.where(Task.role == role)
    if instance_id is not None:
        query = query.where(Task.instance_id == instance_id)
    if process_id is not None:
        query = query.where(Task.process_id == process_id)
    if not all_states:
        # Open = ready or claimed = completed_at IS NULL (set on completion and on cancellation): the
        # condition of the partial open-task indexes, without parameters so SQLite can match it, and
        # answered from the index alone (a state test would read every row).
        query = query.where(Task.completed_at.is_(None))
    if flt is not None:
        query = _filtered(query, flt, username, now)
    return query


def held_by(roles: list[str]):  # noqa: ANN201
    """SQL: the task's role is one of ``roles`` and, for a role held in units, its unit is one of them."""
    terms = _role_terms(roles)
    return or_(*terms) if terms else Task.role.in_([])


def _role_terms(roles: list[str]) -> list:
    """One disjoint condition per role: ``role = r`` (with its units, for a role held in units)."""
    scoped = getattr(roles, "reaches", lambda role: None)
    terms = []
    for role in dict.fromkeys(roles):
        where = scoped(role)
        if where is None:
            terms.append(Task.role == role)
        else:
            terms.append(and_(Task.role == role, or_(Task.unit_code.in_(sorted(where)), Task.unit_code.is_(None))))
    return terms


def _filtered(query: Select, flt: TaskFilter, username: str | None, now: datetime | None) -> Select:
    if flt.state:
        query = query.where(Task.state == flt.state)
    if flt.claimed_by_me and username:
        query = query.where(Task.assignee == username)
    if flt.delegated_to_me and username:
        query = query.where(Task.assignee == username, Task.delegated_by.is_not(None))
    if flt.due == "overdue" and now is not None:
        query = query.where(or_(Task.overdue.is_(True), Task.due_at <= now))
    elif flt.due == "soon" and now is not None:
        query = query.where(Task.due_at > now, Task.due_at <= now + SOON)
    elif flt.due == "none":
        query = query.where(Task.due_at.is_(None))
    text = flt.text.strip().lower()
    if text:
        words = [w for w in text.split() if w][:5]
        instance_match = select(Instance.id).where(*[Instance.search_text.contains(w, autoescape=True) for w in words])
        query = query.where(or_(Task.instance_id.in_(instance_match),
                                and_(*[func.lower(Task.name).contains(w, autoescape=True) for w in words])))
    return query


def list_tasks(session: Session, now: datetime, *, roles: list[str] | None = None, username: str | None = None,
               role: str | None = None, instance_id: str | None = None, process_id: str | None = None,
               all_states: bool = False, limit: int | None = None, offset: int = 0,
               flt: TaskFilter | None = None) -> list[TaskInfo]:
    if limit is None:
        query = _ordered(_query(roles=roles, username=username, role=role, instance_id=instance_id,
                                process_id=process_id, all_states=all_states, now=now, flt=flt)
                         .with_only_columns(*INFO_COLUMNS), instance_id, flt).offset(offset or None)
        rows = list(session.execute(query))
        titles = _titles(session, {r.instance_id for r in rows})
        return [to_info(row, now, titles.get(row.instance_id, "")) for row in rows]
    if _reusable(flt):
        query = _cached_page(_roles_key(roles), username, role, instance_id, process_id, all_states, limit, offset,
                             flt)
    else:
        query = _page(roles=roles, username=username, role=role, instance_id=instance_id, process_id=process_id,
                      all_states=all_states, now=now, flt=flt, limit=limit, offset=offset)
    return [to_info(row, now, row.title or "") for row in session.execute(query)]


def _ordered(query: Select, instance_id: str | None, flt: TaskFilter | None, joined: bool = False) -> Select:
    sort = flt.sort if flt is not None else "due"
    if instance_id is not None:
        return query.order_by(Task.created_at, Task.id)
    if sort == "start":
        if not joined:
            query = query.join(Instance, Instance.id == Task.instance_id)
        return query.order_by(Instance.started_at.desc(), Task.id)
    if sort == "new":
        return query.order_by(Task.created_at.desc(), Task.id)
    return query.order_by(Task.due_at.is_(None), Task.due_at, Task.created_at, Task.id)


def _page(*, limit: int, offset: int, **params: Any) -> Select:
    """A page of a big queue: the first offset+limit ids of each disjoint part, each read from its index
    in order (thousands of open tasks of a role are never all sorted), then the page of those few rows
    with their titles: all in one statement, read as plain rows."""
    instance_id, flt, username = params["instance_id"], params["flt"], params["username"]
    sort = flt.sort if flt is not None else "due"
    wanted = offset + limit
    heads: list[Select] = []
    for n, part in enumerate(_branches(**params)):
        part = part.with_only_columns(Task.id)
        if sort == "due" and instance_id is None and (n > 0 or username is None):
            # A role's queue: "due_at IS NULL" in ORDER BY would sort all of it, so the tasks with
            # a due time and those without are each read in index order.
            heads.append(part.where(Task.due_at.is_not(None))
                         .order_by(Task.due_at, Task.created_at, Task.id).limit(wanted))
            heads.append(part.where(Task.due_at.is_(None)).order_by(Task.created_at, Task.id).limit(wanted))
        else:  # the few tasks claimed by or delegated to the user
            heads.append(_ordered(part, instance_id, flt).limit(wanted))
    subqueries = [select(head.subquery().c.id) for head in heads]
    ids = subqueries[0] if len(subqueries) == 1 else union_all(*subqueries)
    query = select(*INFO_COLUMNS, Instance.title).join(Instance, Instance.id == Task.instance_id)
    return _ordered(query.where(Task.id.in_(ids)), instance_id, flt, joined=True).limit(limit).offset(offset or None)


# Building a list's statements costs more than running them; the same user's list (or the same roles')
# is built once. Only filters that do not depend on the time are reused.
def _reusable(flt: TaskFilter | None) -> bool:
    return flt is None or flt.due not in ("overdue", "soon")


class _KeyedRoles(list):
    """Roles rebuilt from a cache key: the role codes, answering ``reaches`` as the held roles did."""

    def __init__(self, key: tuple):
        super().__init__(role for role, _ in key)
        self._reach = dict(key)

    def reaches(self, role: str) -> frozenset[str] | None:
        return self._reach.get(role)


def _roles_key(roles: list[str] | None) -> tuple | None:
    if roles is None:
        return None
    reaches = getattr(roles, "reaches", lambda role: None)
    return tuple((role, None if (where := reaches(role)) is None else frozenset(where)) for role in roles)


@functools.lru_cache(maxsize=512)
def _cached_page(roles_key: tuple | None, username: str | None, role: str | None, instance_id: str | None,
                 process_id: str | None, all_states: bool, limit: int, offset: int, flt: TaskFilter | None) -> Select:
    return _page(roles=None if roles_key is None else _KeyedRoles(roles_key), username=username, role=role,
                 instance_id=instance_id, process_id=process_id, all_states=all_states, now=None, flt=flt,
                 limit=limit, offset=offset)


@functools.lru_cache(maxsize=512)
def _cached_count(roles_key: tuple | None, username: str | None, role: str | None, process_id: str | None,
                  flt: TaskFilter | None) -> Select:
    return _count(roles=None if roles_key is None else _KeyedRoles(roles_key), username=username, role=role,
                  process_id=process_id, now=None, flt=flt)


def _titles(session: Session, instance_ids: set[str]) -> dict[str, str]:
    if not instance_ids:
        return {}
    return dict(session.execute(select(Instance.id, Instance.title).where(Instance.id.in_(instance_ids))).all())


def count_tasks(session: Session, *, roles: list[str] | None = None, username: str | None = None,
                role: str | None = None, process_id: str | None = None, now: datetime | None = None,
                flt: TaskFilter | None = None) -> int:
    if _reusable(flt):
        query = _cached_count(_roles_key(roles), username, role, process_id, flt)
    else:
        query = _count(roles=roles, username=username, role=role, process_id=process_id, now=now, flt=flt)
    return session.scalar(query) or 0


def _count(*, roles: list[str] | None, username: str | None, role: str | None, process_id: str | None,
           now: datetime | None, flt: TaskFilter | None) -> Select:
    parts = _branches(roles=roles, username=username, role=role, instance_id=None, process_id=process_id,
                      all_states=False, now=now, flt=flt)
    # Counted part by part (each is disjoint and answered from one index), in one statement. A role's
    # part is counted as its tasks with and without a due time, as the list reads them: SQLite then
    # counts from the open-role index alone instead of reading each task row through the role-unit index.
    mine = parts[:1] if username is not None else []  # the user's own few: counted whole
    halves = mine + [half for p in parts[len(mine):]
                     for half in (p.where(Task.due_at.is_not(None)), p.where(Task.due_at.is_(None)))]
    counts = [select(func.count()).select_from(p.with_only_columns(Task.id).subquery()).scalar_subquery()
              for p in halves]
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    return select(total)


def escalated_to(session: Session, now: datetime, roles: list[str], limit: int = 100) -> list[TaskInfo]:
    """Open tasks whose time standard passed and whose escalation path reached one of ``roles``."""
    if not roles:
        return []
    query = (select(Task).where(Task.escalated_role.in_(roles), Task.state.in_(OPEN), Task.completed_at.is_(None),
                                _escalation_scope(session, roles))
             .order_by(Task.due_at).limit(limit))
    rows = list(session.scalars(query))
    titles = _titles(session, {r.instance_id for r in rows})
    return [to_info(row, now, titles.get(row.instance_id, "")) for row in rows]


def _escalation_scope(session: Session, roles: list[str]):  # noqa: ANN201
    """An escalation reaches the supervisor of the task's own hierarchy, not every holder of the role."""
    scoped = getattr(roles, "scoped", lambda role: None)
    if any(scoped(r) is None for r in roles):
        return Task.id.is_not(None)
    from ..org import units
    from ..org.posts import prefix_filter

    paths = units.paths_of(session, {u for r in roles for u in (scoped(r) or ())})
    if not paths:
        return Task.unit_code.is_(None)
    return or_(Task.unit_code.is_(None),
               Task.instance_id.in_(select(Instance.id).where(prefix_filter(Instance.unit_path, paths))))


def to_info(row: Task, now: datetime, instance_title: str = "") -> TaskInfo:
    overdue = row.state in OPEN and (row.overdue or (row.due_at is not None and row.due_at <= now))
    return TaskInfo(
        id=row.id, instance_id=row.instance_id, process_id=row.process_id, element_id=row.element_id,
        name=row.name, lane=row.lane, role=row.role, state=row.state, assignee=row.assignee,
        created_at=row.created_at, due_at=row.due_at, overdue=overdue, completed_at=row.completed_at,
        completed_by=row.completed_by, delegated_by=row.delegated_by, version=row.version,
        instance_title=instance_title, delegation_reason=row.delegation_reason if row.delegated_by else None,
        unit=row.unit_code,
    )
