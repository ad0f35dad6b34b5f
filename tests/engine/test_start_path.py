"""Starting an instance: the predicted task tree made once per process gives what SpiffWorkflow's own
prediction gives, id for id and byte for byte, and a start writes its rows in one go."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import event

from engine import FixedClock
from engine.runtime import steps
from engine.bench.processes import _workspace
from engine.spiff import run as run_module
from engine.spiff import start_tree
from engine.spiff.clock import IdSequence

from ..conftest import ROOT, make_engine

NOW = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)
DATA = {"catatan": "selesai", "lanjut": True}


def _plain(spec, subprocess_specs, script_engine):
    return run_module.BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine)


def _definitions(engine):
    engine.deploy()
    with engine.db.reading() as session:
        return [engine.definitions.latest(session, p.id) for p in engine.processes()]


@pytest.fixture(scope="module")
def every_definition(tmp_path_factory):
    """The SOPs of processes/ and the benchmark's generated processes, deployed."""
    tmp = tmp_path_factory.mktemp("defs")
    sops = make_engine(f"sqlite:///{tmp / 'sops.db'}", FixedClock(NOW), ROOT / "processes", ROOT / "forms")
    bench_dir = tmp / "bench"
    bench_dir.mkdir()
    settings = _workspace(bench_dir)
    bench = make_engine(settings.database_url, FixedClock(NOW), settings.processes_dir, settings.forms_dir)
    found = _definitions(sops) + _definitions(bench)
    yield found
    sops.close()
    bench.close()


def _start(definition, instance_id, maker, monkeypatch):
    monkeypatch.setattr(run_module, "new_workflow", maker)
    run, ids, derived = steps.start(definition, instance_id, {}, NOW)
    return run, ids, derived


def test_a_stamped_start_is_the_start_spiffworkflow_predicts(every_definition, monkeypatch):
    assert {d.process_id for d in every_definition} >= {"sop01", "sop07", "sop07_kejadian", "seq30", "seq30n"}
    for definition in every_definition:
        instance_id = str(uuid.uuid4())
        plain, plain_ids, plain_events = _start(definition, instance_id, _plain, monkeypatch)
        for _ in range(2):  # the first start makes the template, the second copies it
            run, ids, derived = _start(definition, instance_id, start_tree.new_workflow, monkeypatch)
            assert run.dump() == plain.dump(), definition.process_id
            assert ids.counter == plain_ids.counter, definition.process_id
            assert derived == plain_events, definition.process_id
        assert start_tree._TREES.get(definition.process.spec) is not None, definition.process_id


def test_a_stamped_instance_walks_to_its_end_through_the_same_states(every_definition, monkeypatch):
    seq30 = next(d for d in every_definition if d.process_id == "seq30")
    instance_id = str(uuid.uuid4())
    walks = []
    for maker in (_plain, start_tree.new_workflow, start_tree.new_workflow):
        run, ids, _ = _start(seq30, instance_id, maker, monkeypatch)
        states = [run.dump()]
        while run.ready_user_tasks():
            steps.complete(seq30, run, ids, run.ready_user_tasks()[0].id, dict(DATA), NOW)
            states.append(run.dump())
        walks.append(states)
    assert len(walks[0]) == 31 and walks[0] == walks[1] == walks[2]


def test_the_fast_ids_are_uuid5_of_the_instance_and_counter():
    instance_id = str(uuid.uuid4())
    ids = IdSequence(instance_id, 7)
    for n in range(7, 300):
        made = ids.next()
        expected = uuid.uuid5(uuid.UUID(instance_id), str(n))
        assert made == expected and str(made) == str(expected) and hash(made) == hash(expected)
        assert made.version == 5 and made.variant == expected.variant
    assert ids.counter == 300


def test_a_start_inserts_its_rows_once_and_reads_no_task_back(tmp_path, clock):
    settings = _workspace(tmp_path)
    engine = make_engine(settings.database_url, clock, settings.processes_dir, settings.forms_dir)
    engine.deploy()
    engine.add_user("staf", ["staf"], "pw")
    engine.add_user("kepala", ["kepala"], "pw")
    engine.start("seq30", actor="staf")  # the template and the caches are made here
    sent: list[str] = []
    event.listen(engine.db.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_rest: sent.append(" ".join(statement.split()).lower()))
    inst = engine.start("seq30", actor="staf")
    engine.close()
    assert sum(s.startswith("insert into instances") for s in sent) == 1
    assert not any(s.startswith("update instances") for s in sent)
    assert not any(s.startswith("select") and " from tasks" in s for s in sent)
    assert sum(s.startswith("insert into events") for s in sent) >= 1
    assert sum(s.startswith("insert into tasks") for s in sent) == 1
    assert inst.state == "running"


def test_a_started_instance_has_its_title_task_and_events_as_before(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas", title="Surat B/1")
    assert fx_engine.instance(inst.id).title == "Surat B/1"
    assert [t.element_id for t in fx_engine.tasks(instance_id=inst.id)] == ["fx_draft"]
    assert [e.type for e in fx_engine.history(inst.id)] == ["instance_started", "task_ready"]
    [result] = fx_engine.verify(inst.id)
    assert result.ok and result.events == 2
