"""A completed instance's sealed history: everything still reads from it, and any change to it is found."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from engine import Conflict
from engine.audit import checkpoints, eventcodec
from engine.audit import log as audit
from engine.store.models import Event, EventSegment, Instance, SealedParty, Task

from .helpers import open_task


def _completed(engine, clock) -> str:
    """fx_review walked to its end through a revision, a claim, a release and a document."""
    inst = engine.start("fx_review", actor="petugas").id
    draft = open_task(engine, inst, "fx_draft")
    engine.claim(draft.id, actor="petugas")
    engine.unclaim(draft.id, actor="petugas", reason="salah ambil")
    ref = engine.attach(b"%PDF-1.4 konsep", actor="petugas", filename="konsep.pdf").ref
    clock.advance(minutes=10)
    engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/1", "lampiran": ref})
    clock.advance(minutes=10)
    engine.complete(open_task(engine, inst, "fx_review_task").id, actor="kepala", data={"keputusan": "revisi"})
    clock.advance(minutes=10)
    engine.complete(open_task(engine, inst, "fx_draft").id, actor="petugas2", data={"nomor_surat": "B/2"})
    clock.advance(minutes=10)
    engine.complete(open_task(engine, inst, "fx_review_task").id, actor="kepala", data={"keputusan": "setuju"})
    assert engine.instance(inst).state == "completed"
    return inst


def _count(engine, model, instance_id) -> int:
    with engine.db.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.instance_id == instance_id))


def _segment(engine, instance_id):
    with engine.db.reading() as session:
        return session.scalars(select(EventSegment).where(EventSegment.instance_id == instance_id)).one()


def _rewrite(engine, instance_id, change, rehash=False) -> None:
    """Unpack the sealed history, change its events, pack it again (optionally with a consistent new head)."""
    segment = _segment(engine, instance_id)
    events = change(eventcodec.unpack_segment(segment.body))
    values = {"body": eventcodec.pack_segment(events), "event_count": len(events)}
    if rehash:
        prev = ""
        for seq, (type_, actor, at, payload) in enumerate(events, start=1):
            prev = audit.event_hash(prev, instance_id, seq, type_, actor, at, audit.canonical_json(payload))
        values["head"] = bytes.fromhex(prev)
    with engine.db.transaction() as session:
        session.execute(update(EventSegment).where(EventSegment.instance_id == instance_id).values(**values))
        if rehash:
            session.execute(update(Instance).where(Instance.id == instance_id)
                            .values(last_hash=values["head"].hex(), event_count=len(events)))


def test_completion_seals_the_history_and_everything_reads_from_it(fx_engine, clock):
    inst = _completed(fx_engine, clock)
    assert _count(fx_engine, Event, inst) == 0 and _count(fx_engine, Task, inst) == 0
    history = fx_engine.history(inst)
    assert [e.seq for e in history] == list(range(1, len(history) + 1))
    assert history[0].prev_hash == "" and all(b.prev_hash == a.hash for a, b in zip(history, history[1:]))
    with fx_engine.db.reading() as session:
        assert history[-1].hash == session.get(Instance, inst).last_hash
    [result] = fx_engine.verify(inst)
    assert result.ok and result.events == len(history)
    frames = fx_engine.replay_frames(inst)
    assert [f.seq for f in frames] == [e.seq for e in history] and frames[-1].active == []
    tasks = fx_engine.tasks(instance_id=inst, all_states=True)
    assert [(t.element_id, t.state, t.completed_by) for t in tasks] == [
        ("fx_draft", "completed", "petugas"), ("fx_review_task", "completed", "kepala"),
        ("fx_draft", "completed", "petugas2"), ("fx_review_task", "completed", "kepala")]
    assert tasks[0].name == "Membuat konsep" and tasks[0].role == "petugas" and tasks[0].due_at is not None
    detail = fx_engine.task(tasks[0].id)
    assert detail.task.state == "completed" and detail.data["nomor_surat"] == "B/1"
    with pytest.raises(Conflict, match="already completed by kepala"):
        fx_engine.complete(tasks[3].id, actor="kepala", data={"keputusan": "setuju"})
    # who acted keeps seeing the case and its documents
    with fx_engine.db.reading() as session:
        parties = set(session.scalars(select(SealedParty.username)))
    assert parties == {"petugas", "petugas2", "kepala"}
    assert fx_engine.may_view_instance(inst, "petugas2")
    ref = history[next(i for i, e in enumerate(history) if e.type == "task_completed")].payload["data"]["lampiran"]
    assert fx_engine.may_download(ref, "kepala")


def test_events_logged_after_sealing_continue_the_chain(fx_engine, clock):
    inst = _completed(fx_engine, clock)
    with fx_engine.db.transaction() as session:
        from engine.runtime import validate

        audit.append(session, validate.lock_instance(session, inst), "sensitive_read", "auditor", clock.now(),
                     {"fields": ["nomor_surat"]})
    history = fx_engine.history(inst)
    assert history[-1].type == "sensitive_read" and history[-1].prev_hash == history[-2].hash
    [result] = fx_engine.verify(inst)
    assert result.ok, result.problem


@pytest.mark.parametrize("position", [1, 10, -20, -1])
def test_one_changed_byte_of_the_sealed_history_is_found(fx_engine, clock, position):
    inst = _completed(fx_engine, clock)
    body = bytearray(_segment(fx_engine, inst).body)
    body[position] ^= 0x01
    with fx_engine.db.transaction() as session:
        session.execute(update(EventSegment).where(EventSegment.instance_id == inst).values(body=bytes(body)))
    [result] = fx_engine.verify(inst)
    assert not result.ok and "sealed history" in result.problem


def test_reordered_sealed_events_are_found(fx_engine, clock):
    inst = _completed(fx_engine, clock)
    _rewrite(fx_engine, inst, lambda ev: [ev[0], ev[2], ev[1], *ev[3:]])
    [result] = fx_engine.verify(inst)
    assert not result.ok and "sealed history" in result.problem


def test_a_dropped_sealed_event_is_found(fx_engine, clock):
    inst = _completed(fx_engine, clock)
    _rewrite(fx_engine, inst, lambda ev: [e for e in ev if e[0] != "task_claimed"])
    [result] = fx_engine.verify(inst)
    assert not result.ok


def test_a_changed_value_in_the_sealed_history_is_found(fx_engine, clock):
    inst = _completed(fx_engine, clock)

    def forge(events):
        return [(t, a, at, {**p, "data": {**p["data"], "nomor_surat": "B/999"}} if t == "task_completed"
                 and p.get("data", {}).get("nomor_surat") == "B/1" else p) for t, a, at, p in events]

    _rewrite(fx_engine, inst, forge)
    [result] = fx_engine.verify(inst)
    assert not result.ok and "sealed history" in result.problem


def test_a_consistently_rehashed_sealed_forgery_is_found_by_replay_and_by_the_checkpoint(
        fx_engine, clock, tmp_path):
    inst = _completed(fx_engine, clock)
    path = tmp_path / "checkpoint.pem"
    checkpoints.new_key_file(path)
    env = {"SOPFLOW_CHECKPOINT_KEY_FILE": str(path)}
    checkpoints.create(fx_engine.db, checkpoints.private_key(env), clock.now())
    assert checkpoints.check_latest(fx_engine.db, env).ok

    def forge(events):
        return [(t, a, at, {**p, "data": {"keputusan": "setuju"}} if p.get("data") == {"keputusan": "revisi"} else p)
                for t, a, at, p in events]

    _rewrite(fx_engine, inst, forge, rehash=True)
    [result] = fx_engine.verify(inst)
    assert not result.ok  # the chain is consistent, but replay takes another path
    report = checkpoints.check_latest(fx_engine.db, env)
    assert not report.ok and set(report.changed) == {inst}


def test_a_checkpoint_taken_while_running_still_verifies_after_sealing(fx_engine, clock, tmp_path):
    path = tmp_path / "checkpoint.pem"
    checkpoints.new_key_file(path)
    env = {"SOPFLOW_CHECKPOINT_KEY_FILE": str(path)}
    inst = fx_engine.start("fx_review", actor="petugas").id
    fx_engine.complete(open_task(fx_engine, inst, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/1"})
    checkpoints.create(fx_engine.db, checkpoints.private_key(env), clock.now())
    fx_engine.complete(open_task(fx_engine, inst, "fx_review_task").id, actor="kepala", data={"keputusan": "setuju"})
    assert _count(fx_engine, Event, inst) == 0
    assert checkpoints.check_latest(fx_engine.db, env).ok
    body = bytearray(_segment(fx_engine, inst).body)
    body[len(body) // 2] ^= 0x40
    with fx_engine.db.transaction() as session:
        session.execute(update(EventSegment).where(EventSegment.instance_id == inst).values(body=bytes(body)))
    assert set(checkpoints.check_latest(fx_engine.db, env).changed) == {inst}


def test_compact_payloads_give_back_the_same_canonical_json():
    payloads = [("task_ready", {"task_id": "t", "element_id": "e", "due_at": None}),
                ("task_completed", {"task_id": "t", "element_id": "e", "data": {"a": [1, 2.5, "x"]},
                                    "state_sha256": "ab" * 32, "unexpected": {"k": True}}),
                ("instance_completed", {}), ("future_type", {"z": 1, "a": None})]
    for type_, payload in payloads:
        packed = eventcodec.pack_payload(type_, payload)
        assert '"element_id"' not in packed
        assert audit.canonical_json(eventcodec.unpack_payload(type_, packed)) == audit.canonical_json(payload)
    for bad in ("{}", "[]", "[true]", '[3, "t"]', '[1, "t", "extra"]', "not json"):
        with pytest.raises(eventcodec.HistoryUnreadable):
            eventcodec.unpack_payload("task_claimed", bad)


def test_instances_completed_before_sealing_are_sealed_by_the_command(fx_engine, clock, capsys):
    """An instance whose completed history is still in rows (as the migration leaves it) is sealed by `sopflow seal`."""
    from engine.cli import main

    inst = _completed(fx_engine, clock)
    history = fx_engine.history(inst)
    with fx_engine.db.transaction() as session:
        segment = session.scalars(select(EventSegment).where(EventSegment.instance_id == inst)).one()
        for seq, (type_, actor, at, payload) in enumerate(eventcodec.unpack_segment(segment.body), start=1):
            session.add(Event(instance_id=inst, seq=seq, type=type_, actor=actor, at=at,
                              payload=eventcodec.pack_payload(type_, payload),
                              hash=bytes.fromhex(history[seq - 1].hash)))
        session.delete(segment)
    assert _count(fx_engine, Event, inst) == len(history) and fx_engine.verify(inst)[0].ok
    assert fx_engine.seal_completed() == 1
    assert _count(fx_engine, Event, inst) == 0 and fx_engine.history(inst) == history
    assert fx_engine.verify(inst)[0].ok and fx_engine.seal_completed() == 0
    assert main(["seal", "--database-url", fx_engine.settings.database_url, "--json"]) == 0
    assert '"sealed": 0' in capsys.readouterr().out
