"""Stage 2 of a step: SpiffWorkflow moves the instance, and the audit events the move derives.

The runtime and replay both call these functions, so a replay derives exactly the events the
runtime recorded: comparing the two is how tampering and non-determinism are found. Nothing is
written here: the saved state and the events are recorded by :mod:`.record`.
"""

from __future__ import annotations

import dataclasses
import zlib
from datetime import datetime
from typing import Any

from .. import spiff
from ..definitions.deployed import LoadedDefinition
from ..errors import Conflict
from ..safety import bounds
from ..store.models import Instance


@dataclasses.dataclass(frozen=True)
class Derived:
    type: str
    payload: dict[str, Any]


def start(definition: LoadedDefinition, instance_id: str, data: dict[str, Any], now: datetime,
          message: str | None = None, by_clock: bool = False,
          state_format: int | None = None) -> tuple[spiff.Run, spiff.IdSequence, list[Derived]]:
    """Start an instance; ``message`` names the message whose start event starts it, ``by_clock``
    says its timer start event fell due; ``state_format``: the saved-state format it runs in (new
    instances: the current one; replay passes the one its start event names)."""
    ids = spiff.IdSequence(instance_id, 0)
    with spiff.running(now, ids):
        run = spiff.Run.new(definition.process, data, state_format)
        notes = run.advance()
        if message is not None:
            notes += run.catch_message(message, data)
        if by_clock:
            notes += run.start_by_clock()
    return run, ids, derive(definition, run, set(), notes)


def state_format_of(run: spiff.Run) -> dict[str, int]:
    """What a start event says of the saved-state format (nothing for format 1, which predates it)."""
    return {"state_format": run.state_format} if run.state_format != 1 else {}


def deliver(definition: LoadedDefinition, run: spiff.Run, ids: spiff.IdSequence, name: str,
            data: dict[str, Any], now: datetime) -> list[Derived]:
    before = {t.id for t in run.ready_user_tasks()}
    with spiff.running(now, ids):
        notes = run.catch_message(name, data)
    return derive(definition, run, before, notes)


def complete(definition: LoadedDefinition, run: spiff.Run, ids: spiff.IdSequence, task_id: str,
             data: dict[str, Any], now: datetime) -> list[Derived]:
    before = {t.id for t in run.ready_user_tasks()} - {task_id}
    with spiff.running(now, ids):
        notes = run.complete(task_id, data)
    return derive(definition, run, before, notes)


def fire_timers(definition: LoadedDefinition, run: spiff.Run, ids: spiff.IdSequence, now: datetime) -> list[Derived]:
    before = {t.id for t in run.ready_user_tasks()}
    with spiff.running(now, ids):
        notes = run.fire_due_timers()
    return derive(definition, run, before, notes)


def migrate(new_definition: LoadedDefinition, run: spiff.Run, ids: spiff.IdSequence, now: datetime) -> list[Derived]:
    before = {t.id for t in run.ready_user_tasks()}
    with spiff.running(now, ids):
        notes = spiff.migrate(run, new_definition.process)
    return derive(new_definition, run, before, notes)


def derive(definition: LoadedDefinition, run: spiff.Run, before: set[str], notes: list[spiff.StepNote]) -> list[Derived]:
    """The events of one step: what the engine did on its own, then tasks that opened or vanished."""
    events: list[Derived] = []
    for note in notes:
        if note.kind == "gateway_taken":
            events.append(Derived("gateway_taken", {"element_id": note.element_id, **note.detail}))
        elif note.kind == "timer_fired":
            _, escalation_lane = definition.process.timers.get(note.element_id, ("", ""))
            events.append(Derived("timer_fired", {
                "element_id": note.element_id,
                "task_id": note.detail["task_id"],
                "task_element_id": note.detail["task_element_id"],
                "due_at": note.detail["due_at"],
                "escalated_to": definition.lane_roles.get(escalation_lane, ""),
            }))
    due_by_task = {t.host_task_id: t.due_at for t in run.waiting_timers()}
    ready_now = run.ready_user_tasks()
    ready_ids = {t.id for t in ready_now}
    for task in ready_now:
        if task.id not in before:
            due = due_by_task.get(task.id)
            events.append(Derived("task_ready", {
                "task_id": task.id, "element_id": task.element_id, "due_at": due.isoformat() if due else None,
            }))
    for task_id in sorted(before - ready_ids):
        events.append(Derived("task_cancelled", {"task_id": task_id}))
    if run.is_completed():
        events.append(Derived("instance_completed", {}))
    return events


def load_run(inst: Instance, definition: LoadedDefinition, to_step: bool = False) -> tuple[spiff.Run, spiff.IdSequence]:
    """The running workflow of ``inst`` from its saved state, and its id sequence.

    ``to_step``: the caller moves it on and saves it (:func:`.actions.record_step`), so the workflow
    this process kept from the instance's last step serves when it is exactly the saved state (see
    :mod:`engine.spiff.livecache`).
    """
    if inst.state != "running" or inst.workflow_state is None:
        raise Conflict(f"instance {inst.id} is {inst.state}")
    if to_step:
        kept = spiff.LIVE.take(inst.id, inst.definition_id, inst.state_sha256)
        if kept is not None:
            return kept, spiff.IdSequence(inst.id, inst.id_counter)
    state = zlib.decompress(inst.workflow_state).decode("utf-8")
    if bounds.text_depth(state) > bounds.MAX_STORED_DEPTH * 2:
        raise bounds.StoredDataUnreadable(f"the saved state of instance {inst.id} is nested too deeply to load")
    try:
        return spiff.Run.load(state, definition.process), spiff.IdSequence(inst.id, inst.id_counter)
    except RecursionError:
        raise bounds.StoredDataUnreadable(f"the saved state of instance {inst.id} cannot be loaded") from None
    except spiff.UnknownStateFormat as e:
        raise bounds.StoredDataUnreadable(f"the saved state of instance {inst.id} cannot be loaded: {e}") from None


def stall_problem(inst: Instance, definition: LoadedDefinition) -> str:
    """Why a running instance can never move again; "" when it can (or is not running)."""
    if inst.state != "running" or inst.workflow_state is None:
        return ""
    run, _ = load_run(inst, definition)
    return run.stall_reason() or ""
