"""`sopflow tasks --as USER`: a person's open tasks, read with SQLAlchemy Core alone.

A command line that lists tasks should answer at once; importing the ORM and declaring every
model costs more than the query itself. This module reads the same rows as
:func:`engine.runtime.worklist.list_tasks` (mine: claimed by or delegated to me, or unclaimed in one of my
roles, within the units where I hold it; due first, then undated) with plain SQL, and gives them
as the command prints them. The test of the command compares both.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

#: the roles of one user: deployment-wide (no unit) and by open posts, with the post's unit path
_HELD = """
SELECT user_roles.role, NULL, NULL FROM user_roles JOIN users ON users.id = user_roles.user_id
 WHERE users.username = :username
UNION ALL
SELECT posts.role, posts.unit_code, units.path FROM posts JOIN users ON users.id = posts.user_id
  JOIN units ON units.code = posts.unit_code
 WHERE users.username = :username AND posts.ended_at IS NULL
"""
_COLUMNS = "tasks.id, tasks.instance_id, tasks.process_id, tasks.element_id, tasks.name, tasks.lane, tasks.role, " \
           "tasks.state, tasks.assignee, tasks.created_at, tasks.due_at, tasks.overdue"
_OPEN = ("ready", "claimed")


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _roles(conn: Any, username: str) -> dict[str, set[str] | None]:
    """Per role, the unit codes whose tasks the user may take; None: held deployment-wide."""
    from sqlalchemy import text

    wide: set[str] = set()
    reach: dict[str, set[str]] = {}
    for role, unit, path in conn.execute(text(_HELD), {"username": username}):
        if unit is None:
            wide.add(role)
        else:
            reach.setdefault(role, set()).update(c for c in (path or "").split("/") if c)
    return {role: (None if role in wide else reach.get(role, set())) for role in [*wide, *reach]}


def open_tasks(database_url: str, username: str, limit: int | None = None,
               now: datetime | None = None) -> list[dict[str, Any]]:
    """The user's open tasks as `sopflow tasks --json` prints them (raises NotFound for no such user)."""
    from sqlalchemy import Boolean, DateTime, bindparam, create_engine, text

    from ..errors import NotFound

    now = now or datetime.now(timezone.utc)
    sql = create_engine(database_url)
    try:
        with sql.connect() as conn:
            roles = _roles(conn, username)
            if not roles and conn.execute(text("SELECT 1 FROM users WHERE username = :u"),
                                          {"u": username}).first() is None:
                raise NotFound(f"no user named {username!r}")
            terms, params = [], {"username": username}
            for n, (role, units) in enumerate(sorted(roles.items())):
                params[f"r{n}"] = role
                if units is None:
                    terms.append(f"tasks.role = :r{n}")
                else:
                    params[f"units{n}"] = sorted(units)
                    terms.append(f"(tasks.role = :r{n} AND (tasks.unit_code IN :units{n} OR tasks.unit_code IS NULL))")
            mine = "tasks.assignee = :username"
            if terms:
                mine += f" OR (({' OR '.join(terms)}) AND tasks.assignee IS NULL)"
            query = (f"SELECT {_COLUMNS} FROM tasks WHERE tasks.completed_at IS NULL AND ({mine}) "
                     "ORDER BY tasks.due_at IS NULL, tasks.due_at, tasks.created_at, tasks.id")
            if limit is not None:
                query += " LIMIT :limit"
                params["limit"] = limit
            statement = text(query).bindparams(
                *[bindparam(k, expanding=True) for k in params if k.startswith("units")]
            ).columns(created_at=DateTime(timezone=True), due_at=DateTime(timezone=True), overdue=Boolean)
            rows = conn.execute(statement, params).all()
    finally:
        sql.dispose()
    out = []
    for row in rows:
        created, due = _utc(row.created_at), _utc(row.due_at)
        overdue = row.state in _OPEN and bool(row.overdue or (due is not None and due <= now))
        out.append({"id": row.id, "instance_id": row.instance_id, "process_id": row.process_id,
                    "element_id": row.element_id, "name": row.name, "lane": row.lane, "role": row.role,
                    "state": row.state, "assignee": row.assignee, "created_at": created.isoformat(),
                    "due_at": due.isoformat() if due else None, "overdue": overdue})
    return out
