"""The search text kept step by step holds every value entered in the instance (its log is the proof)."""

from __future__ import annotations

from engine.audit import log as audit
from engine.definitions import titles
from engine.demo.instances import walk
from engine.store.models import Instance


def test_step_by_step_search_text_holds_every_entered_value(sop_engine, clock):
    engine = sop_engine
    process = next(p for p in engine.processes() if p.id == "sop07")
    inst = engine.start("sop07", actor=process.start_roles[0], data={})
    walk(engine, inst.id, {"keputusan": "setuju", "rencana_selesai": False},
         between=lambda: clock.advance(hours=1), max_steps=12)

    with engine.db.reading() as session:
        kept = session.get(Instance, inst.id).search_text
        entered = set()
        for logged in audit.payloads_of(session, inst.id, ("instance_started", "task_completed")):
            entered |= {t.strip().lower() for t in titles._flatten(logged.payload.get("data")) if t.strip()}
    assert entered, "the walk entered nothing"
    missing = [v for v in entered if v not in kept]
    assert missing == [] or len(kept) >= titles.MAX_SEARCH, missing
