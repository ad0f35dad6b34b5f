"""The unit tree (Polri → Polda → Polres → Polsek → desa) and how a lane resolves in it.

A unit's ``path`` lists the codes from the root down ("/POLRI/KEPRI/TPI/"), so "this unit and everything
below it" is a prefix match on one indexed column, and "the Polsek above this village" is read from the
path without walking the tree row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..errors import InvalidInput, NotFound
from ..records import Record
from ..store.models import Instance, Unit

#: Kinds of unit, and which kinds a role's ``held_in`` also accepts (a Polresta is a Polres).
KINDS = ("polri", "polda", "polres", "polresta", "polrestabes", "satbinmas", "polsek", "desa", "kelurahan")
KIND_FAMILY = {
    "polres": {"polres", "polresta", "polrestabes"},
    "desa": {"desa", "kelurahan"},
}
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


@dataclass(frozen=True)
class UnitInfo(Record):
    code: str
    name: str
    kind: str
    parent: str | None
    tz: str
    path: str


def info(row: Unit) -> UnitInfo:
    return UnitInfo(code=row.code, name=row.name, kind=row.kind, parent=row.parent_code, tz=row.tz, path=row.path)


def kind_matches(wanted: str, kind: str) -> bool:
    return kind in KIND_FAMILY.get(wanted, {wanted})


def check_fields(code: str, name: str, kind: str, tz: str) -> None:
    """Refuse a bad unit clearly (the CSV import reports the same messages per line)."""
    if not _CODE.match(code or ""):
        raise InvalidInput(f"invalid unit code {code!r}: 1-40 letters, digits, '.', '_' or '-'")
    if not (name or "").strip() or len(name) > 200:
        raise InvalidInput(f"unit {code}: a name of 1-200 characters is required")
    if kind not in KINDS:
        raise InvalidInput(f"unit {code}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if tz:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"unit {code}: unknown time zone {tz!r} (e.g. Asia/Jakarta, Asia/Makassar)") from None


def add_unit(session: Session, code: str, name: str, kind: str, parent: str | None = None,
             tz: str = "") -> UnitInfo:
    """Create the unit or, when it exists, update its name, kind, parent and time zone."""
    kind = (kind or "").strip().lower()
    tz = (tz or "").strip()
    check_fields(code, name, kind, tz)
    parent_row = None
    if parent:
        parent_row = session.get(Unit, parent)
        if parent_row is None:
            raise InvalidInput(f"unit {code}: no parent unit {parent!r}")
        if f"/{code}/" in parent_row.path:
            raise InvalidInput(f"unit {code} cannot be placed under {parent}: {parent} lies inside it")
    path = (parent_row.path if parent_row else "/") + code + "/"
    row = session.get(Unit, code)
    if row is None:
        row = Unit(code=code, name=name.strip(), kind=kind, parent_code=parent or None, tz=tz, path=path)
        session.add(row)
    else:
        old = row.path
        row.name, row.kind, row.parent_code, row.tz = name.strip(), kind, parent or None, tz
        if old != path:
            _repath(session, old, path)
    session.flush()
    return info(row)


def _repath(session: Session, old: str, new: str) -> None:
    """A unit moved: rewrite the paths of its subtree and of the instances that belong to it."""
    for row in session.scalars(select(Unit).where(Unit.path.startswith(old, autoescape=True))):
        moved = new + row.path[len(old):]
        row.path = moved
        session.execute(update(Instance).where(Instance.unit_code == row.code).values(unit_path=moved))


def get(session: Session, code: str) -> Unit:
    row = session.get(Unit, code)
    if row is None:
        raise NotFound(f"no unit {code!r} (see `sopflow units`)")
    return row


def list_units(session: Session, under: str | None = None) -> list[UnitInfo]:
    query = select(Unit).order_by(Unit.path)
    if under:
        query = query.where(Unit.path.startswith(get(session, under).path, autoescape=True))
    return [info(r) for r in session.scalars(query)]


def has_units(session: Session) -> bool:
    return session.scalar(select(Unit.code).limit(1)) is not None


def codes_on_path(path: str) -> list[str]:
    """Root first: "/POLRI/KEPRI/TPI/" -> ["POLRI", "KEPRI", "TPI"]."""
    return [c for c in path.split("/") if c]


def within(path: str | None, ancestor_path: str) -> bool:
    return bool(path) and path.startswith(ancestor_path)


def lane_unit(session: Session, unit_code: str, held_in: str | None) -> str | None:
    """The unit a lane's role is held in for an instance of ``unit_code``.

    The nearest unit at or above the instance's unit whose kind is ``held_in`` (KAPOLSEK of an incident
    in a village: the Polsek above it). A role held nowhere in particular (no ``held_in``) is not bound
    to a unit: any holder may take it. When no unit of that kind lies above, the task stays with the
    instance's own unit, where nobody holds it: supervisors see it as unassignable.
    """
    if not held_in:
        return None
    unit = session.get(Unit, unit_code)
    if unit is None:
        return None
    codes = codes_on_path(unit.path)
    kinds = dict(session.execute(select(Unit.code, Unit.kind).where(Unit.code.in_(codes))).all())
    for code in reversed(codes):
        if kind_matches(held_in, kinds.get(code, "")):
            return code
    return unit_code


def zone_of(session: Session, unit_code: str) -> str:
    """The unit's time zone, or the nearest one set above it ("" when none is)."""
    unit = session.get(Unit, unit_code)
    if unit is None:
        return ""
    codes = codes_on_path(unit.path)
    zones = dict(session.execute(select(Unit.code, Unit.tz).where(Unit.code.in_(codes))).all())
    return next((zones[c] for c in reversed(codes) if zones.get(c)), "")


# -- where each role is held (roles.toml ``held_in``) ------------------------------------------------------

_settings: dict[Path, dict[str, dict]] = {}


def role_settings(roles_file: Path | None) -> dict[str, dict]:
    """{role: its roles.toml entry}, read once per roles file."""
    if roles_file is None:
        return {}
    if roles_file not in _settings:
        import tomllib

        try:
            data = tomllib.loads(roles_file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            data = {}
        _settings[roles_file] = {code: entry for code, entry in (data.get("roles") or {}).items()
                                 if isinstance(entry, dict)}
    return _settings[roles_file]


def held_in_map(roles_file: Path | None) -> dict[str, str]:
    """{role: kind of unit it is held in} (roles.toml ``held_in``)."""
    return {code: str(e["held_in"]).lower() for code, e in role_settings(roles_file).items() if e.get("held_in")}


def supervisor_roles(roles_file: Path | None) -> set[str]:
    """Roles whose posts oversee their unit's whole subtree (roles.toml ``supervises = true``)."""
    return {code for code, e in role_settings(roles_file).items() if e.get("supervises")}


def select_paths(codes: set[str | None]):  # noqa: ANN201
    """SQL: the paths of ``codes``."""
    return select(Unit.path).where(Unit.code.in_(sorted(c for c in codes if c)))


def paths_of(session: Session, codes: set[str | None]) -> list[str]:
    """The tree paths of the units ``codes`` (a unit's subtree is every path that starts with its own)."""
    return list(session.scalars(select_paths(codes))) if any(codes) else []
