"""Acting on instances: start, claim, unclaim, delegate, complete, migrate; each inside the caller's transaction.

Every action that moves the workflow is one pipeline, run in this order and from here only:

1. :mod:`.validate`: who may act, on what, with which data (nothing moves);
2. :mod:`.steps`: SpiffWorkflow moves, and the events the move derives;
3. :mod:`.record`: the saved state, then each event appended to the audit log;
4. :mod:`.mirror`: the task rows, brought in step with each event as it is logged.

No stage calls another; messages, timers and timer starts enter at stage 2 through
:func:`record_step` and :func:`open_instance`.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import event as sa_event, inspect
from sqlalchemy.orm import Session

from .. import spiff
from ..audit import log as audit
from ..audit import sealing
from ..definitions.deployed import DefinitionCache, LoadedDefinition
from ..errors import Conflict, SopflowError
from ..store.models import Instance, Task
from . import mirror, record, steps, validate

T = TypeVar("T")


class StepFailed(SopflowError):
    """The process could not advance with this input (a condition failed, no branch matched)."""

    code = "step_failed"


def run_step(move: Callable[[], T], failure: str) -> T:
    """Stage 2: ``move`` the workflow; a step SpiffWorkflow refuses becomes :class:`StepFailed`."""
    try:
        return move()
    except spiff.EngineStepError as e:
        raise StepFailed(f"{failure}: {e}") from None


def record_step(session: Session, inst: Instance, definition: LoadedDefinition, run: spiff.Run,
                ids: spiff.IdSequence, now: datetime, actor: str, cause: steps.Derived | None,
                derived: list[steps.Derived], flush: bool = True) -> list[Task]:
    """Stages 3 and 4: save the workflow, then log the step's cause (with the resulting state hash) and
    its events, each followed by the task mirror. A just-started instance's row goes in first (its tasks
    and events point at it); the events' one INSERT then flushes the rest, and a completed instance's
    history is sealed. ``flush=False`` leaves what is still pending to the caller's next flush. Returns
    the mirror rows of the tasks the step opened."""
    digest = record.save_state(inst, run, ids, now, definition.id)
    opened = []
    events = record.recorded(cause, derived, digest)
    with session.no_autoflush:  # a lane's unit is looked up mid-way; the rows go in together below
        for event in events:
            row = mirror.apply_to_mirror(session, inst, definition, event.type, event.payload, actor, now,
                                         flush=False)
            if row is not None:
                opened.append(row)
    rows = record.chain(inst, events, actor, now)
    if flush or inst.state == "completed" or inst not in session.new:
        if inst in session.new:
            flush_step(session, inst)
        audit.insert_rows(session, rows)
        if inst.state == "completed":
            sealing.seal(session, inst)
        if flush:
            flush_step(session, inst)
    else:  # a start whose caller flushes later: the events follow the instance's row in that flush
        if PENDING_EVENTS not in session.info:  # and at the latest at the commit: never lost
            sa_event.listen(session, "before_commit", lambda s: flush_step(s, inst), once=True)
        session.info.setdefault(PENDING_EVENTS, []).extend(rows)
    return opened


#: event rows of a just-started instance waiting for its row to be written (see flush_step)
PENDING_EVENTS = "sopflow.pending_events"


def flush_step(session: Session, inst: Instance) -> list[Any]:
    """Flush the step's rows; a just-started instance's own row first, as its events and tasks point at it
    (without relationships the session does not know that order). Returns the rows it wrote: a caller that
    holds them keeps them in the session, which holds flushed rows only weakly and would read them again."""
    pending = list(session.new)
    if inst in session.new:
        others = sorted((row for row in pending if row is not inst), key=lambda row: inspect(row).insert_order)
        for row in others:
            session.expunge(row)
        session.flush()
        session.add_all(others)
    session.flush()
    audit.insert_rows(session, session.info.pop(PENDING_EVENTS, []))
    return pending


# -- start ---------------------------------------------------------------------------------------


def start(session: Session, cache: DefinitionCache, process_id: str, actor: str, data: dict[str, Any] | None,
          now: datetime, unit: str | None = None) -> tuple[Instance, list[Task]]:
    """Start an instance; returns it with the mirror rows of the tasks it opened. Nothing is flushed yet:
    the instance, its events and its tasks go in with the caller's next flush."""
    definition, home, data = validate.for_start(session, cache, process_id, actor, data, unit)
    instance_id = str(uuid.uuid4())
    run, ids, derived = run_step(lambda: steps.start(definition, instance_id, dict(data), now),
                                 f"{process_id} cannot start")
    opened: list[Task] = []
    inst = open_instance(session, definition, instance_id, run, ids, derived, now, actor, {"data": data or {}},
                         unit_code=home.code if home else None, unit_path=home.path if home else None,
                         flush=False, opened=opened)
    return inst, opened


def open_instance(session: Session, definition: LoadedDefinition, instance_id: str, run: Any, ids: Any,
                  derived: list, now: datetime, actor: str, started: dict[str, Any],
                  unit_code: str | None = None, unit_path: str | None = None, flush: bool = True,
                  opened: list[Task] | None = None) -> Instance:
    """Store a just-started instance and its ``instance_started`` event (``started``: what started it);
    ``flush=False`` leaves the rows to the caller's next flush; ``opened`` receives the rows of the tasks
    the start opened."""
    inst = Instance(
        id=instance_id, definition_id=definition.id, process_id=definition.process_id, version=definition.version,
        state="running", workflow_state=None, state_sha256="", id_counter=0, started_at=now, started_by=actor,
        event_count=0, last_hash="", unit_code=unit_code, unit_path=unit_path,
        title="", title_given=False, search_text="",  # what the column defaults would give at the flush
    )
    session.add(inst)  # inserted with its events and tasks in the step's one flush
    rows = record_step(session, inst, definition, run, ids, now, actor,
                       steps.Derived("instance_started", {"process_id": definition.process_id,
                                                          "version": definition.version,
                                                          "sha256": definition.sha256, **started,
                                                          **steps.state_format_of(run)}),
                       derived, flush=flush)
    if opened is not None:
        opened.extend(rows)
    return inst


# -- claim / unclaim / delegate: the task row and the log, the workflow untouched ---------------------------


def claim(session: Session, task_id: str, actor: str, now: datetime) -> Task:
    task, inst = validate.for_claim(session, task_id, actor)
    if task.assignee == actor:
        return task
    task.state, task.assignee = "claimed", actor
    audit.append(session, inst, "task_claimed", actor, now, {"task_id": task.id, "element_id": task.element_id})
    return task


def unclaim(session: Session, task_id: str, actor: str, reason: str | None, now: datetime) -> Task:
    task, inst = validate.for_unclaim(session, task_id, actor, reason)
    task.state, task.assignee, task.delegated_by = "ready", None, None
    audit.append(session, inst, "task_unclaimed", actor, now,
                 {"task_id": task.id, "element_id": task.element_id, "reason": reason or ""})
    return task


def delegate(session: Session, task_id: str, actor: str, to: str, reason: str, now: datetime) -> Task:
    task, inst = validate.for_delegate(session, task_id, actor, to, reason)
    task.state, task.assignee, task.delegated_by = "claimed", to, actor
    audit.append(session, inst, "task_delegated", actor, now,
                 {"task_id": task.id, "element_id": task.element_id, "to": to, "reason": reason.strip()})
    return task


# -- complete ---------------------------------------------------------------------------------------


def complete(session: Session, cache: DefinitionCache, task_id: str, actor: str, data: Any, now: datetime) -> Task:
    return complete_step(session, cache, task_id, actor, data, now).task


@dataclasses.dataclass(frozen=True)
class Step:
    """What one completion did: the task, its instance, and the tasks it opened (held here, so the
    session still has them when the step's mails are written)."""

    task: Task
    instance: Instance
    opened: list[Task]


def complete_step(session: Session, cache: DefinitionCache, task_id: str, actor: str, data: Any,
                  now: datetime) -> Step:
    task, inst, definition, data = validate.for_completion(session, cache, task_id, actor, data)
    run, ids = steps.load_run(inst, definition, to_step=True)
    derived = run_step(lambda: steps.complete(definition, run, ids, task_id, data, now),
                       "the process cannot continue after this step")
    opened = record_step(session, inst, definition, run, ids, now, actor,
                         steps.Derived("task_completed", {"task_id": task_id, "element_id": task.element_id,
                                                          "data": data}),
                         derived)
    return Step(task, inst, opened)


# -- moving to another version ---------------------------------------------------------------------------


def migration_check(session: Session, cache: DefinitionCache, inst: Instance, to: LoadedDefinition) -> list[str]:
    """Why ``inst`` cannot move to version ``to``: [] when it can."""
    if inst.state != "running":
        return [f"the instance is {inst.state}"]
    if inst.definition_id == to.id:
        return ["the instance already runs on this version"]
    from ..definitions import deployments

    if not deployments.runs_for(session, inst.process_id, inst.unit_code, to.id):
        return [f"version {to.version} is not deployed for the unit of this instance ({inst.unit_code or 'none'})"]
    run, _ = steps.load_run(inst, cache.get(session, inst.definition_id))
    gone = spiff.migration_blockers(run, to.process)
    return [f"{element} has been reached or is waiting, and is not in version {to.version}" for element in gone]


def migrate(session: Session, cache: DefinitionCache, instance_id: str, to_version: int, actor: str,
            now: datetime, reason: str | None = None) -> Instance:
    inst, to = validate.for_migration(session, cache, instance_id, to_version, actor)
    reasons = migration_check(session, cache, inst, to)
    if reasons:
        raise Conflict(f"instance {instance_id} cannot move to version {to_version}: " + "; ".join(reasons))
    run, ids = steps.load_run(inst, cache.get(session, inst.definition_id), to_step=True)
    from_version = inst.version
    derived = run_step(lambda: steps.migrate(to, run, ids, now),
                       f"instance {instance_id} cannot continue on version {to_version}")
    inst.definition_id, inst.version = to.id, to.version
    record_step(session, inst, to, run, ids, now, actor,
                steps.Derived("instance_migrated", {"from_version": from_version, "to_version": to.version,
                                                    "sha256": to.sha256, **({"reason": reason} if reason else {})}),
                derived)
    return inst
