"""History in bulk for the national benchmark: template instances copied set-based, inside PostgreSQL.

Each batch is a few ``INSERT … SELECT`` statements over ``generate_series`` (instances, their tasks, their
events, the completed template's sealed history and what indexes it), so nothing crosses the wire per row. Column lists are read from the database, so a column added to
a table is copied from the template as it is; only the columns that make a copy a different case (its id,
village, times) are rewritten.

A large fill first drops the secondary indexes, unique constraints and foreign keys of the three tables and
builds them again at the end: one sort per index instead of millions of random b-tree inserts and per-row
foreign-key lookups. A primary key another table's foreign key depends on stays.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine, text

TABLES = ("instances", "tasks", "events")
#: a completed instance's history sealed into one segment, and what indexes it (copied per segment)
SEALED = (("sealed_tasks", "task_key"), ("sealed_parties", "username"), ("sealed_attachments", "sha256"))
#: below this many copies the indexes stay: dropping and rebuilding them would cost more than it saves
REBUILD_FROM = 50_000
UNIT_COLUMN = {"desa": "village", "polsek": "polsek", "polres": "polres"}


def _columns(conn, table: str) -> list[str]:
    return list(conn.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = :t AND (column_default IS NULL OR column_default NOT LIKE 'nextval(%') "
        "AND is_identity = 'NO' ORDER BY ordinal_position"), {"t": table}).scalars())


def _shift(alias: str, column: str) -> str:
    """The template's time moved by the copy's start: same distance from the start as in the template."""
    return f"m.started + ({alias}.{column} - i.started_at)"


def _insert_sql(conn, held_in: dict[str, str]) -> list[str]:
    cases = " ".join(f"WHEN '{role}' THEN m.{UNIT_COLUMN[kind]}" for role, kind in sorted(held_in.items())
                     if kind in UNIT_COLUMN)
    rewrite = {
        "instances": {"id": "m.new_id", "started_at": "m.started",
                      "ended_at": "m.started + (t.ended_at - t.started_at)", "next_timer_due": "NULL",
                      "row_version": "1", "unit_code": "m.village", "unit_path": "m.vpath"},
        "tasks": {"id": "gen_random_uuid()::text", "instance_id": "m.new_id", "created_at": _shift("t", "created_at"),
                  "due_at": _shift("t", "due_at"), "completed_at": _shift("t", "completed_at"),
                  "unit_code": f"CASE t.role {cases} ELSE NULL END" if cases else "t.unit_code"},
        "events": {"instance_id": "m.new_id", "at": _shift("t", "at")},
    }
    # The templates' rows are read from small copies (tpl_*): joining the real tables would make PostgreSQL
    # scan them whole for every batch, which grows with the very rows the fill adds.
    source = {"instances": "FROM m JOIN tpl_instances t ON t.id = m.tid",
              "tasks": "FROM m JOIN tpl_tasks t ON t.instance_id = m.tid JOIN tpl_instances i ON i.id = m.tid",
              "events": "FROM m JOIN tpl_events t ON t.instance_id = m.tid JOIN tpl_instances i ON i.id = m.tid"}
    out = []
    for table in TABLES:
        cols = _columns(conn, table)
        values = ", ".join(rewrite[table].get(c, f"t.{c}") for c in cols)
        out.append(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {values} {source[table]}")
    # The completed template's history is sealed: its segment is copied, then what points into it
    out.append("INSERT INTO event_segments (instance_id, event_count, head, body) "
               "SELECT m.new_id, s.event_count, s.head, s.body FROM m JOIN tpl_event_segments s ON s.instance_id = m.tid")
    for table, column in SEALED:
        out.append(f"INSERT INTO {table} ({column}, segment_id) SELECT x.{column}, ns.id "
                   f"FROM m JOIN tpl_event_segments os ON os.instance_id = m.tid "
                   f"JOIN event_segments ns ON ns.instance_id = m.new_id "
                   f"JOIN tpl_{table} x ON x.segment_id = os.id")
    return out


def _constraints(conn) -> list[tuple[str, str, str, str]]:
    """(table, name, kind, definition) of what a large fill drops; kind 'index' or a pg_constraint type."""
    found = []
    for table in TABLES:
        rows = conn.execute(text("""
            SELECT c.conname, c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c
            WHERE c.conrelid = CAST(:t AS regclass) AND c.contype IN ('p', 'u', 'f')
              AND NOT (c.contype IN ('p', 'u') AND EXISTS (
                  SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid))
            ORDER BY c.conname"""), {"t": table}).all()
        found += [(table, name, kind, definition) for name, kind, definition in rows]
        indexes = conn.execute(text("""
            SELECT x.indexrelid::regclass::text, pg_get_indexdef(x.indexrelid) FROM pg_index x
            WHERE x.indrelid = CAST(:t AS regclass)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY 1"""), {"t": table}).all()
        found += [(table, name, "index", definition) for name, definition in indexes]
    return found


@contextmanager
def indexes_rebuilt(sql: Engine) -> Iterator[dict[str, float]]:
    """Drop the three tables' secondary indexes and constraints for the block, build them again after it."""
    timing: dict[str, float] = {}
    with sql.begin() as conn:
        dropped = _constraints(conn)
        for table, name, kind, _ in dropped:
            if kind == "index":
                conn.execute(text(f'DROP INDEX "{name}"'))
            else:
                conn.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    try:
        yield timing
    finally:
        t0 = time.perf_counter()
        order = {"p": 0, "u": 1, "index": 2, "f": 3}  # a foreign key needs the key it points at
        for table, name, kind, definition in sorted(dropped, key=lambda d: order[d[2]]):
            with sql.begin() as conn:
                conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
                if kind == "index":
                    conn.execute(text(definition))
                else:
                    conn.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
        timing["index_rebuild_seconds"] = round(time.perf_counter() - t0, 1)


def clone(sql: Engine, count: int, done_id: str, open_ids: tuple[str, str], held_in: dict[str, str],
          villages: int, batch: int = 50_000, running: float = 0.1) -> dict[str, float]:
    """Copy the template instances ``count`` times into random villages at random times of the past year:
    a share ``running`` still open (half waiting for the Kasat, half for the Bhabinkamtibmas), the rest
    completed. Returns the seconds taken and instances per second (index rebuild included), then the
    seconds of the vacuum after it."""
    t0 = time.perf_counter()
    timing: dict[str, float] = {}
    if count <= 0:
        return {"seconds": 0.0, "instances_per_second": 0.0}
    with sql.connect() as conn:
        statements = _insert_sql(conn, held_in)
    with (indexes_rebuilt(sql) if count >= REBUILD_FROM else _nothing()) as timing, sql.connect() as conn:
        conn.execute(text("SET jit = off"))  # compiling each batch's plan costs more than it saves
        templates = {"ids": [done_id, *open_ids]}
        for table, key in (("instances", "id"), ("tasks", "instance_id"), ("events", "instance_id")):
            conn.execute(text(f"DROP TABLE IF EXISTS tpl_{table}"))
            conn.execute(text(f"CREATE TEMP TABLE tpl_{table} AS SELECT * FROM {table} WHERE {key} = ANY(:ids)"),
                         templates)
            conn.execute(text(f"ANALYZE tpl_{table}"))
        conn.execute(text("DROP TABLE IF EXISTS tpl_event_segments"))
        conn.execute(text("CREATE TEMP TABLE tpl_event_segments AS SELECT * FROM event_segments "
                          "WHERE instance_id = ANY(:ids)"), templates)
        for table, _ in SEALED:
            conn.execute(text(f"DROP TABLE IF EXISTS tpl_{table}"))
            conn.execute(text(f"CREATE TEMP TABLE tpl_{table} AS SELECT x.* FROM {table} x "
                              f"JOIN tpl_event_segments s ON s.id = x.segment_id"))
        conn.commit()
        left = count
        while left > 0:
            n = min(batch, left)
            left -= n
            conn.execute(text("SET LOCAL synchronous_commit = off"))
            conn.execute(text("DROP TABLE IF EXISTS m"))
            conn.execute(text(f"""
                CREATE TEMP TABLE m ON COMMIT DROP AS
                SELECT gen_random_uuid()::text AS new_id,
                       CASE WHEN r < :running / 2 THEN :open_a WHEN r < :running THEN :open_b
                            ELSE :done_id END AS tid,
                       u.code AS village, u.path AS vpath, split_part(u.path, '/', 5) AS polsek,
                       split_part(u.path, '/', 4) AS polres,
                       now() - random() * interval '365 days' AS started
                FROM (SELECT 'DS' || lpad(floor(random() * {int(villages)})::int::text, 5, '0') AS code,
                             random() AS r
                      FROM generate_series(1, :n)) g JOIN units u ON u.code = g.code"""),
                         {"n": n, "open_a": open_ids[0], "open_b": open_ids[1], "done_id": done_id,
                          "running": running})
            conn.execute(text("ANALYZE m"))
            for statement in statements:
                conn.execute(text(statement))
            conn.commit()
    seconds = time.perf_counter() - t0
    # Freshly copied rows have no hint bits and no visibility map yet: the first reads would write every page
    # they touch and index-only scans would visit the heap. Autovacuum settles that in a live system.
    t1 = time.perf_counter()
    with sql.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in (*TABLES, "event_segments", *(name for name, _ in SEALED)):
            conn.execute(text(f"VACUUM (ANALYZE) {table}"))
    return {"seconds": round(seconds, 1), "instances_per_second": round(count / seconds) if seconds else 0.0,
            **timing, "vacuum_seconds": round(time.perf_counter() - t1, 1)}


@contextmanager
def _nothing() -> Iterator[dict[str, float]]:
    yield {}
