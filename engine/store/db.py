"""The database connection: engine creation, SQLite settings, transactions and row locks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
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
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


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
