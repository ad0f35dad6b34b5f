"""Bytes on disk per completed instance, with its full audit history, on SQLite or PostgreSQL.

Each process gets a database of its own; the figure is the growth of its tables with their indexes
(after VACUUM; on SQLite the pages dbstat counts, on PostgreSQL pg_total_relation_size, TOAST included)
over ``count`` instances walked to their end, divided by ``count``, with the share of each table.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..clock import FixedClock
from ..config import Settings
from ..core import Engine
from .processes import workspace

ROOT = Path(__file__).resolve().parent.parent.parent
SOP_CHOICES = {"sop03": {"keputusan": "setuju"},
               "sop07": {"keputusan": "setuju", "jenis_kejadian": "konflik_sosial", "konflik_pecah": True}}


def vacuum(engine: Engine) -> None:
    raw = engine.db.engine.raw_connection()  # outside SQLAlchemy's transaction: both need autocommit
    try:
        if engine.db.engine.dialect.name == "postgresql":
            raw.driver_connection.autocommit = True
            cursor = raw.cursor()
            cursor.execute("VACUUM FULL")
        else:
            cursor = raw.cursor()
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def table_bytes(engine: Engine) -> dict[str, int]:
    """Bytes each table takes with its indexes: pages in use on SQLite (dbstat), whole relations on PostgreSQL."""
    from sqlalchemy import text

    with engine.db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            rows = conn.execute(text("SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                                     "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).all()
            return {name: int(size) for name, size in rows}
        owner = dict(conn.execute(text("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")).all())
        out: dict[str, int] = {}
        for name, used in conn.execute(text("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")).all():
            table = owner.get(name, name)
            out[table] = out.get(table, 0) + int(used)
        return out


def _engine(url: str, processes: Path, forms: Path) -> tuple[Engine, FixedClock]:
    clock = FixedClock(datetime(2026, 1, 5, 8, tzinfo=timezone.utc))
    if url.startswith("postgresql"):
        from .tasklist import reset_database

        reset_database(url)
    engine = Engine(Settings(database_url=url, processes_dir=processes, forms_dir=forms), clock=clock)
    engine.init_db()
    engine.deploy()
    for role in engine.roles():
        engine.add_user(role.code, [role.code], "pw")
    return engine, clock


def _bytes_per_instance(url: str, processes: Path, forms: Path, process_id: str, count: int,
                        choices: dict[str, Any]) -> dict[str, Any]:
    from ..demo import walk

    engine, clock = _engine(url, processes, forms)
    try:
        vacuum(engine)
        before = table_bytes(engine)
        finished = 0
        for _ in range(count):
            start_role = next(p for p in engine.processes() if p.id == process_id).start_roles[0]
            inst = engine.start(process_id, actor=start_role, data={})
            walk(engine, inst.id, choices, between=lambda: clock.advance(minutes=20), max_steps=400)
            finished += engine.instance(inst.id).state == "completed"
        vacuum(engine)
        after = table_bytes(engine)
        grown = {t: round((after.get(t, 0) - before.get(t, 0)) / count)
                 for t in sorted(after) if after.get(t, 0) != before.get(t, 0)}
        return {"bytes": round((sum(after.values()) - sum(before.values())) / count), "instances": count,
                "completed": finished, "by_table": grown}
    finally:
        engine.close()


def measure_sizes(root: Path, count: int, pg_url: str | None = None) -> dict[str, Any]:
    """Bytes per completed instance (its tables and their indexes), per process; on ``pg_url`` when given."""
    settings = workspace_settings(root)

    def url(name: str) -> str:
        return pg_url or f"sqlite:///{root / f'size-{name}.db'}"

    out = {}
    for name, pid in (("seq30_timers", "seq30"), ("seq30_no_timers", "seq30n")):
        out[name] = _bytes_per_instance(url(pid), settings.processes_dir, settings.forms_dir,
                                        pid, count, {"lanjut": True})
    for pid, choices in SOP_CHOICES.items():
        out[pid] = _bytes_per_instance(url(pid), ROOT / "processes", ROOT / "forms", pid,
                                       max(2, count // 2), choices)
    return out


def workspace_settings(root: Path) -> Settings:
    if not (root / "processes").exists():
        return workspace(root)
    return Settings(database_url=f"sqlite:///{root / 'bench.db'}", processes_dir=root / "processes",
                    forms_dir=root / "forms")
