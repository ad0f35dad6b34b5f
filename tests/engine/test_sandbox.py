"""Trial runs ("coba"): a throwaway engine per analyst on its own SQLite file, cleaned up afterwards."""

from __future__ import annotations

import os
import time

import pytest

from engine import InvalidInput, NotFound
from engine.checks.checker import check_document
from engine.org.roles import RoleCatalog
from engine.definitions.sandbox import Sandbox, cleanup, open_sandbox

from ..conftest import DATA

FX = (DATA / "processes" / "fx_review.bpmn").read_bytes()


def checked(data: bytes = FX):
    return check_document(data, "fx_review.bpmn", DATA / "forms",
                          RoleCatalog.load(DATA / "processes" / "roles.toml"))


def test_walk_to_the_end_with_the_clock_moved(tmp_path):
    box = Sandbox.create(tmp_path, "analis", checked(), DATA / "processes")
    state = box.state()
    assert state["state"] == "running" and [t["element_id"] for t in state["tasks"]] == ["fx_draft"]
    assert box.advance(hours=0.5) == 0
    assert box.advance(to_next_due=True) == 1
    state = box.state()
    assert state["diagram"]["overdue"] == ["fx_draft"] and "fx_draft_eskalasi" in state["diagram"]["completed"]
    box.complete(state["tasks"][0]["id"], {"nomor_surat": "B/1"})
    review = box.state()["tasks"][0]
    box.complete(review["id"], {"keputusan": "setuju"})
    assert box.state()["state"] == "completed"
    with pytest.raises(InvalidInput):
        box.advance(to_next_due=True)
    with pytest.raises(InvalidInput):
        box.advance(hours=-1)


def test_one_trial_per_analyst_and_only_theirs(tmp_path):
    first = Sandbox.create(tmp_path, "analis", checked(), DATA / "processes")
    other = Sandbox.create(tmp_path, "lain", checked(), DATA / "processes")
    second = Sandbox.create(tmp_path, "analis", checked(), DATA / "processes")
    assert not first.root.exists() and second.root.exists() and other.root.exists()
    assert open_sandbox(tmp_path, second.token, "analis").token == second.token
    with pytest.raises(NotFound):
        open_sandbox(tmp_path, second.token, "lain")
    with pytest.raises(NotFound):
        open_sandbox(tmp_path, "../etc", "analis")
    second.close()
    with pytest.raises(NotFound):
        open_sandbox(tmp_path, second.token, "analis")


def test_stale_trials_are_removed(tmp_path):
    box = Sandbox.create(tmp_path, "analis", checked(), DATA / "processes")
    old = time.time() - 3 * 3600
    os.utime(box.root / "meta.json", (old, old))
    assert cleanup(tmp_path) == 1 and not box.root.exists()


def test_a_diagram_with_errors_is_not_tried(tmp_path):
    with pytest.raises(InvalidInput):
        Sandbox.create(tmp_path, "analis", checked(FX.replace(b'name="KEPALA"', b'name="X"')), DATA / "processes")
    assert list(tmp_path.iterdir()) == []
