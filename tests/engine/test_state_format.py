"""Saved-state formats: new instances start in the current one, an instance keeps its format for life,
and instances started in format 1 (which pruned history later) still step and verify byte for byte."""

from __future__ import annotations

import json
import zlib
from datetime import datetime, timezone

import pytest

from engine import FixedClock
from engine.errors import SopflowError
from engine.spiff import LIVE
from engine.spiff import run as run_module
from engine.store.models import Instance

from .helpers import bench_engine


@pytest.fixture
def loop_engine(tmp_path):
    clock = FixedClock(datetime(2026, 3, 2, 8, tzinfo=timezone.utc))
    engine = bench_engine(tmp_path, clock)
    yield engine, clock
    engine.close()


def _rounds(engine, clock, instance_id: str, n: int, last: bool = False) -> None:
    for k in range(n):
        task = engine.tasks(instance_id=instance_id)[0]
        clock.advance(seconds=30)
        engine.complete(task.id, actor="staf", data={"lanjut": not (last and k == n - 1)})


def _saved(engine, instance_id: str) -> dict:
    with engine.db.reading() as session:
        return json.loads(zlib.decompress(session.get(Instance, instance_id).workflow_state))


def test_a_new_instance_says_its_format_in_its_start_event_and_its_state(loop_engine):
    engine, clock = loop_engine
    inst = engine.start("loop", actor="staf")
    started = engine.history(inst.id)[0]
    assert started.type == "instance_started" and started.payload["state_format"] == run_module.STATE_FORMAT
    _rounds(engine, clock, inst.id, 40)
    saved = _saved(engine, inst.id)
    assert saved["sopflow_format"] == run_module.STATE_FORMAT
    finished = sum(1 for t in saved["tasks"].values() if t["state"] >= 64)
    assert finished <= run_module.PRUNE_AT[run_module.STATE_FORMAT] + 8  # history is pruned early
    assert engine.verify(inst.id)[0].ok


def test_format_1_instances_keep_their_format_and_verify(loop_engine, monkeypatch):
    engine, clock = loop_engine
    monkeypatch.setattr(run_module, "STATE_FORMAT", 1)  # as started by the version before format 2
    old = engine.start("loop", actor="staf")
    _rounds(engine, clock, old.id, 20)
    monkeypatch.undo()
    new = engine.start("loop", actor="staf")
    assert "state_format" not in engine.history(old.id)[0].payload
    largest = {old.id: 0, new.id: 0}
    for _ in range(40):
        for instance_id in largest:
            _rounds(engine, clock, instance_id, 1)
            largest[instance_id] = max(largest[instance_id], len(_saved(engine, instance_id)["tasks"]))
    assert "sopflow_format" not in _saved(engine, old.id) and _saved(engine, new.id)["sopflow_format"] == 2
    # format 1 still prunes at 100 finished tasks, format 2 far sooner
    assert largest[old.id] > 100 and largest[new.id] < 40, largest
    LIVE.drop(old.id)  # the next step loads format 1 from the database
    _rounds(engine, clock, old.id, 5, last=True)
    _rounds(engine, clock, new.id, 5, last=True)
    assert [r.ok for r in engine.verify()] == [True, True], [r.problem for r in engine.verify()]


@pytest.mark.parametrize("stored", [99, True, [2], None, "2"])
def test_an_unknown_format_is_refused_and_changes_nothing(loop_engine, stored):
    engine, clock = loop_engine
    inst = engine.start("loop", actor="staf")
    _rounds(engine, clock, inst.id, 3)
    saved = _saved(engine, inst.id)
    saved["sopflow_format"] = stored
    with engine.db.transaction() as session:
        session.get(Instance, inst.id).workflow_state = zlib.compress(json.dumps(saved).encode())
    LIVE.drop(inst.id)
    task = engine.tasks(instance_id=inst.id)[0]
    events = len(engine.history(inst.id))
    with pytest.raises(SopflowError, match="saved-state format"):
        engine.complete(task.id, actor="staf", data={"lanjut": True})
    assert engine.tasks(instance_id=inst.id)[0].id == task.id
    assert len(engine.history(inst.id)) == events
    assert _saved(engine, inst.id)["sopflow_format"] == stored
