"""A role's first pages of tasks with many open instances, on SQLite and optionally PostgreSQL."""

from __future__ import annotations

import gc
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ..clock import FixedClock
from ..config import Settings
from ..core import Engine
from .stats import ms, pct, spread


def bulk_open_tasks(engine: Engine, count: int, roles: list[str]) -> None:
    """Put ``count`` open first-step tasks of seq30 (with their instances) into the mirror, spread over ``roles``.

    The task list reads nothing else, and starting 100,000 instances one by one would only
    measure ``start`` again.
    """
    from sqlalchemy import insert

    from ..store.models import Definition, Instance, Task

    with engine.db.transaction() as session:
        definition_id = session.query(Definition.id).filter(Definition.process_id == "seq30").scalar()
    base = engine.clock.now()
    batch = 5000
    for start in range(0, count, batch):
        inst_rows, task_rows = [], []
        for i in range(start, min(start + batch, count)):
            iid = str(uuid.UUID(int=i + 1))
            created = base + timedelta(seconds=i)
            inst_rows.append(dict(id=iid, definition_id=definition_id, process_id="seq30", version=1,
                                  state="running", workflow_state=None, state_sha256="", id_counter=0,
                                  started_at=created, started_by="staf", event_count=0, last_hash="", row_version=1))
            task_rows.append(dict(id=str(uuid.UUID(int=10**12 + i)), instance_id=iid, process_id="seq30", version=1,
                                  element_id="t1", name="Langkah 1", lane="STAF", role=roles[i % len(roles)],
                                  state="ready", assignee=None, created_at=created,
                                  due_at=created + timedelta(hours=1 + (i % 48)), overdue=False))
        with engine.db.transaction() as session:
            session.execute(insert(Instance), inst_rows)
            session.execute(insert(Task), task_rows)


def reset_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    sql = create_engine(url)
    with sql.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    sql.dispose()


def measure_tasklist(url: str, processes: Path, forms: Path, open_instances: int, rounds: int) -> dict[str, Any]:
    """p50/p95 of one page of a role's task list plus its count, per round, as medians over rounds."""
    if url.startswith("postgresql"):
        reset_database(url)
    engine = Engine(Settings(database_url=url, processes_dir=processes, forms_dir=forms),
                    clock=FixedClock(datetime(2026, 1, 5, 8, tzinfo=timezone.utc)))
    try:
        engine.init_db()
        engine.deploy()
        engine.add_user("staf", ["staf"], "pw")
        roles = ["staf"] + [f"peran{i}" for i in range(19)]
        bulk_open_tasks(engine, open_instances, roles)
        if not url.startswith("sqlite"):
            from sqlalchemy import text

            # What autovacuum does soon after a bulk load: statistics and the visibility map, so
            # index-only scans need no heap reads.
            with engine.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE tasks"))
                conn.execute(text("VACUUM ANALYZE instances"))
        gc.collect()
        engine.tasks(user="staf", limit=25)  # warm the caches once
        p50s, p95s = [], []
        for _ in range(rounds):
            timings = []
            for page in range(40):
                t0 = time.perf_counter()
                engine.tasks(user="staf", limit=25, offset=(page % 4) * 25)
                engine.count_tasks(user="staf")
                timings.append(time.perf_counter() - t0)
            p50s.append(ms(pct(timings, 0.5)))
            p95s.append(ms(pct(timings, 0.95)))
        return {"p50_ms": spread(p50s), "p95_ms": spread(p95s), "open_tasks_of_role": open_instances // len(roles),
                "open_instances": open_instances}
    finally:
        engine.close()
