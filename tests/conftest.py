"""Shared fixtures: a clock, engines on a real SQLite file and (when configured) a real PostgreSQL."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from engine import Engine, FixedClock, Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
PG_URL = os.environ.get("SOPFLOW_TEST_DATABASE_URL")

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def reset_postgres(url: str) -> None:
    """Empty the test database so each test starts from nothing."""
    sql = create_engine(url)
    with sql.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    sql.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("SOPFLOW_TEST_DATABASE_URL is not set")
        reset_postgres(PG_URL)
        return PG_URL
    return f"sqlite:///{tmp_path / 'sopflow.db'}"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc))


def copied_fixtures(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture processes and forms of tests/data copied under ``tmp_path``, for tests that change them."""
    processes, forms = tmp_path / "processes", tmp_path / "forms"
    shutil.copytree(DATA / "processes", processes)
    shutil.copytree(DATA / "forms", forms)
    return processes, forms


def make_engine(database_url: str, clock: FixedClock, processes: Path, forms: Path) -> Engine:
    engine = Engine(Settings(database_url=database_url, processes_dir=processes, forms_dir=forms), clock=clock)
    engine.init_db()
    return engine


@pytest.fixture
def fx_engine(database_url, clock):
    """An engine with the small fixture processes of tests/data deployed and one user per role."""
    engine = make_engine(database_url, clock, DATA / "processes", DATA / "forms")
    engine.deploy(actor="tester")
    for role in ("petugas", "kepala", "pengawas"):
        engine.add_user(role, [role], "pw")
    engine.add_user("petugas2", ["petugas"], "pw")
    engine.add_user("auditor", ["auditor"], "pw")
    yield engine
    engine.close()


@pytest.fixture
def sop_engine(database_url, clock):
    """An engine with the real SOPs of processes/ deployed and a demo user for every role."""
    engine = make_engine(database_url, clock, ROOT / "processes", ROOT / "forms")
    engine.deploy(actor="tester")
    for role in engine.roles():
        engine.add_user(role.code, [role.code], "pw")
    yield engine
    engine.close()
