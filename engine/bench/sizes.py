"""Bytes on disk per completed instance, with its full audit history, on SQLite.

Each process gets a database file of its own; the figure is the growth of the file (after VACUUM)
over ``count`` instances walked to their end, divided by ``count``.
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
        cursor = raw.cursor()
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def _engine(db_file: Path, processes: Path, forms: Path) -> tuple[Engine, FixedClock]:
    clock = FixedClock(datetime(2026, 1, 5, 8, tzinfo=timezone.utc))
    engine = Engine(Settings(database_url=f"sqlite:///{db_file}", processes_dir=processes, forms_dir=forms),
                    clock=clock)
    engine.init_db()
    engine.deploy()
    for role in engine.roles():
        engine.add_user(role.code, [role.code], "pw")
    return engine, clock


def _bytes_per_instance(db_file: Path, processes: Path, forms: Path, process_id: str, count: int,
                        choices: dict[str, Any]) -> dict[str, Any]:
    from ..demo.instances import walk

    engine, clock = _engine(db_file, processes, forms)
    try:
        vacuum(engine)
        before = db_file.stat().st_size
        finished = 0
        for _ in range(count):
            start_role = next(p for p in engine.processes() if p.id == process_id).start_roles[0]
            inst = engine.start(process_id, actor=start_role, data={})
            walk(engine, inst.id, choices, between=lambda: clock.advance(minutes=20), max_steps=400)
            finished += engine.instance(inst.id).state == "completed"
        vacuum(engine)
        return {"bytes": int((db_file.stat().st_size - before) / count), "instances": count, "completed": finished}
    finally:
        engine.close()


def measure_sizes(root: Path, count: int) -> dict[str, Any]:
    settings = workspace_settings(root)
    out = {}
    for name, pid in (("seq30_timers", "seq30"), ("seq30_no_timers", "seq30n")):
        out[name] = _bytes_per_instance(root / f"size-{pid}.db", settings.processes_dir, settings.forms_dir,
                                        pid, count, {"lanjut": True})
    for pid, choices in SOP_CHOICES.items():
        out[pid] = _bytes_per_instance(root / f"size-{pid}.db", ROOT / "processes", ROOT / "forms", pid,
                                       max(2, count // 4), choices)
    return out


def workspace_settings(root: Path) -> Settings:
    if not (root / "processes").exists():
        return workspace(root)
    return Settings(database_url=f"sqlite:///{root / 'bench.db'}", processes_dir=root / "processes",
                    forms_dir=root / "forms")
