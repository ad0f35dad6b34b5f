"""Small helpers shared by the engine tests."""

from __future__ import annotations

from engine import Engine


def open_task(engine: Engine, instance_id: str, element_id: str):
    """The one open task of ``element_id`` in the instance (fails the test if there is not exactly one)."""
    found = [t for t in engine.tasks(instance_id=instance_id) if t.element_id == element_id]
    assert len(found) == 1, f"expected one open {element_id}, got {[t.element_id for t in engine.tasks(instance_id=instance_id)]}"
    return found[0]


def event_types(engine: Engine, instance_id: str) -> list[str]:
    return [e.type for e in engine.history(instance_id)]
