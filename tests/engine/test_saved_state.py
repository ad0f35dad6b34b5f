"""The saved state is written by sopflow's own dict builder and a step may start from the workflow
kept in memory since the last one; both must give exactly what SpiffWorkflow's serializer and a
fresh load give, or replay would no longer match the runtime byte for byte."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from engine import Engine, FixedClock, Settings
from engine.bench.processes import workspace
from engine.demo.instances import walk
from engine.spiff import LIVE
from engine.spiff import run as run_module
from engine.spiff.storage import SERIALIZER, workflow_dict

ROOT = Path(__file__).resolve().parents[2]
CHOICES = {"keputusan": "setuju", "jenis_kejadian": "konflik_sosial", "konflik_pecah": True, "lanjut": True}


@pytest.fixture
def compared(monkeypatch):
    """Every save checks the built dict against the library's, as JSON text; counts the saves."""
    original = run_module.Run.save
    saves = []

    def save(self, settle=True):
        SERIALIZER.registry._encoder_mode = True
        try:
            ours = json.dumps(workflow_dict(self.workflow, {}), cls=SERIALIZER._encoder_cls, separators=(",", ":"))
            theirs = json.dumps(SERIALIZER.to_dict(self.workflow), cls=SERIALIZER._encoder_cls, separators=(",", ":"))
        finally:
            SERIALIZER.registry._encoder_mode = False
        assert ours == theirs
        saves.append(1)
        return original(self, settle)

    monkeypatch.setattr(run_module.Run, "save", save)
    return saves


def _engine(settings: Settings, clock: FixedClock) -> Engine:
    engine = Engine(settings, clock=clock)
    engine.init_db()
    engine.deploy()
    for role in engine.roles():
        engine.add_user(role.code, [role.code], "pw")
    return engine


@pytest.mark.parametrize("process_id", ["sop03", "sop07", "seq30"])
def test_saved_states_match_the_library_and_replay_from_kept_workflows(tmp_path, compared, process_id):
    clock = FixedClock(datetime(2026, 3, 2, 8, tzinfo=timezone.utc))
    if process_id == "seq30":
        settings = workspace(tmp_path)
    else:
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'kept.db'}", processes_dir=ROOT / "processes",
                            forms_dir=ROOT / "forms")
    engine = _engine(settings, clock)
    taken = []
    original_take = LIVE.take

    def take(*args):
        kept = original_take(*args)
        taken.append(kept is not None)
        return kept

    LIVE.take = take
    try:
        ids = []
        for _ in range(2):
            start_role = next(p for p in engine.processes() if p.id == process_id).start_roles[0]
            inst = engine.start(process_id, actor=start_role, data={})
            ids.append(inst.id)
            # a timer standard falls due now and then, so kept workflows also meet fired timers
            walk(engine, inst.id, CHOICES, between=lambda: clock.advance(hours=7), max_steps=300)
        results = [engine.verify(i)[0] for i in ids]
    finally:
        del LIVE.take
        engine.close()
    assert all(r.ok for r in results), [r.problem for r in results if not r.ok]
    assert len(compared) > 10
    assert sum(taken) > 5  # most steps started from the kept workflow, not from a load


def test_a_step_rolled_back_after_saving_leaves_nothing_the_next_step_uses(tmp_path, monkeypatch):
    """The kept workflow is put before the step's events are written; when writing fails and the
    transaction rolls back, the next step must start from the database's state, not the kept one."""
    from engine.runtime import actions

    from ..conftest import DATA
    from .helpers import open_task

    clock = FixedClock(datetime(2026, 3, 2, 8, tzinfo=timezone.utc))
    engine = Engine(Settings(database_url=f"sqlite:///{tmp_path / 'rollback.db'}", processes_dir=DATA / "processes",
                             forms_dir=DATA / "forms"), clock=clock)
    engine.init_db()
    engine.deploy(actor="tester")
    for role in ("petugas", "kepala"):
        engine.add_user(role, [role], "pw")
    inst = engine.start("fx_review", actor="petugas")
    draft = open_task(engine, inst.id, "fx_draft")
    written = actions.mirror.apply_to_mirror

    def fails(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions.mirror, "apply_to_mirror", fails)
    with pytest.raises(RuntimeError):
        engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/1", "jumlah_peserta": 1})
    monkeypatch.setattr(actions.mirror, "apply_to_mirror", written)
    taken = []
    original_take = LIVE.take
    monkeypatch.setattr(LIVE, "take", lambda *args: taken.append(original_take(*args)) or taken[-1])
    engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/2", "jumlah_peserta": 1})
    engine.complete(open_task(engine, inst.id, "fx_review_task").id, actor="kepala", data={"keputusan": "setuju"})
    assert taken[0] is None and taken[1] is not None  # loaded after the rollback, kept after a good step
    assert engine.instance(inst.id).state == "completed"
    assert engine.verify(inst.id)[0].ok
    engine.close()


def test_a_kept_workflow_is_settled_to_its_saved_text_even_when_shared_data_changes_after():
    """The settle after a save is done when the workflow is next used; what the step put into task data may
    be shared with other holders (a message payload given to several instances) and change meanwhile."""
    from lxml import etree

    from engine.bench.processes import seq_bpmn
    from engine.spiff import IdSequence, Run, running
    from engine.spiff.parsing import parse_process

    process = parse_process(etree.fromstring(seq_bpmn(3).encode()), "seq3.bpmn")[0]
    ids = IdSequence("00000000-0000-0000-0000-00000000abcd", 0)
    shared = {"items": [1, 2], "nested": {"a": "b"}}
    with running(datetime(2026, 3, 2, 8, tzinfo=timezone.utc), ids):
        run = Run.new(process)
        run.advance()
        task_id = run.ready_user_tasks()[0].id
        run.complete(task_id, {"shared": shared})
        text, kept = run.save()
    assert kept
    shared["items"].append(3)
    shared["nested"]["a"] = "changed"
    run.settle_pending()
    assert run.dump() == text
    assert json.loads(text)["tasks"] and "changed" not in text
