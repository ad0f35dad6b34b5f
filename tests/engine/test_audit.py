"""The hash chain and replay catch every kind of tampering, and say where."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from engine.audit import eventcodec
from engine.store.models import Attachment, Event, Instance

from .helpers import open_task


def _walk(engine, with_attachment=False) -> str:
    inst = engine.start("fx_review", actor="petugas")
    data = {"nomor_surat": "B/1"}
    if with_attachment:
        data["lampiran"] = engine.attach(b"%PDF-1.4 signed", actor="petugas", filename="s.pdf").ref
    engine.complete(open_task(engine, inst.id, "fx_draft").id, actor="petugas", data=data)
    engine.complete(open_task(engine, inst.id, "fx_review_task").id, actor="kepala", data={"keputusan": "revisi"})
    engine.complete(open_task(engine, inst.id, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/2"})
    return inst.id


def _sql(engine, statement):
    with engine.db.transaction() as session:
        session.execute(statement)


def test_untouched_history_verifies(fx_engine):
    inst = _walk(fx_engine)
    [result] = fx_engine.verify(inst)
    assert result.ok and result.events == len(fx_engine.history(inst))


def test_changed_payload_is_found(fx_engine):
    inst = _walk(fx_engine)
    target = next(e for e in fx_engine.history(inst) if e.type == "task_completed")
    tampered = dict(target.payload, data={"nomor_surat": "B/999"})
    _sql(fx_engine, update(Event).where(Event.instance_id == inst, Event.seq == target.seq)
         .values(payload=eventcodec.pack_payload("task_completed", tampered)))
    [result] = fx_engine.verify(inst)
    assert not result.ok and result.first_bad_seq == target.seq
    assert "altered" in result.problem


def test_rehashed_forgery_is_found_by_replay(fx_engine):
    """Someone who recomputes every hash after changing data is still caught: replay disagrees."""
    from engine.audit import log as audit

    inst = _walk(fx_engine)
    with fx_engine.db.transaction() as session:
        events = session.scalars(select(Event).where(Event.instance_id == inst).order_by(Event.seq)).all()
        prev = ""
        for event in events:
            payload = eventcodec.unpack_payload(event.type, event.payload)
            if event.type == "task_completed" and payload["data"].get("keputusan") == "revisi":
                payload["data"]["keputusan"] = "setuju"
                forged_seq = event.seq
            event.payload = eventcodec.pack_payload(event.type, payload)
            prev = audit.event_hash(prev, event.instance_id, event.seq, event.type, event.actor, event.at,
                                    audit.canonical_json(payload))
            event.hash = bytes.fromhex(prev)
        session.execute(update(Instance).where(Instance.id == inst).values(last_hash=prev))
    [result] = fx_engine.verify(inst)
    assert not result.ok and result.first_bad_seq == forged_seq  # its recorded state hash disagrees


def test_deleted_event_is_found(fx_engine):
    inst = _walk(fx_engine)
    _sql(fx_engine, delete(Event).where(Event.instance_id == inst, Event.seq == 4))
    [result] = fx_engine.verify(inst)
    assert not result.ok and result.first_bad_seq == 4


def test_swapped_events_are_found(fx_engine):
    inst = _walk(fx_engine)
    with fx_engine.db.transaction() as session:
        a, b = session.scalars(select(Event).where(Event.instance_id == inst, Event.seq.in_([3, 4]))
                               .order_by(Event.seq)).all()
        a.seq, b.seq = -1, -2
        session.flush()
        a.seq, b.seq = 4, 3
    [result] = fx_engine.verify(inst)
    assert not result.ok and result.first_bad_seq == 3


def test_changed_attachment_is_found(fx_engine):
    inst = _walk(fx_engine, with_attachment=True)
    _sql(fx_engine, update(Attachment).values(content=b"%PDF-1.4 forged"))
    [result] = fx_engine.verify(inst)
    assert not result.ok and "attachment" in result.problem
    completed = next(e for e in fx_engine.history(inst) if e.type == "task_completed")
    assert result.first_bad_seq == completed.seq


def test_changed_saved_state_is_found(fx_engine):
    inst = _walk(fx_engine)
    _sql(fx_engine, update(Instance).where(Instance.id == inst).values(state_sha256="0" * 64))
    [result] = fx_engine.verify(inst)
    assert not result.ok and "state" in result.problem


def test_verify_all_reports_each_instance(fx_engine):
    good, bad = _walk(fx_engine), _walk(fx_engine)
    _sql(fx_engine, delete(Event).where(Event.instance_id == bad, Event.seq == 2))
    results = {r.instance_id: r for r in fx_engine.verify()}
    assert results[good].ok and not results[bad].ok


def test_replay_frames_follow_the_instance(fx_engine):
    inst = _walk(fx_engine)
    frames = fx_engine.replay_frames(inst)
    assert [f.seq for f in frames] == [e.seq for e in fx_engine.history(inst)]
    assert frames[1].active == ["fx_draft"]
    after_review = next(f for f in frames if f.type == "gateway_taken")
    assert after_review.data["keputusan"] == "revisi"
    assert frames[-1].active == ["fx_review_task"]
    assert "fx_draft" in frames[-1].completed


def test_history_view_explains_each_event(fx_engine, clock):
    inst = fx_engine.start("fx_review", actor="petugas")
    draft = open_task(fx_engine, inst.id, "fx_draft")
    fx_engine.delegate(draft.id, actor="petugas", to="petugas2", reason="dinas luar")
    clock.advance(hours=2)
    fx_engine.complete(draft.id, actor="petugas2", data={"nomor_surat": "B/1"})
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_review_task").id, actor="kepala", data={"keputusan": "revisi"})
    clock.advance(minutes=30)
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/2"})
    view = fx_engine.history_view(inst.id)
    completed = [r for r in view if r["type"] == "task_completed"]
    assert completed[0]["entitled_by"] == "delegasi dari petugas"
    assert completed[0]["duration_hours"] == 2.0 and completed[0]["overdue"] is True
    assert completed[0]["time_standard"] == "PT1H" and completed[0]["element_name"] == "Membuat konsep"
    assert completed[1]["entitled_by"] == "kepala"
    assert completed[2]["diff"] == [{"field": "nomor_surat", "before": "B/1", "after": "B/2", "changed": True}]
    assert completed[2]["overdue"] is False
    assert view[0]["entitled_by"] == "petugas"
