"""PostgreSQL connections: a pooled connection the server cut while it sat idle is replaced, not used."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from engine.store import db
from tests.conftest import PG_URL

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL, reason="needs SOPFLOW_TEST_DATABASE_URL (PostgreSQL)")]


def _backend_pid(sql_engine) -> int:  # noqa: ANN001
    with sql_engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_cut_while_idle_is_replaced_on_checkout(monkeypatch):
    sql_engine = db.connect(PG_URL)
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        first = _backend_pid(sql_engine)
        assert _backend_pid(sql_engine) == first  # reused at once: no ping, the same connection
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first}).scalar_one()
        monkeypatch.setattr(db, "IDLE_SECONDS", 0.0)  # as if it had sat idle
        second = _backend_pid(sql_engine)
        assert second != first
    finally:
        admin.dispose()
        sql_engine.dispose()


def test_a_connection_cut_in_use_fails_once_then_the_pool_connects_afresh():
    from sqlalchemy.exc import OperationalError

    sql_engine = db.connect(PG_URL)
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        first = _backend_pid(sql_engine)
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        with pytest.raises(OperationalError), sql_engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        assert _backend_pid(sql_engine) != first
    finally:
        admin.dispose()
        sql_engine.dispose()
