"""The database connection: engine creation, SQLite settings, transactions and row locks."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker


def connect(url: str) -> SqlEngine:
    """Create the SQLAlchemy engine for ``url``, with SQLite tuned for a web app.

    SQLite gets WAL (readers never wait for the writer), a busy timeout, foreign keys, and
    ``BEGIN IMMEDIATE`` for every transaction, so two writers queue instead of failing late.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        sql_engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(sql_engine, "connect")
        def _sqlite_settings(dbapi_conn, _record):  # noqa: ANN001
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(sql_engine, "begin")
        def _sqlite_begin(conn):  # noqa: ANN001
            readonly = conn.get_execution_options().get("sopflow_readonly", False)
            conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

        return sql_engine
    sql_engine = create_engine(url, pool_size=10, max_overflow=20, pool_recycle=RECYCLE_SECONDS)
    _ping_when_idle(sql_engine)
    return sql_engine


#: a pooled connection idle this long is tested before use (the database may have restarted meanwhile)
IDLE_SECONDS = 2.0
#: and none is kept longer than this (idle-connection timeouts of the server or the network)
RECYCLE_SECONDS = 1800


def _ping_when_idle(sql_engine: SqlEngine) -> None:
    """Test a pooled connection before use only when it sat idle: a ping on every checkout costs a round
    trip per unit of work. A connection cut while in use fails its statement instead; SQLAlchemy then
    drops the whole pool, so the next unit of work connects afresh."""

    @event.listens_for(sql_engine.pool, "checkin")
    def _returned(_dbapi_conn, record):  # noqa: ANN001
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(sql_engine.pool, "checkout")
    def _taken(dbapi_conn, record, _proxy):  # noqa: ANN001
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < IDLE_SECONDS:
            return
        try:
            cursor = dbapi_conn.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_conn.rollback()  # hand the connection over outside any transaction, as it came back
        except Exception as e:  # noqa: BLE001 - any failure means the connection is gone
            raise DisconnectionError("pooled connection is gone") from e  # the pool connects again


def is_sqlite(sql_engine: SqlEngine) -> bool:
    return sql_engine.dialect.name == "sqlite"


class Database:
    """Owns the SQLAlchemy engine and hands out one session per unit of work."""

    def __init__(self, url: str):
        self.url = url
        self.engine = connect(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(
            self.engine.execution_options(sopflow_readonly=True), expire_on_commit=False
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits at the end, rolls everything back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only (on SQLite it does not take the write lock)."""
        with self.read_sessions() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
