"""Who sees which instance: one SQL condition, used by the instance list, single pages, exports and reports.

- administrators, analysts and auditors held deployment-wide see everything (as before units existed);
- an auditor's post, and a supervisor's post (roles.toml ``supervises``: Kasat, Kapolresta, Kapolsek), show
  that unit's subtree;
- staff see the instances of processes in whose lanes they work: everywhere for a role held deployment-wide,
  for a role held in a unit those of the post's subtree and of the units above it (whose lanes reach down);
- external partners (``external = true`` roles) see the instances of their SOPs in the unit where they hold
  their post, and otherwise only instances they are party to;
- everyone sees instances they started or took part in.
"""

from __future__ import annotations

import json

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from . import posts, units
from ..audit import sealing
from .roles import RoleCatalog
from ..store.models import Definition, Instance, Task, Unit

ALL_SEEING = frozenset({"admin", "analyst", "auditor"})


def supervisors(session: Session) -> set[str]:
    """Posts that oversee their unit's whole subtree, whatever the lane: auditors and the roles marked
    ``supervises = true`` in roles.toml (Kasat, Kapolresta, Kapolsek)."""
    from .units import supervisor_roles

    return supervisor_roles(session.info.get("roles_file")) | {"auditor"}


def processes_by_role(session: Session) -> dict[str, set[str]]:
    """{role: process ids with a lane of that role} over every deployed version."""
    found: dict[str, set[str]] = {}
    for process_id, meta in session.execute(select(Definition.process_id, Definition.meta_json)):
        for role in set(json.loads(meta).get("lane_roles", {}).values()):
            if role:
                found.setdefault(role, set()).add(process_id)
    return found


def condition(session: Session, catalog: RoleCatalog, username: str) -> ColumnElement[bool]:
    """SQL over :class:`Instance`: true for the instances ``username`` may see."""
    held = posts.held(session, username)
    if any(held.scoped(r) is None for r in ALL_SEEING if r in held):
        return true()
    party = or_(Instance.started_by == username, Instance.id.in_(
        select(Task.instance_id).where(or_(Task.assignee == username, Task.completed_by == username,
                                           Task.delegated_by == username))),
                # a sealed (completed) instance keeps who acted on its tasks, not its task rows
                Instance.id.in_(sealing.party_instances(username)))
    terms = [party]
    supervised = {u for r in supervisors(session) if r in held for u in (held.scoped(r) or ())}
    if supervised:
        terms.append(posts.prefix_filter(Instance.unit_path, units.paths_of(session, supervised)))
    by_role = processes_by_role(session)
    for role in held:
        info = catalog.get(role)
        if role in ALL_SEEING or info is None or role not in by_role:
            continue
        procs = sorted(by_role[role])
        where = held.scoped(role)
        if info.external and not where:
            continue  # a partner held deployment-wide reads only what it is party to, never every unit's cases
        if where is None:
            terms.append(Instance.process_id.in_(procs))
        elif where:
            # below the post (its village's cases) and above it (a Polres's case whose lane reaches down)
            terms.append(and_(Instance.process_id.in_(procs),
                              or_(Instance.unit_path.is_(None), Instance.unit_code.in_(sorted(held.reaches(role))),
                                  posts.prefix_filter(Instance.unit_path, units.paths_of(session, where)))))
    return or_(*terms) if terms else false()


def may_view(session: Session, catalog: RoleCatalog, instance_id: str, username: str) -> bool:
    found = session.scalar(select(Instance.id).where(Instance.id == instance_id,
                                                     condition(session, catalog, username)))
    return found is not None


def unassignable(session: Session, username: str, limit: int = 100) -> list[Task]:
    """Open tasks in the subtrees ``username`` supervises whose lane has nobody holding it in its unit."""
    condition = _unassignable(session, username)
    if condition is None:
        return []
    return list(session.scalars(select(Task).where(condition).order_by(Task.created_at, Task.id).limit(limit)))


def count_unassignable(session: Session, username: str, cap: int = 100) -> int | None:
    """How many tasks :func:`unassignable` finds, counted up to ``cap`` (the menu shows it on every page,
    and a Kapolda's subtree is large); None when ``username`` supervises nothing."""
    condition = _unassignable(session, username)
    if condition is None:
        return None
    found = select(Task.id).where(condition).limit(cap).subquery()
    return session.scalar(select(func.count()).select_from(found)) or 0


def _unassignable(session: Session, username: str) -> ColumnElement[bool] | None:
    from ..store.models import Post, User, UserRole

    held = posts.held(session, username)
    if any(held.scoped(r) is None for r in supervisors(session) | {"admin"} if r in held):
        scope = true()
    else:
        supervised = {u for r in supervisors(session) if r in held for u in (held.scoped(r) or ())}
        if not supervised:
            return None
        scope = Task.instance_id.in_(select(Instance.id).where(
            posts.prefix_filter(Instance.unit_path, units.paths_of(session, supervised))))
    task_unit = aliased(Unit)
    in_unit = (select(Post.id).join(User, User.id == Post.user_id).join(Unit, Unit.code == Post.unit_code)
               .join(task_unit, task_unit.code == Task.unit_code)
               .where(Post.role == Task.role, Post.ended_at.is_(None), User.active.is_(True),
                      Unit.path.startswith(task_unit.path)))
    wide = select(UserRole.user_id).join(User, User.id == UserRole.user_id).where(
        UserRole.role == Task.role, User.active.is_(True))
    return and_(Task.state == "ready", Task.completed_at.is_(None), Task.unit_code.is_not(None), scope, ~in_unit.exists(), ~wide.exists())


def sees_whole_subtree(session: Session, username: str, unit_code: str) -> bool:
    """Whether ``username`` sees every instance under ``unit_code`` (then a list filtered to that unit
    needs no per-row visibility test, and stays one index range scan)."""
    held = posts.held(session, username)
    if any(held.scoped(r) is None for r in ALL_SEEING if r in held):
        return True
    path = session.scalar(select(Unit.path).where(Unit.code == unit_code))
    supervised = {u for r in supervisors(session) if r in held for u in (held.scoped(r) or ())}
    return path is not None and any(path.startswith(p) for p in units.paths_of(session, supervised))
