"""Units and personnel from CSV files: every bad row reported with its line, and nothing stored then.

Units: ``code,name,kind,parent,tz`` (a parent may come later in the file or exist already).
People: ``nrp,name,unit,roles`` (roles separated by ``;``); the NRP is the login name. Importing
the same person again updates their name and posts: a new unit is a transfer, kept in the post history.
"""

from __future__ import annotations

import csv
import io
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import posts, units
from ..errors import InvalidInput
from .roles import RoleCatalog
from ..store.models import Unit, User

MAX_ROWS = 200_000


class ImportProblems(InvalidInput):
    """Some rows are wrong; ``problems`` lists each with its line number."""

    def __init__(self, problems: list[str]):
        shown = problems[:50] + ([f"... and {len(problems) - 50} more"] if len(problems) > 50 else [])
        super().__init__(f"{len(problems)} problem(s); nothing imported:\n" + "\n".join(shown))
        self.problems = problems


def _rows(text: str, wanted: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [w for w in wanted if w not in header]
    if missing:
        raise ImportProblems([f"line 1: the header lacks column(s) {', '.join(missing)} "
                              f"(expected {','.join(wanted)})"])
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportProblems([f"more than {MAX_ROWS} rows: split the file"])
            if None in row:
                rows.append((reader.line_num, {"__extra__": "1"}))
                continue
            cleaned = {k: (v or "").strip() for k, v in row.items()}
            if any(cleaned.values()):
                rows.append((reader.line_num, cleaned))
    except csv.Error as e:
        raise ImportProblems([f"line {reader.line_num}: not readable CSV: {e}"]) from None
    return rows


def import_units(session: Session, text: str) -> dict[str, int]:
    rows = _rows(text, ("code", "name", "kind", "parent", "tz"))
    problems: list[str] = []
    in_file: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        if "__extra__" in row:
            problems.append(f"line {line}: more fields than the header has")
            continue
        try:
            units.check_fields(row["code"], row["name"], row["kind"].lower(), row["tz"])
        except InvalidInput as e:
            problems.append(f"line {line}: {e}")
            continue
        if row["code"] in in_file:
            problems.append(f"line {line}: unit {row['code']} appears again (first on line {in_file[row['code']][0]})")
            continue
        in_file[row["code"]] = (line, row)
    existing = set(session.scalars(select(Unit.code)))
    for code, (line, row) in in_file.items():
        parent = row["parent"]
        if parent and parent not in in_file and parent not in existing:
            problems.append(f"line {line}: unit {code}: no parent unit {parent!r} in the file or the database")
    order = _parents_first(in_file, problems)
    if problems:
        raise ImportProblems(problems)
    created = 0
    for code in order:
        line, row = in_file[code]
        created += code not in existing
        units.add_unit(session, code, row["name"], row["kind"], row["parent"] or None, row["tz"])
    return {"units": len(order), "created": created, "updated": len(order) - created}


def _parents_first(in_file: dict[str, tuple[int, dict[str, str]]], problems: list[str]) -> list[str]:
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(code: str, trail: list[str]) -> None:
        if state.get(code) == "done":
            return
        if state.get(code) == "visiting":
            problems.append(f"line {in_file[code][0]}: units form a cycle: {' -> '.join(trail + [code])}")
            return
        state[code] = "visiting"
        parent = in_file[code][1]["parent"]
        if parent in in_file:
            visit(parent, trail + [code])
        state[code] = "done"
        order.append(code)

    for code in in_file:
        visit(code, [])
    return order


def import_people(session: Session, catalog: RoleCatalog, text: str, now: datetime) -> dict[str, int]:
    rows = _rows(text, ("nrp", "name", "unit", "roles"))
    problems: list[str] = []
    known_units = set(session.scalars(select(Unit.code)))
    seen: dict[str, int] = {}
    ready = []
    for line, row in rows:
        if "__extra__" in row:
            problems.append(f"line {line}: more fields than the header has")
            continue
        nrp = row["nrp"].lower()
        roles = [r.strip() for r in row["roles"].replace(",", ";").split(";") if r.strip()]
        wrong = []
        if not nrp.isalnum() or not 2 <= len(nrp) <= 40:
            wrong.append(f"NRP {row['nrp']!r} is not 2-40 letters or digits")
        if not row["name"] or len(row["name"]) > 200:
            wrong.append("a name of 1-200 characters is required")
        if row["unit"] not in known_units:
            wrong.append(f"no unit {row['unit']!r} (import the units first)")
        unknown = [r for r in roles if r not in catalog]
        if unknown:
            wrong.append(f"unknown role(s) {', '.join(unknown)}")
        if not roles:
            wrong.append("at least one role is required")
        if nrp in seen:
            wrong.append(f"NRP {nrp} appears again (first on line {seen[nrp]})")
        if wrong:
            problems.append(f"line {line}: " + "; ".join(wrong))
            continue
        seen[nrp] = line
        ready.append((nrp, row["name"], [(r, row["unit"]) for r in dict.fromkeys(roles)]))
    if problems:
        raise ImportProblems(problems)
    created = 0
    for nrp, name, wanted in ready:
        user = session.scalar(select(User).where(User.username == nrp))
        if user is None:
            # No password yet: an administrator sets one (`sopflow user add NRP ...`) before the first login.
            user = User(username=nrp, display_name=name, password_hash="!" + secrets.token_hex(8), active=True,
                        created_at=now)
            session.add(user)
            session.flush()
            created += 1
        user.display_name = name
        posts.set_posts(session, user, wanted, now)
    return {"people": len(ready), "created": created, "updated": len(ready) - created}
