"""Which unit an instance belongs to, and which unit each of its tasks is resolved to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import units
from ..errors import InvalidInput, NotAllowed
from ..store.models import Unit


def holds(roles: list[str], role: str, unit_code: str | None) -> bool:
    """Whether ``roles`` (a :class:`engine.org.posts.Held` or a plain list) cover a task of ``role`` in ``unit_code``."""
    covers = getattr(roles, "covers", None)
    return covers(role, unit_code) if covers is not None else role in roles


def start_units(session: Session, roles: list[str], start_roles: list[str]) -> list[Unit] | None:
    """The units a person may start for: None when a start role is held deployment-wide (any unit, or none)."""
    where = getattr(roles, "units", {})
    codes: set[str] = set()
    for role in start_roles:
        held = where.get(role, {None} if role in roles else set())
        if None in held:
            return None
        codes |= {c for c in held if c}
    if not codes:
        return []
    tops = session.scalars(select(Unit).where(Unit.code.in_(sorted(codes)))).all()
    return sorted(tops, key=lambda u: u.path)


def choose(session: Session, actor: str, roles: list[str], start_roles: list[str], unit: str | None) -> Unit | None:
    """The unit a new instance belongs to: the one asked for (inside the starter's posts), else the
    starter's only unit; None in a deployment without units."""
    allowed = start_units(session, roles, start_roles)
    row = units.get(session, unit) if unit else None
    if row is None and allowed:
        if len(allowed) > 1:
            raise InvalidInput(f"{actor} starts for several units ({', '.join(u.code for u in allowed)}); choose one")
        row = allowed[0]
    if row is not None and allowed is not None and not any(row.path.startswith(u.path) for u in allowed):
        raise NotAllowed(f"{actor} may not start for unit {row.code}: it is outside the units of their posts")
    return row


def task_unit(session: Session, instance_unit: str | None, role: str) -> str | None:
    """The unit a new task of ``role`` resolves to (None: any holder of the role)."""
    if not instance_unit:
        return None
    roles_file = session.info.get("roles_file")
    held_in = units.held_in_map(roles_file).get(role) if roles_file else None
    return units.lane_unit(session, instance_unit, held_in)
