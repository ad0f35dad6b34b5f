"""Which version each unit subtree runs.

A deployment binds one stored version of a process to a unit's subtree (or, with no unit, to the whole
deployment). The newest deployment of a process for a unit is that unit's current version; an instance
started in a unit runs the current version of the most specific unit at or above it that has one. So
Polda Kepri may deploy version 3 of ``sop01`` for all its Polres and Polresta Tanjungpinang its own
version 4 for itself: a start in Tanjungpinang runs version 4, anywhere else in Kepri version 3, and
deploying for one unit never changes what another runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, false, or_, select
from sqlalchemy.orm import Session

from ..errors import NotAllowed, NotFound
from ..org import posts, units
from ..records import Record
from ..store.models import Definition, Deployment, Unit
from ..store.statements import once

#: roles that may deploy and move instances between versions
DEPLOYERS = ("analyst", "admin")


@dataclass(frozen=True)
class DeploymentInfo(Record):
    """The version a unit's subtree currently runs (``unit`` None: the whole deployment)."""

    process_id: str
    unit: str | None
    unit_name: str
    version: int
    deployed_at: datetime
    deployed_by: str


def record(session: Session, definition: Definition, unit_code: str | None, actor: str,
           now: datetime) -> Deployment:
    row = Deployment(process_id=definition.process_id, definition_id=definition.id, version=definition.version,
                     unit_code=unit_code, deployed_at=now, deployed_by=actor)
    session.add(row)
    session.flush()
    return row


def current(session: Session, process_id: str, among: list[str] | None = None) -> dict[str | None, Deployment]:
    """{unit code (None: whole deployment): its newest deployment} of a process (``among``: only those
    units and the whole deployment)."""
    if among is None:
        rows = session.scalars(once(_current_query), {"process_id": process_id})
    else:
        rows = session.scalars(once(_current_among_query),
                               {"process_id": process_id, "among": list(among)})
    return {row.unit_code: row for row in rows}


def _current_query() -> Any:
    return select(Deployment).where(Deployment.process_id == bindparam("process_id")).order_by(Deployment.id)


def _current_among_query() -> Any:
    return (select(Deployment).where(Deployment.process_id == bindparam("process_id"),
                                     or_(Deployment.unit_code.is_(None),
                                         Deployment.unit_code.in_(bindparam("among", expanding=True))))
            .order_by(Deployment.id))


def current_for(session: Session, process_id: str, unit_code: str | None) -> Deployment | None:
    """The deployment an instance of ``unit_code`` runs: the most specific one at or above the unit."""
    above = units.codes_on_path(units.get(session, unit_code).path) if unit_code is not None else []
    found = current(session, process_id, above)  # one index range per unit on the path, not every unit's
    return next((found[code] for code in reversed(above) if code in found), found.get(None))


def unitless_version(session: Session, latest: Definition) -> Definition | None:
    """The version an instance with no unit runs (one started by the clock or by a message): the one
    deployed for the whole deployment, not a version deployed for one unit's subtree only; the latest
    when the process has no deployment record at all; None when it is deployed per unit only."""
    found = current(session, latest.process_id)
    if not found:
        return latest
    wide = found.get(None)
    if wide is None:
        return None
    return latest if wide.definition_id == latest.id else session.get(Definition, wide.definition_id)


def resolve(session: Session, process_id: str, unit_code: str | None) -> int:
    """The definition id a new instance of ``process_id`` in ``unit_code`` runs; a clear error otherwise."""
    chosen = current_for(session, process_id, unit_code)
    if chosen is not None:
        return chosen.definition_id
    found = current(session, process_id)
    if not found:
        raise NotFound(f"no process {process_id!r} is deployed")
    where = ", ".join(sorted(c for c in found if c))
    if unit_code is None:
        raise NotAllowed(f"{process_id} is deployed only for {where} and their units; choose a unit")
    raise NotAllowed(f"{process_id} is deployed for {where} and their units, not for {unit_code}")


def deployed_versions(session: Session, process_id: str) -> list[int]:
    """The definition ids ever deployed for some unit (a handful per process, however many units)."""
    return list(session.scalars(once(_versions_query), {"process_id": process_id}))


def _versions_query() -> Any:
    return select(Deployment.definition_id).where(Deployment.process_id == bindparam("process_id")).distinct()


def deployed_units(session: Session, process_id: str) -> set[str | None]:
    """Every unit with a deployment of the process (None: the whole deployment)."""
    return set(current(session, process_id))


def runs_for(session: Session, process_id: str, unit_code: str | None, definition_id: int) -> bool:
    """Whether an instance of ``unit_code`` belongs to a subtree ``definition_id`` was deployed for.

    The subtree is decided by the most specific unit at or above ``unit_code`` with any deployment of the
    process: a move to Polda Kepri's version leaves the instances of a Polres that runs its own alone.
    """
    found = current(session, process_id)
    scope: str | None = None
    if unit_code is not None:
        path = session.scalar(select(Unit.path).where(Unit.code == unit_code)) or ""
        scope = next((c for c in reversed(units.codes_on_path(path)) if c in found), None)
    return session.scalar(select(Deployment.id).where(
        Deployment.process_id == process_id, Deployment.definition_id == definition_id,
        Deployment.unit_code.is_(None) if scope is None else Deployment.unit_code == scope).limit(1)) is not None


def overview(session: Session, process_id: str) -> list[DeploymentInfo]:
    """What each unit with a deployment currently runs, the whole deployment first, then by the tree."""
    found = current(session, process_id)
    if not found:
        raise NotFound(f"no process {process_id!r} is deployed")
    codes = sorted(c for c in found if c)
    named = {u.code: u for u in session.scalars(select(Unit).where(Unit.code.in_(codes)))} if codes else {}
    order = sorted(found, key=lambda c: "" if c is None else named[c].path if c in named else c)
    return [DeploymentInfo(process_id=process_id, unit=c, unit_name=named[c].name if c in named else "",
                           version=found[c].version, deployed_at=found[c].deployed_at,
                           deployed_by=found[c].deployed_by) for c in order]


def deployer_scope(session: Session, actor: str) -> set[str] | None:
    """The units ``actor`` may deploy for: None for anywhere (a deployment-wide analyst or admin, or an
    actor that is no user, such as the command line's ``system``); else the units of their posts."""
    held = posts.held(session, actor)
    scopes = [held.scoped(role) for role in DEPLOYERS if role in held]
    if not scopes or any(scope is None for scope in scopes):
        return None
    return {code for scope in scopes for code in scope or ()}


def check_deployer(session: Session, actor: str, unit_code: str | None) -> None:
    """Refuse a deployment outside the deployer's units, before anything is stored."""
    target = units.get(session, unit_code) if unit_code else None
    scope = deployer_scope(session, actor)
    if scope is None:
        return
    if target is None:
        raise NotAllowed(f"{actor} deploys for {', '.join(sorted(scope))} only; choose one of those units")
    if not any(target.path.startswith(p) for p in units.paths_of(session, scope)):
        raise NotAllowed(f"{actor} may not deploy for {target.code}: it is outside their units "
                         f"({', '.join(sorted(scope))})")


def version_row(session: Session, process_id: str, version: int) -> Definition:
    row = session.scalar(select(Definition).where(Definition.process_id == process_id,
                                                  Definition.version == version))
    if row is None:
        raise NotFound(f"process {process_id!r} has no version {version}")
    return row


def migration_plan(session: Session, cache: Any, process_id: str, to_version: int | None,
                   unit: str | None, actor: str | None = None) -> list[dict[str, Any]]:
    """See :meth:`engine.core.Engine.migration_plan`: each running instance, the version it may move to
    (``to_version`` only within the subtrees it is deployed for, else its unit's current one), and why not.
    With ``actor``, only the instances of the units that actor may deploy for."""
    from ..runtime import actions as runtime
    from ..store.models import Instance

    fixed = cache.version(session, process_id, to_version) if to_version else None
    if fixed is None:
        cache.latest(session, process_id)  # NotFound for an unknown process
    query = select(Instance).where(Instance.process_id == process_id, Instance.state == "running")
    if unit is not None:
        query = query.where(Instance.unit_path.startswith(units.get(session, unit).path, autoescape=True))
    scope = deployer_scope(session, actor) if actor is not None else None
    if scope is not None:
        query = query.where(or_(false(), *[Instance.unit_path.startswith(p, autoescape=True)
                                           for p in units.paths_of(session, scope)]))
    plan = []
    for inst in session.scalars(query.order_by(Instance.started_at)).all():
        if fixed is not None:
            if not runs_for(session, process_id, inst.unit_code, fixed.id):
                continue  # another subtree's instance: this version is not deployed for it
            target = fixed
        else:
            own = current_for(session, process_id, inst.unit_code)
            if own is None:
                continue
            target = cache.get(session, own.definition_id)
        if inst.definition_id == target.id:
            continue
        reasons = runtime.migration_check(session, cache, inst, target)
        plan.append({"instance_id": inst.id, "from_version": inst.version, "to_version": target.version,
                     "unit": inst.unit_code, "can_migrate": not reasons, "reasons": reasons})
    return plan
