"""Engine tests check, as they run, that sopflow's walk of the task tree gives what SpiffWorkflow's gives."""

from __future__ import annotations

import pytest
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator

from engine.spiff import walk


@pytest.fixture(autouse=True)
def walk_matches_library(monkeypatch):
    """Every walk of :mod:`engine.spiff.walk` is compared with the library's iterator on the same tree;
    a difference fails the test at its end (raised mid-step, the engine would report it as a step error)."""
    original = walk._walk
    differences: list[str] = []
    walks = []

    def compared(tasks, root, state, min_state, manual, spec_name):
        ours = list(original(tasks, root, state, min_state, manual, spec_name))
        theirs = list(BpmnTaskIterator(root, state=state, manual=manual, spec_name=spec_name))
        walks.append(1)
        if [t.id for t in ours] != [t.id for t in theirs]:
            differences.append(f"state={state} manual={manual} spec_name={spec_name}: "
                               f"{[t.task_spec.name for t in ours]} != {[t.task_spec.name for t in theirs]}")
        return iter(ours)

    monkeypatch.setattr(walk, "_walk", compared)
    yield walks
    assert not differences, differences[:3]
