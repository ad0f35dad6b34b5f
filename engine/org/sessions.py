"""Server-side web sessions: a browser's cookie holds a random id; the database says whether it is valid.

A signed cookie alone stays valid until it expires, whatever happens on the server. Here logout,
a password change and deactivating the account end every session of that user at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..clock import Clock
from ..errors import NotFound
from ..store.db import Database
from ..store.models import User, WebSession

#: How long a login lasts without logging in again.
LIFETIME = timedelta(hours=12)


def _digest(token: str) -> str:
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()


def revoke_all(session: Session, username: str) -> None:
    """End every session of ``username`` (inside the caller's transaction)."""
    session.execute(update(WebSession).where(WebSession.username == username, WebSession.revoked.is_(False))
                    .values(revoked=True))


class SessionStore:
    """Opening, checking and ending web sessions, each in its own transaction."""

    def __init__(self, db: Database, clock: Clock):
        self.db, self.clock = db, clock

    def open(self, username: str) -> str:
        """A new session for ``username``; returns the id to put in the cookie (only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        now = self.clock.now()
        with self.db.transaction() as session:
            # Expired rows are of no use to anyone: drop them while we are here.
            session.execute(delete(WebSession).where(WebSession.expires_at < now - LIFETIME))
            session.add(WebSession(id_sha256=_digest(token), username=username, created_at=now,
                                   expires_at=now + LIFETIME, revoked=False))
        return token

    def username(self, token: str) -> str | None:
        """The user of a live session, or None when it is unknown, ended, expired or the user is inactive."""
        if not token:
            return None
        with self.db.reading() as session:
            row = session.get(WebSession, _digest(token))
            if row is None or row.revoked or row.expires_at <= self.clock.now():
                return None
            active = session.scalar(select(User.active).where(User.username == row.username))
            return row.username if active else None

    def close(self, token: str) -> None:
        with self.db.transaction() as session:
            session.execute(update(WebSession).where(WebSession.id_sha256 == _digest(token)).values(revoked=True))

    def close_all(self, username: str) -> None:
        with self.db.transaction() as session:
            revoke_all(session, username)

    def set_active(self, username: str, active: bool) -> None:
        """Activate or deactivate an account; deactivating ends its sessions at once."""
        with self.db.transaction() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                raise NotFound(f"no user {username}")
            user.active = active
            if not active:
                revoke_all(session, username)

    def live_count(self, username: str, now: datetime | None = None) -> int:
        with self.db.reading() as session:
            rows = session.scalars(select(WebSession).where(WebSession.username == username,
                                                            WebSession.revoked.is_(False)))
            return sum(1 for r in rows if r.expires_at > (now or self.clock.now()))
