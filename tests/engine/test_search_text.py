"""The search text kept step by step finds exactly what a rebuild from the whole log finds."""

from __future__ import annotations

from engine import titles
from engine.demo import walk
from engine.store.models import Instance


def test_step_by_step_search_text_holds_every_entered_value_of_a_full_rebuild(sop_engine, clock):
    engine = sop_engine
    process = next(p for p in engine.processes() if p.id == "sop07")
    inst = engine.start("sop07", actor=process.start_roles[0], data={})
    walk(engine, inst.id, {"keputusan": "setuju", "jenis_kejadian": "konflik_sosial", "konflik_pecah": True},
         between=lambda: clock.advance(hours=1), max_steps=12)

    with engine.db.transaction() as session:
        row = session.get(Instance, inst.id)
        kept, kept_title = row.search_text, row.title
        titles.refresh(session, row, engine.definitions.get(session, row.definition_id).title_template)
        rebuilt, rebuilt_title = row.search_text, row.title
        session.rollback()

    assert kept_title == rebuilt_title
    assert kept.split("\n", 1)[0] == rebuilt.split("\n", 1)[0]
    values = [w for w in rebuilt.split("\n", 1)[1].split(" ") if w]
    assert values, rebuilt
    assert [w for w in values if w not in kept] == []
    assert all(w in rebuilt for w in kept.split("\n", 1)[1].split(" ") if w)
