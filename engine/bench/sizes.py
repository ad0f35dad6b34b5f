"""Bytes on disk per completed instance, with its full audit history, on SQLite or PostgreSQL.

Each process gets a database of its own; the figure is the growth of its tables with their indexes
(after VACUUM; on SQLite the pages dbstat counts, on PostgreSQL pg_total_relation_size, TOAST included)
over ``count`` instances walked to their end, divided by ``count``, with the share of each table.
Whole pages round a small instance's share of each table up or down by up to a page over ``count``;
``bytes_used`` counts only the bytes in use inside the pages, which that rounding does not blur.
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
            raw.driver_connection.autocommit = False  # the connection goes back to the pool
        else:
            cursor = raw.cursor()
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def table_bytes(engine: Engine) -> dict[str, tuple[int, int]]:
    """Per table with its indexes: (bytes of its pages, bytes in use inside them).

    SQLite: dbstat's pages and their unused space. PostgreSQL: every table is copied with its indexes
    into a scratch schema first, so row versions an open transaction elsewhere on the server keeps alive
    are not counted; then pg_total_relation_size (TOAST included), and, with pgstattuple, the tuples with
    their line pointers plus the filled part of the index leaves.
    """
    from sqlalchemy import text

    with engine.db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            return _pg_table_bytes(conn)
        owner = dict(conn.execute(text("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")).all())
        out: dict[str, tuple[int, int]] = {}
        for name, pages, unused in conn.execute(text("SELECT name, SUM(pgsize), SUM(unused) FROM dbstat GROUP BY name")).all():
            table = owner.get(name, name)
            size, used = out.get(table, (0, 0))
            out[table] = (size + int(pages), used + int(pages) - int(unused))
        return out


def _pg_table_bytes(conn: Any) -> dict[str, tuple[int, int]]:
    from sqlalchemy import text

    tables = conn.execute(text("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE n.nspname = 'public' AND c.relkind = 'r'")).scalars().all()
    conn.execute(text("DROP SCHEMA IF EXISTS bench_sizes CASCADE"))
    conn.execute(text("CREATE SCHEMA bench_sizes"))
    out = {}
    try:
        for table in tables:
            conn.execute(text(f'CREATE TABLE bench_sizes."{table}" (LIKE public."{table}" INCLUDING ALL)'))
            conn.execute(text(f'INSERT INTO bench_sizes."{table}" SELECT * FROM public."{table}"'))
        conn.commit()
        for table in tables:
            oid = conn.execute(text("SELECT CAST(:t AS regclass)::oid::bigint"), {"t": f'bench_sizes."{table}"'}).scalar()
            size = int(conn.execute(text("SELECT pg_total_relation_size(CAST(:oid AS oid))"), {"oid": oid}).scalar())
            out[table] = (size, _pg_used(conn, oid, size))
    finally:
        conn.rollback()
        conn.execute(text("DROP SCHEMA IF EXISTS bench_sizes CASCADE"))
        conn.commit()
    return out


def _pg_used(conn: Any, oid: int, size: int) -> int:
    """Tuples with their line pointers (table and TOAST) plus the filled part of the index leaves."""
    from sqlalchemy import text

    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pgstattuple"))
        toast = conn.execute(text("SELECT reltoastrelid::bigint FROM pg_class WHERE oid = CAST(:oid AS oid)"),
                             {"oid": oid}).scalar()
        used = 0
        for rel in [oid, *([toast] if toast else [])]:
            count, length = conn.execute(text("SELECT tuple_count, tuple_len FROM pgstattuple(CAST(:r AS oid)::regclass)"),
                                         {"r": rel}).one()
            used += int(length) + 4 * int(count)
        indexes = conn.execute(text("SELECT indexrelid::bigint FROM pg_index WHERE indrelid = CAST(:oid AS oid)"),
                               {"oid": oid}).scalars().all()
        for index in indexes:
            leaf, density = conn.execute(text("SELECT leaf_pages, avg_leaf_density FROM pgstatindex(CAST(:r AS oid)::regclass)"),
                                         {"r": index}).one()
            used += int(int(leaf) * 8192 * (float(density) if density == density else 0) / 100)
        return used
    except Exception:  # no pgstattuple: whole pages only  # noqa: BLE001
        return size


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
    from ..demo.instances import walk

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
        empty = (0, 0)

        def grown(part: int) -> dict[str, int]:
            return {t: round((after[t][part] - before.get(t, empty)[part]) / count)
                    for t in sorted(after) if after[t][part] != before.get(t, empty)[part]}

        return {"bytes": sum(grown(0).values()), "bytes_used": sum(grown(1).values()), "instances": count,
                "completed": finished, "by_table": grown(0), "used_by_table": grown(1)}
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
