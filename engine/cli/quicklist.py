"""`sopflow tasks --as USER`: a person's open tasks, read with the database driver alone.

A command line that lists tasks should answer at once; importing SQLAlchemy (let alone the ORM and
every model) costs more than the query itself. This module reads the same rows as
:func:`engine.runtime.worklist.list_tasks` (mine: claimed by or delegated to me, or unclaimed in one
of my roles, within the units where I hold it; due first, then undated) with plain SQL through
sqlite3 or psycopg, and gives them as the command prints them. The test of the command compares both.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

#: the roles of one user: deployment-wide (no unit) and by open posts, with the post's unit path
_HELD = """
SELECT user_roles.role, NULL, NULL FROM user_roles JOIN users ON users.id = user_roles.user_id
 WHERE users.username = {username}
UNION ALL
SELECT posts.role, posts.unit_code, units.path FROM posts JOIN users ON users.id = posts.user_id
  JOIN units ON units.code = posts.unit_code
 WHERE users.username = {username} AND posts.ended_at IS NULL
"""
_COLUMNS = ("id", "instance_id", "process_id", "element_id", "name", "lane", "role", "state", "assignee",
            "created_at", "due_at", "overdue")
_OPEN = ("ready", "claimed")


def handles(database_url: str) -> bool:
    """Whether this module can read ``database_url`` (SQLite files and PostgreSQL through psycopg)."""
    return database_url.startswith(("sqlite:///", "postgresql+psycopg://", "postgresql://"))


class _Reader:
    """One connection of sqlite3 or psycopg, with the placeholder style of each."""

    def __init__(self, database_url: str):
        if database_url.startswith("sqlite:///"):
            import sqlite3
            from urllib.parse import quote, unquote

            # the file the engine opens for this URL (options after '?', the path %-decoded), quoted
            # again for sqlite3's URI, where a bare '#' or '?' would cut the path short
            path = unquote(database_url[len("sqlite:///"):].split("?", 1)[0])
            self.conn = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, timeout=30)
            self.mark = lambda name: f":{name}"
        else:
            import psycopg

            self.conn = psycopg.connect("postgresql://" + database_url.split("://", 1)[1])
            self.mark = lambda name: f"%({name})s"

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple]:
        cursor = self.conn.cursor()
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def close(self) -> None:
        self.conn.close()


def _utc(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff", in UTC
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _roles(db: _Reader, username: str) -> dict[str, set[str] | None]:
    """Per role, the unit codes whose tasks the user may take; None: held deployment-wide."""
    wide: set[str] = set()
    reach: dict[str, set[str]] = {}
    for role, unit, path in db.rows(_HELD.format(username=db.mark("username")), {"username": username}):
        if unit is None:
            wide.add(role)
        else:
            reach.setdefault(role, set()).update(c for c in (path or "").split("/") if c)
    return {role: (None if role in wide else reach.get(role, set())) for role in [*wide, *reach]}


def open_tasks(database_url: str, username: str, limit: int | None = None,
               now: datetime | None = None) -> list[dict[str, Any]]:
    """The user's open tasks as `sopflow tasks --json` prints them (raises NotFound for no such user)."""
    from ..errors import NotFound

    now = now or datetime.now(timezone.utc)
    db = _Reader(database_url)
    try:
        roles = _roles(db, username)
        if not roles and not db.rows(f"SELECT 1 FROM users WHERE username = {db.mark('u')}", {"u": username}):
            raise NotFound(f"no user named {username!r}")
        params: dict[str, Any] = {"username": username}
        terms = []
        for n, (role, units) in enumerate(sorted(roles.items())):
            params[f"r{n}"] = role
            if units is None:
                terms.append(f"tasks.role = {db.mark(f'r{n}')}")
                continue
            marks = []
            for m, unit in enumerate(sorted(units)):
                params[f"u{n}_{m}"] = unit
                marks.append(db.mark(f"u{n}_{m}"))
            within = f"tasks.unit_code IN ({', '.join(marks)}) OR " if marks else ""
            terms.append(f"(tasks.role = {db.mark(f'r{n}')} AND ({within}tasks.unit_code IS NULL))")
        mine = f"tasks.assignee = {db.mark('username')}"
        if terms:
            mine += f" OR (({' OR '.join(terms)}) AND tasks.assignee IS NULL)"
        sql = (f"SELECT {', '.join('tasks.' + c for c in _COLUMNS)} FROM tasks "
               f"WHERE tasks.completed_at IS NULL AND ({mine}) "
               "ORDER BY tasks.due_at IS NULL, tasks.due_at, tasks.created_at, tasks.id")
        if limit is not None:
            sql += f" LIMIT {db.mark('limit')}"
            params["limit"] = limit
        rows = db.rows(sql, params)
    finally:
        db.close()
    out = []
    for values in rows:
        row = dict(zip(_COLUMNS, values))
        created, due = _utc(row["created_at"]), _utc(row["due_at"])
        row["overdue"] = row["state"] in _OPEN and bool(row["overdue"] or (due is not None and due <= now))
        row["created_at"], row["due_at"] = created.isoformat(), due.isoformat() if due else None
        out.append(row)
    return out
