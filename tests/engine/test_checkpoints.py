"""Signed checkpoints catch what the hash chain cannot: a rewrite that recomputes every hash."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select, update

from engine.audit import checkpoints, eventcodec
from engine.audit import log as audit
from engine.cli import main
from engine.store.models import Checkpoint, Event, Instance

from ..conftest import DATA
from .helpers import open_task


@pytest.fixture
def key_env(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.pem"
    public = checkpoints.new_key_file(path)
    assert (path.stat().st_mode & 0o777) == 0o600
    monkeypatch.setenv("SOPFLOW_CHECKPOINT_KEY_FILE", str(path))
    return {"SOPFLOW_CHECKPOINT_KEY_FILE": str(path), "public": public}


def _claimed_and_released(engine) -> str:
    inst = engine.start("fx_review", actor="petugas").id
    task = open_task(engine, inst, "fx_draft")
    engine.claim(task.id, actor="petugas")
    engine.unclaim(task.id, actor="petugas", reason="salah ambil")
    return inst


def _rehash(engine, instance_id: str, change) -> None:
    """What a database administrator could do: change events, then recompute every hash consistently."""
    with engine.db.transaction() as session:
        events = session.scalars(select(Event).where(Event.instance_id == instance_id).order_by(Event.seq)).all()
        prev = ""
        for event in events:
            change(event)
            prev = audit.event_hash(prev, event.instance_id, event.seq, event.type, event.actor, event.at,
                                    audit.canonical_json(eventcodec.unpack_payload(event.type, event.payload)))
            event.hash = bytes.fromhex(prev)
        session.execute(update(Instance).where(Instance.id == instance_id).values(last_hash=prev))


def test_a_consistent_rehashed_forgery_is_detected(fx_engine, key_env):
    forged = _claimed_and_released(fx_engine)
    other = _claimed_and_released(fx_engine)
    made = checkpoints.create(fx_engine.db, checkpoints.private_key(key_env), fx_engine.clock.now())
    assert checkpoints.check_latest(fx_engine.db, key_env).ok

    def blame_someone_else(event):
        if event.type == "task_claimed":
            event.actor = "petugas2"

    _rehash(fx_engine, forged, blame_someone_else)
    # The chain and replay alone are satisfied by this forgery...
    assert all(r.ok for r in fx_engine.verify())
    # ...the signed checkpoint is not.
    report = checkpoints.check_latest(fx_engine.db, key_env)
    assert not report.ok and set(report.changed) == {forged} and report.checkpoint_id == made["id"]
    assert other not in report.changed


def test_truncation_deletion_and_a_foreign_signature_are_detected(fx_engine, key_env, tmp_path):
    cut = _claimed_and_released(fx_engine)
    gone = _claimed_and_released(fx_engine)
    checkpoints.create(fx_engine.db, checkpoints.private_key(key_env), fx_engine.clock.now())
    with fx_engine.db.transaction() as session:
        last, before = session.scalars(select(Event).where(Event.instance_id == cut).order_by(Event.seq.desc())
                                       .limit(2)).all()
        session.execute(update(Instance).where(Instance.id == cut)
                        .values(event_count=last.seq - 1, last_hash=before.hash.hex()))
        session.delete(last)
        session.execute(delete(Event).where(Event.instance_id == gone))
        session.execute(delete(Instance).where(Instance.id == gone))
    report = checkpoints.check_latest(fx_engine.db, key_env)
    assert set(report.changed) == {cut, gone}
    # A checkpoint re-signed by someone without the key does not verify.
    intruder = tmp_path / "intruder.pem"
    checkpoints.new_key_file(intruder)
    forged = checkpoints.create(fx_engine.db, checkpoints.private_key({"SOPFLOW_CHECKPOINT_KEY_FILE": str(intruder)}),
                                fx_engine.clock.now())
    assert forged["public_key"] != key_env["public"]
    report = checkpoints.check_latest(fx_engine.db, key_env)
    assert not report.ok and not report.signature_ok
    verify_only = {"SOPFLOW_CHECKPOINT_PUBLIC_KEY": key_env["public"]}
    assert not checkpoints.check_latest(fx_engine.db, verify_only).signature_ok


def test_timer_worker_writes_checkpoints_at_intervals(fx_engine, key_env):
    fx_engine.start("fx_review", actor="petugas")
    ticks = iter([0.0, 10.0, 3601.0, 3700.0])
    sweep = checkpoints.periodic(fx_engine.db, fx_engine.clock.now, lambda: [],
                                 {**key_env, "SOPFLOW_CHECKPOINT_INTERVAL": "3600"}, monotonic=lambda: next(ticks))
    for _ in range(3):
        sweep()
    with fx_engine.db.reading() as session:
        assert len(session.scalars(select(Checkpoint)).all()) == 2


@pytest.fixture
def cli(database_url, monkeypatch):
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(DATA / "processes"))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(DATA / "forms"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["init"]) == 0 and main(["deploy"]) == 0
    return lambda *argv: main(list(argv))


def test_checkpoint_and_verify_from_the_command_line(cli, capsys, key_env, tmp_path, database_url):
    from engine import Engine, Settings

    engine = Engine(Settings(database_url=database_url, processes_dir=DATA / "processes", forms_dir=DATA / "forms"))
    engine.add_user("petugas", ["petugas"], "pw")
    inst = _claimed_and_released(engine)
    capsys.readouterr()
    assert cli("checkpoint", "--json") == 0
    made = json.loads(capsys.readouterr().out)
    assert json.loads(made["body"])["heads"][inst][0] == 4 and made["public_key"] == key_env["public"]
    assert cli("checkpoint", "--export", str(tmp_path / "cp.json")) == 0
    assert cli("verify", "--all") == 0
    _rehash(engine, inst, lambda e: setattr(e, "actor", "petugas2") if e.type == "task_claimed" else None)
    capsys.readouterr()
    assert cli("verify", "--all", "--json") == 1
    [result] = json.loads(capsys.readouterr().out)
    assert result["instance_id"] == inst and not result["ok"] and "since checkpoint" in result["problem"]
    with engine.db.transaction() as session:  # hiding the evidence in the database does not help
        session.execute(delete(Checkpoint))
    assert cli("verify", "--all", "--checkpoint", str(tmp_path / "cp.json")) == 1
    assert inst in capsys.readouterr().out
    engine.close()


def test_deactivate_from_the_command_line_ends_sessions(cli, capsys, database_url):
    from engine import Engine, Settings

    engine = Engine(Settings(database_url=database_url, processes_dir=DATA / "processes", forms_dir=DATA / "forms"))
    engine.add_user("petugas", ["petugas"], "pw")
    token = engine.sessions.open("petugas")
    assert engine.sessions.username(token) == "petugas"
    assert cli("deactivate", "petugas") == 0
    assert engine.sessions.username(token) is None and engine.authenticate("petugas", "pw") is None
    assert cli("activate", "petugas") == 0 and engine.authenticate("petugas", "pw") is not None
    assert engine.sessions.username(token) is None  # ended sessions stay ended
    assert cli("deactivate", "nobody") == 1
    engine.close()
