"""Users, their password hashes and their roles."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import InvalidInput, NotFound
from ..records import UserInfo
from .roles import RoleCatalog
from ..store.models import ApiToken, User, UserRole

#: argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about a fifth of the
#: library default's cost, so a shift change of 50 people logging in at once stays quick on 2 cores.
#: Made on first use: commands that check no password do not load argon2.
_hasher_instance: Any = None
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,79}$")
_dummy_hash: str | None = None


def _hasher() -> Any:
    global _hasher_instance
    if _hasher_instance is None:
        from argon2 import PasswordHasher

        _hasher_instance = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
    return _hasher_instance


def _dummy() -> str:
    """A hash verified against when the user does not exist, so timing does not reveal who exists."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher().hash("sopflow-no-such-user")
    return _dummy_hash


def add_user(
    session: Session,
    catalog: RoleCatalog,
    username: str,
    roles: list[str],
    password: str,
    now: datetime,
    display_name: str | None = None,
) -> UserInfo:
    """Create ``username`` or, when it exists, replace its password, name and roles."""
    if not _USERNAME.match(username or ""):
        raise InvalidInput(
            f"invalid username {username!r}: use 2-80 lowercase letters, digits, '.', '_' or '-'"
        )
    from . import posts

    entries = [posts.split(r) for r in roles]
    unknown = [r for r, _ in entries if r not in catalog]
    if unknown:
        raise InvalidInput(f"unknown role(s): {', '.join(unknown)} (see processes/roles.toml)")
    if not password:
        raise InvalidInput("a password is required")
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, created_at=now, password_hash="", display_name="")
        session.add(user)
        session.flush()
    elif not _same_password(user.password_hash, password):
        from .sessions import revoke_all

        revoke_all(session, username)  # a new password ends every session opened with the old one
    user.password_hash = _hasher().hash(password)
    user.display_name = display_name or user.display_name or username
    session.execute(delete(UserRole).where(UserRole.user_id == user.id))
    for role in dict.fromkeys(r for r, unit in entries if unit is None):
        session.add(UserRole(user_id=user.id, role=role))
    posts.set_posts(session, user, [(r, unit) for r, unit in entries if unit is not None], now)
    session.flush()
    return _info(session, user)


def _same_password(stored_hash: str, password: str) -> bool:
    try:
        return bool(stored_hash) and _hasher().verify(stored_hash, password)
    except Exception:  # argon2 raises on a mismatch or an unreadable hash
        return False


def authenticate(session: Session, username: str, password: str) -> UserInfo | None:
    return check_login(session, username, password)[0]


def check_login(session: Session, username: str, password: str) -> tuple[UserInfo | None, bool]:
    """The user whose password this is (None otherwise), and whether their stored hash was made with
    other parameters than today's (then it is to be replaced, see :func:`rehash`)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        try:
            _hasher().verify(_dummy(), password or "")
        except VerificationError:
            pass
        return None, False
    try:
        _hasher().verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None, False
    return _info(session, user), _hasher().check_needs_rehash(user.password_hash)


def needs_rehash(session: Session, username: str) -> bool:
    """Whether the stored hash was made with other parameters than today's (older, costlier or weaker)."""
    stored = session.scalar(select(User.password_hash).where(User.username == username))
    return bool(stored) and _hasher().check_needs_rehash(stored)


def rehash(session: Session, username: str, password: str) -> None:
    """Store ``password`` (already verified) under today's parameters."""
    user = session.scalar(select(User).where(User.username == username))
    if user is not None:
        user.password_hash = _hasher().hash(password)
        session.flush()


def get_user(session: Session, username: str) -> UserInfo:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return _info(session, user)


def roles_of(session: Session, username: str) -> list[str]:
    """The roles ``username`` holds, deployment-wide or in a unit (a :class:`engine.org.posts.Held`)."""
    from .posts import held

    return held(session, username)


def list_users(session: Session, role: str | None = None) -> list[UserInfo]:
    query = select(User).order_by(User.username)
    if role:
        from ..store.models import Post

        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role))
                            | User.id.in_(select(Post.user_id).where(Post.role == role, Post.ended_at.is_(None))))
    return [_info(session, u) for u in session.scalars(query)]


def _info(session: Session, user: User) -> UserInfo:
    from .posts import open_posts

    wide = list(session.scalars(select(UserRole.role).where(UserRole.user_id == user.id)))
    held = [f"{p.role}@{p.unit_code}" for p in open_posts(session, user.id)]
    roles = sorted(set(wide) | {h.partition("@")[0] for h in held})
    return UserInfo(username=user.username, display_name=user.display_name, roles=roles, active=user.active,
                    posts=sorted(held))


def create_token(session: Session, username: str, label: str, now: datetime) -> str:
    """A new API token for ``username``; the caller shows it once, only its hash is stored."""
    get_user(session, username)
    token = "sf_" + secrets.token_urlsafe(32)
    session.add(ApiToken(token_sha256=hashlib.sha256(token.encode()).hexdigest(), username=username,
                         label=label, created_at=now, revoked=False))
    return token


def user_for_token(session: Session, token: str) -> UserInfo | None:
    row = session.get(ApiToken, hashlib.sha256((token or "").encode()).hexdigest())
    if row is None or row.revoked:
        return None
    user = session.scalar(select(User).where(User.username == row.username))
    if user is None or not user.active:
        return None
    return _info(session, user)
