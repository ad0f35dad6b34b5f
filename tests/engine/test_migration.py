"""Moving running instances to a new version: the plan, the move, the audit and the timers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine import Conflict, NotAllowed

from ..conftest import copied_fixtures, make_engine
from .helpers import open_task


@pytest.fixture
def versions(database_url, clock, tmp_path):
    processes, forms = copied_fixtures(tmp_path)
    engine = make_engine(database_url, clock, processes, forms)
    engine.deploy()
    for user, roles in (("petugas", ["petugas"]), ("kepala", ["kepala"]), ("analis", ["analyst"])):
        engine.add_user(user, roles, "pw")
    yield engine, tmp_path / "processes" / "fx_review.bpmn"
    engine.close()


def _v2_rename_review(bpmn):
    bpmn.write_text(bpmn.read_text().replace("Memeriksa dan paraf", "Memeriksa, mengoreksi dan paraf"))


def _v3_drop_draft(bpmn):
    text = bpmn.read_text().replace('id="fx_draft"', 'id="fx_konsep"').replace(">fx_draft<", ">fx_konsep<")
    text = text.replace('attachedToRef="fx_draft"', 'attachedToRef="fx_konsep"')
    text = text.replace('targetRef="fx_draft"', 'targetRef="fx_konsep"').replace('sourceRef="fx_draft"', 'sourceRef="fx_konsep"')
    bpmn.write_text(text)


def test_instance_moves_keeps_due_time_and_verifies(versions, clock):
    engine, bpmn = versions
    inst = engine.start("fx_review", actor="petugas")
    due = open_task(engine, inst.id, "fx_draft").due_at
    clock.advance(minutes=20)
    _v2_rename_review(bpmn)
    engine.deploy()
    [entry] = engine.migration_plan("fx_review")
    assert entry["can_migrate"] and entry["to_version"] == 2
    with pytest.raises(NotAllowed):
        engine.migrate(inst.id, 2, actor="petugas")
    dry = engine.migrate_all("fx_review", actor="analis", dry_run=True)
    assert dry[0]["migrated"] is False and engine.instance(inst.id).version == 1
    done = engine.migrate_all("fx_review", actor="analis")
    assert done[0]["migrated"] and engine.instance(inst.id).version == 2
    draft = open_task(engine, inst.id, "fx_draft")
    assert draft.due_at == due  # not restarted from the moment of the move
    assert [e.type for e in engine.history(inst.id)].count("instance_migrated") == 1
    engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/1"})
    assert open_task(engine, inst.id, "fx_review_task").name == "Memeriksa, mengoreksi dan paraf"
    clock.advance(hours=2)
    engine.tick()
    [result] = engine.verify(inst.id)
    assert result.ok, result.problem


def test_instance_past_a_removed_step_cannot_move(versions, clock):
    engine, bpmn = versions
    inst = engine.start("fx_review", actor="petugas")
    engine.complete(open_task(engine, inst.id, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/1"})
    _v3_drop_draft(bpmn)
    engine.deploy()
    [entry] = engine.migration_plan("fx_review")
    assert not entry["can_migrate"] and any("fx_draft" in r for r in entry["reasons"])
    with pytest.raises(Conflict):
        engine.migrate(inst.id, 2, actor="analis")
    assert engine.instance(inst.id).version == 1
    assert engine.verify(inst.id)[0].ok


def test_semantic_diff_of_two_versions(versions):
    engine, bpmn = versions
    text = bpmn.read_text().replace("Memeriksa dan paraf", "Memeriksa, mengoreksi dan paraf")
    text = text.replace(">PT1H<", ">P1D<").replace('keputusan == "setuju"', 'keputusan == "setuju" and True')
    bpmn.write_text(text)
    form = bpmn.parent.parent / "forms" / "fx" / "review.schema.json"
    form.write_text(form.read_text().replace('"catatan_koreksi"', '"catatan"'))
    engine.deploy()
    diff = engine.diff_versions("fx_review", 1, 2)
    changed = {c["id"]: c["changes"] for c in diff["elements"]["changed"]}
    assert changed["fx_review_task"]["name"] == ["Memeriksa dan paraf", "Memeriksa, mengoreksi dan paraf"]
    assert diff["time_standards"] == [{"id": "fx_draft", "from": "PT1H", "to": "P1D"}]
    assert [c["id"] for c in diff["flows"]["changed"]] == ["f_ok"]
    [form_change] = diff["forms"]["changed"]
    assert form_change["fields"] == {"added": ["catatan"], "removed": ["catatan_koreksi"], "changed": []}
    assert not diff["unchanged"] and engine.diff_versions("fx_review", 1, 1)["unchanged"]
