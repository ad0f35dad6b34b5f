"""Posts: a role held in a unit. What a person may see and do is judged by the post, not the bare role.

A role given without a unit (``--role kasat_binmas``, the ``user_roles`` table) is held throughout the
deployment, as in a deployment with one unit. A role given as ``kasat_binmas@TPI`` is a post in that unit.
A transfer (mutasi) ends the old posts (``ended_at``) and opens new ones, so history keeps who held what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, literal, null, or_, select, union, union_all
from sqlalchemy.orm import Session

from . import units
from ..errors import InvalidInput
from ..records import Record
from ..store.models import Post, Unit, User, UserRole
from ..store.statements import once


class Held(list):
    """The roles a user holds (a plain list of role codes, as before) plus where each is held.

    ``units[role]`` is the set of unit codes of the user's open posts of that role; ``None`` in the
    set means the role is held deployment-wide.
    """

    def __init__(self, roles: list[str], where: dict[str, set[str | None]],
                 reach: dict[str, set[str]] | None = None):
        super().__init__(roles)
        self.units = where
        #: per role: the post units and every unit above them. A task resolved to a unit above the post
        #: (a Bhabinkamtibmas lane of an SOP run by the Polres, with no village to resolve to) is open
        #: to the role's holders below that unit.
        self.reach = reach if reach is not None else {r: {u for u in w if u} for r, w in where.items()}

    def covers(self, role: str, unit_code: str | None) -> bool:
        """Whether a task of ``role`` resolved to ``unit_code`` is this user's to take."""
        where = self.units.get(role)
        if not where:
            return False
        return unit_code is None or None in where or unit_code in self.reach.get(role, set())

    def scoped(self, role: str) -> set[str] | None:
        """The units a role is held in, or None when it is held deployment-wide."""
        where = self.units.get(role, set())
        return None if None in where else {u for u in where if u}

    def reaches(self, role: str) -> set[str] | None:
        """The units whose tasks of ``role`` this user may take (None: all)."""
        where = self.units.get(role, set())
        return None if None in where else set(self.reach.get(role, set()))


@dataclass(frozen=True)
class PostInfo(Record):
    role: str
    unit: str
    started_at: datetime
    ended_at: datetime | None = None


def split(entry: str) -> tuple[str, str | None]:
    """"kapolsek@PS-BB" -> ("kapolsek", "PS-BB"); "admin" -> ("admin", None)."""
    role, _, unit = (entry or "").partition("@")
    return role.strip(), (unit.strip() or None)


def _held_query() -> Any:
    """Deployment-wide roles (no unit) then posts of one user, in one statement built once.

    Built from the tables' columns, not the mapped classes: every action runs it, and a plain
    statement skips the ORM's result handling (it still flushes pending changes first)."""
    name = bindparam("username")
    user, user_role, post, unit = User.__table__.c, UserRole.__table__.c, Post.__table__.c, Unit.__table__.c
    wide = (select(literal(0).label("part"), user_role.role, null().label("unit_code"), null().label("path"))
            .join_from(UserRole.__table__, User.__table__, user.id == user_role.user_id).where(user.username == name))
    posts = (select(literal(1).label("part"), post.role, post.unit_code, unit.path)
             .join_from(Post.__table__, User.__table__, user.id == post.user_id)
             .join(Unit.__table__, unit.code == post.unit_code)
             .where(user.username == name, post.ended_at.is_(None)))
    both = union_all(wide, posts).subquery()
    return select(both.c.role, both.c.unit_code, both.c.path).order_by(both.c.part)


def holders_statement(role: Any, units_below: Any = None, among: Any = None) -> Any:
    """Active users who hold ``role`` by a post (in one of the units ``units_below`` selects, when given)
    or deployment-wide, in one statement; ``among``: a subquery of the usernames to keep."""
    only = [User.username.in_(among)] if among is not None else []
    below = [Post.unit_code.in_(units_below)] if units_below is not None else []
    in_unit = select(User.username).join(Post, Post.user_id == User.id).where(
        Post.role == role, Post.ended_at.is_(None), User.active.is_(True), *below, *only)
    wide = select(User.username).join(UserRole, UserRole.user_id == User.id).where(
        UserRole.role == role, User.active.is_(True), *only)
    return union(in_unit, wide)


def _wide_holders_query() -> Any:
    """Holders of ``:role`` anywhere (built once: every escalation and mail looks them up)."""
    return holders_statement(bindparam("role"))


def held(session: Session, username: str) -> Held:
    where: dict[str, set[str | None]] = {}
    reach: dict[str, set[str]] = {}
    for role, unit, path in session.execute(once(_held_query), {"username": username}):
        where.setdefault(role, set()).add(unit)
        if unit is not None:
            reach.setdefault(role, set()).update(units.codes_on_path(path))
    return Held(list(where), where, reach)


def open_posts(session: Session, user_id: int) -> list[Post]:
    return list(session.scalars(select(Post).where(Post.user_id == user_id, Post.ended_at.is_(None))
                                .order_by(Post.started_at, Post.id)))


def set_posts(session: Session, user: User, wanted: list[tuple[str, str]], now: datetime) -> None:
    """Make ``wanted`` (role, unit) the user's open posts: end the others, open the missing ones."""
    for role, unit in wanted:
        units.get(session, unit)
    keep = set(wanted)
    have = set()
    for post in open_posts(session, user.id):
        if (post.role, post.unit_code) in keep:
            have.add((post.role, post.unit_code))
        else:
            post.ended_at = now
    for role, unit in dict.fromkeys(wanted):
        if (role, unit) not in have:
            session.add(Post(user_id=user.id, role=role, unit_code=unit, started_at=now, ended_at=None))
    session.flush()


def move(session: Session, username: str, from_unit: str | None, to_unit: str, now: datetime) -> list[PostInfo]:
    """Mutasi: the posts held in ``from_unit`` (all open posts when None) end and reopen in ``to_unit``."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise InvalidInput(f"no user named {username!r}")
    units.get(session, to_unit)
    moving = [p for p in open_posts(session, user.id) if from_unit is None or p.unit_code == from_unit]
    if not moving:
        where = f" in {from_unit}" if from_unit else ""
        raise InvalidInput(f"{username} holds no post{where} to move")
    kept = [(p.role, p.unit_code) for p in open_posts(session, user.id) if p not in moving]
    set_posts(session, user, kept + [(p.role, to_unit) for p in moving], now)
    return history(session, username)


def history(session: Session, username: str) -> list[PostInfo]:
    rows = session.scalars(select(Post).join(User, User.id == Post.user_id).where(User.username == username)
                           .order_by(Post.started_at, Post.id))
    return [PostInfo(role=p.role, unit=p.unit_code, started_at=p.started_at, ended_at=p.ended_at) for p in rows]


def holders(session: Session, role: str, unit_code: str | None, among: Any = None) -> list[str]:
    """Active users who hold ``role`` in ``unit_code`` or below it (or deployment-wide), in one query.

    :param among: optionally, a subquery of usernames to keep (those who want a kind of mail).
    """
    if not unit_code and among is None:
        return sorted(set(session.scalars(once(_wide_holders_query), {"role": role})))
    below = None
    if unit_code:
        path = units.get(session, unit_code).path
        below = select(Unit.code).where(Unit.path.startswith(path, autoescape=True))
    return sorted(set(session.scalars(holders_statement(role, below, among))))


def subtree_paths(session: Session, username: str, roles: set[str] | None = None) -> list[str]:
    """Paths of the units where the user holds a post (of one of ``roles`` when given)."""
    query = (select(Unit.path).join(Post, Post.unit_code == Unit.code).join(User, User.id == Post.user_id)
             .where(User.username == username, Post.ended_at.is_(None)))
    if roles is not None:
        query = query.where(Post.role.in_(sorted(roles)))
    return sorted(set(session.scalars(query)))


def prefix_filter(column, paths: list[str]):  # noqa: ANN001, ANN201
    """SQL: ``column`` lies in one of the subtrees of ``paths``."""
    return or_(*[column.startswith(p, autoescape=True) for p in paths])
