"""Schema migrations and the database connection."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from engine import Engine, Settings
from engine.store.models import Base


def test_init_is_idempotent_and_matches_models(database_url, tmp_path):
    engine = Engine(Settings(database_url=database_url))
    engine.init_db()
    engine.init_db()
    with engine.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.close()


def test_sqlite_file_is_created_with_its_folder(tmp_path):
    url = f"sqlite:///{tmp_path / 'nested' / 'dir' / 'sopflow.db'}"
    engine = Engine(Settings(database_url=url))
    engine.init_db()
    assert (tmp_path / "nested" / "dir" / "sopflow.db").exists()
    engine.close()


def test_compact_events_migrate_down_and_up_and_still_verify(fx_engine, clock):
    """Downgrade unpacks sealed histories into rows with hex hashes and prev_hash; upgrade packs them again."""
    from alembic import command
    from sqlalchemy import text

    from engine.audit import log as audit
    from engine.store.migrate import alembic_config

    from .helpers import open_task

    done = fx_engine.start("fx_review", actor="petugas").id
    fx_engine.complete(open_task(fx_engine, done, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/1"})
    clock.advance(minutes=5)
    fx_engine.complete(open_task(fx_engine, done, "fx_review_task").id, actor="kepala", data={"keputusan": "setuju"})
    running = fx_engine.start("fx_review", actor="petugas").id
    history = {i: fx_engine.history(i) for i in (done, running)}
    config = alembic_config(fx_engine.db.engine)
    command.downgrade(config, "units_deployments")
    with fx_engine.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT instance_id, seq, payload, prev_hash, hash FROM events ORDER BY instance_id, seq")).all()
    for instance_id, events in history.items():
        old = [r for r in rows if r.instance_id == instance_id]
        assert [(r.seq, r.prev_hash, r.hash) for r in old] == [(e.seq, e.prev_hash, e.hash) for e in events]
        assert [r.payload for r in old] == [audit.canonical_json(e.payload) for e in events]
    command.upgrade(config, "head")
    assert fx_engine.seal_completed() == 1
    for instance_id, events in history.items():
        assert fx_engine.history(instance_id) == events
        [result] = fx_engine.verify(instance_id)
        assert result.ok, result.problem
