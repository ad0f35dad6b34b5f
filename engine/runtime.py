"""Acting on instances: start, claim, unclaim, delegate, complete; each inside the caller's transaction.

The engine does not guard its tasks (SpiffWorkflow completes a task in any state and ignores lanes),
so every rule is checked here before anything moves: the task is open, the actor holds its lane's
role or is its assignee, and the form data passes its schema.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zlib
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import attachments, audit, bounds, forms, sealing, spiff, startform, steps, unitscope, users
from .definitions import DefinitionCache, LoadedDefinition
from .errors import Conflict, FormInvalid, InvalidInput, NotAllowed, NotFound, SopflowError
from .store.models import Instance, Task

OPEN_STATES = ("ready", "claimed")
READ_ONLY_ROLES = frozenset({"auditor"})
#: Longest reason for releasing or delegating a task.
MAX_REASON = 1000


class StepFailed(SopflowError):
    """The process could not advance with this input (a condition failed, no branch matched)."""

    code = "step_failed"


def lock_instance(session: Session, instance_id: str) -> Instance:
    """Load an instance and hold its row until commit (SELECT … FOR UPDATE; SQLite locks the file)."""
    inst = session.scalars(
        select(Instance).where(Instance.id == instance_id).with_for_update().execution_options(populate_existing=True)
    ).first()
    if inst is None:
        raise NotFound(f"no instance {instance_id}")
    return inst


def load_task(session: Session, task_id: str) -> Task:
    row = session.get(Task, task_id, populate_existing=True)
    if row is None:
        raise NotFound(f"no task {task_id}")
    return row


def _check_actor(session: Session, actor: str) -> list[str]:
    roles = users.roles_of(session, actor)
    if not roles:
        users.get_user(session, actor)  # NotFound for an unknown user
    if READ_ONLY_ROLES.intersection(roles):
        raise NotAllowed(f"{actor} is an auditor: auditors can look at everything and change nothing")
    return roles


def may_act(task: Task, actor: str, roles: list[str]) -> bool:
    if task.state not in OPEN_STATES:
        return False
    if task.assignee:
        return task.assignee == actor
    return unitscope.holds(roles, task.role, task.unit_code)


# -- start ---------------------------------------------------------------------------------------


def start(session: Session, cache: DefinitionCache, process_id: str, actor: str, data: dict[str, Any] | None,
          now: datetime, unit: str | None = None) -> Instance:
    roles = _check_actor(session, actor)
    definition = cache.latest(session, process_id)
    if not definition.process.starts_by_hand:
        how = ", ".join(f"the clock ({text})" if kind == "timer" else f"message {text!r}"
                        for kind, text in definition.process.start_kinds.values())
        raise InvalidInput(f"{process_id} is not started by hand: it is started by {how}")
    if not set(definition.start_roles).intersection(roles):
        needed = ", ".join(definition.start_roles) or "(none)"
        raise NotAllowed(f"{actor} may not start {process_id}: it is started by {needed}")
    home = unitscope.choose(session, actor, roles, definition.start_roles, unit, definition.unit_code)
    if data is not None and not isinstance(data, dict):
        raise InvalidInput("start data must be a JSON object")
    bounds.check_value(data, "start data")
    startform.validate(definition.start_form_text(), data)
    instance_id = str(uuid.uuid4())
    data = _as_logged(data or {})
    try:
        run, ids, derived = steps.start(definition, instance_id, dict(data), now)
    except spiff.EngineStepError as e:
        raise StepFailed(f"{process_id} cannot start: {e}") from None
    return open_instance(session, definition, instance_id, run, ids, derived, now, actor, {"data": data or {}},
                         unit_code=home.code if home else None, unit_path=home.path if home else None)


def open_instance(session: Session, definition: LoadedDefinition, instance_id: str, run: Any, ids: Any,
                  derived: list, now: datetime, actor: str, started: dict[str, Any],
                  unit_code: str | None = None, unit_path: str | None = None) -> Instance:
    """Store a just-started instance and its ``instance_started`` event (``started``: what started it)."""
    inst = Instance(
        id=instance_id, definition_id=definition.id, process_id=definition.process_id, version=definition.version,
        state="running", workflow_state=None, state_sha256="", id_counter=0, started_at=now, started_by=actor,
        event_count=0, last_hash="", unit_code=unit_code, unit_path=unit_path,
    )
    session.add(inst)
    session.flush()
    record_step(session, inst, definition, run, ids, now, actor,
                steps.Derived("instance_started", {"process_id": definition.process_id, "version": definition.version,
                                                   "sha256": definition.sha256, **started}),
                derived)
    return inst


# -- claim / unclaim / delegate -------------------------------------------------------------------


def claim(session: Session, task_id: str, actor: str, now: datetime) -> Task:
    roles = _check_actor(session, actor)
    task = load_task(session, task_id)
    inst = lock_instance(session, task.instance_id)
    task = load_task(session, task_id)
    if task.state not in OPEN_STATES:
        raise Conflict(f"task {task_id} is {task.state}; it can no longer be claimed")
    if task.assignee == actor:
        return task
    if task.assignee:
        raise Conflict(f"task {task_id} is already claimed by {task.assignee}")
    if not unitscope.holds(roles, task.role, task.unit_code):
        raise NotAllowed(f"{actor} does not hold the role {task.role} of lane {task.lane!r}"
                         + (f" in unit {task.unit_code}" if task.unit_code else ""))
    task.state, task.assignee = "claimed", actor
    audit.append(session, inst, "task_claimed", actor, now, {"task_id": task.id, "element_id": task.element_id})
    return task


def unclaim(session: Session, task_id: str, actor: str, reason: str | None, now: datetime) -> Task:
    roles = _check_actor(session, actor)
    _check_reason(reason)
    task = load_task(session, task_id)
    inst = lock_instance(session, task.instance_id)
    task = load_task(session, task_id)
    if task.state != "claimed":
        raise Conflict(f"task {task_id} is {task.state}, not claimed")
    if task.assignee != actor and "admin" not in roles:
        raise NotAllowed(f"only {task.assignee}, who holds task {task_id}, can release it")
    task.state, task.assignee, task.delegated_by = "ready", None, None
    audit.append(session, inst, "task_unclaimed", actor, now,
                 {"task_id": task.id, "element_id": task.element_id, "reason": reason or ""})
    return task


def delegate(session: Session, task_id: str, actor: str, to: str, reason: str, now: datetime) -> Task:
    roles = _check_actor(session, actor)
    if not (reason or "").strip():
        raise InvalidInput("a reason is required to delegate a task")
    _check_reason(reason)
    target = users.get_user(session, to)
    if not target.active:
        raise InvalidInput(f"user {to} is not active")
    if READ_ONLY_ROLES.intersection(target.roles):
        raise InvalidInput(f"{to} is an auditor and cannot carry out tasks")
    task = load_task(session, task_id)
    inst = lock_instance(session, task.instance_id)
    task = load_task(session, task_id)
    if not may_act(task, actor, roles):
        if task.state not in OPEN_STATES:
            raise Conflict(f"task {task_id} is {task.state}; it can no longer be delegated")
        raise NotAllowed(f"{actor} may not delegate task {task_id}")
    if task.role not in target.roles:
        raise InvalidInput(f"{to} does not hold the role {task.role} of this task; delegate to one of its holders")
    task.state, task.assignee, task.delegated_by = "claimed", to, actor
    audit.append(session, inst, "task_delegated", actor, now,
                 {"task_id": task.id, "element_id": task.element_id, "to": to, "reason": reason.strip()})
    return task


def _check_reason(reason: str | None) -> None:
    if reason is not None and len(reason) > MAX_REASON:
        raise InvalidInput(f"the reason is {len(reason)} characters long; the limit is {MAX_REASON}")
    if reason and ("\x00" in reason or bounds.has_surrogate(reason)):
        raise InvalidInput("the reason holds characters that cannot be stored")


# -- complete ---------------------------------------------------------------------------------------


def complete(session: Session, cache: DefinitionCache, task_id: str, actor: str, data: Any, now: datetime) -> Task:
    roles = _check_actor(session, actor)
    task = load_task(session, task_id)
    inst = lock_instance(session, task.instance_id)
    task = load_task(session, task_id)  # re-read under the lock: another worker may have finished it
    if task.state not in OPEN_STATES:
        raise Conflict(f"task {task_id} is already {task.state}")
    if task.assignee and task.assignee != actor:
        raise NotAllowed(f"task {task_id} is claimed by {task.assignee}; only they can complete it")
    if not task.assignee and not unitscope.holds(roles, task.role, task.unit_code):
        raise NotAllowed(f"{actor} does not hold the role {task.role} of lane {task.lane!r}"
                         + (f" in unit {task.unit_code}" if task.unit_code else ""))
    bounds.check_value(data, "form data")
    definition = cache.get(session, inst.definition_id)
    schema_text = definition.form_text(task.element_id)
    if schema_text is not None:
        forms.validate(schema_text, data)
        refs = list(forms.attachment_refs(json.loads(schema_text), data)) + attachments.refs_in(data)
        absent = attachments.missing(session, refs) or attachments.unusable(session, refs, actor, inst.id)
        if absent:
            raise FormInvalid(f"unknown attachment(s): {', '.join(absent)}",
                              [{"field": "", "message": f"unknown attachment {r}", "kind": "attachment"} for r in absent])
    elif not isinstance(data, dict):
        raise InvalidInput("form data must be a JSON object")
    data = _as_logged(data)
    run, ids = load_run(inst, definition)
    try:
        derived = steps.complete(definition, run, ids, task_id, data, now)
    except spiff.EngineStepError as e:
        raise StepFailed(f"the process cannot continue after this step: {e}") from None
    record_step(session, inst, definition, run, ids, now, actor,
                 steps.Derived("task_completed", {"task_id": task_id, "element_id": task.element_id, "data": data}),
                 derived)
    return task


# -- moving to another version ---------------------------------------------------------------------------


def migration_check(session: Session, cache: DefinitionCache, inst: Instance, to: LoadedDefinition) -> list[str]:
    """Why ``inst`` cannot move to version ``to``: [] when it can."""
    if inst.state != "running":
        return [f"the instance is {inst.state}"]
    if inst.definition_id == to.id:
        return ["the instance already runs on this version"]
    run, _ = load_run(inst, cache.get(session, inst.definition_id))
    gone = spiff.migration_blockers(run, to.process)
    return [f"{element} has been reached or is waiting, and is not in version {to.version}" for element in gone]


def migrate(session: Session, cache: DefinitionCache, instance_id: str, to_version: int, actor: str,
            now: datetime, reason: str | None = None) -> Instance:
    roles = _check_actor(session, actor)
    if not {"analyst", "admin"}.intersection(roles):
        raise NotAllowed(f"{actor} may not move instances between versions (analysts and admins may)")
    inst = lock_instance(session, instance_id)
    to = cache.version(session, inst.process_id, to_version)
    reasons = migration_check(session, cache, inst, to)
    if reasons:
        raise Conflict(f"instance {instance_id} cannot move to version {to_version}: " + "; ".join(reasons))
    run, ids = load_run(inst, cache.get(session, inst.definition_id))
    from_version = inst.version
    try:
        derived = steps.migrate(to, run, ids, now)
    except spiff.EngineStepError as e:
        raise StepFailed(f"instance {instance_id} cannot continue on version {to_version}: {e}") from None
    inst.definition_id, inst.version = to.id, to.version
    record_step(session, inst, to, run, ids, now, actor,
                steps.Derived("instance_migrated", {"from_version": from_version, "to_version": to.version,
                                                    "sha256": to.sha256, **({"reason": reason} if reason else {})}),
                derived)
    return inst


# -- shared ---------------------------------------------------------------------------------------------


def _as_logged(data: Any) -> Any:
    """``data`` exactly as the audit log will hold it (canonical JSON, keys in order).

    The workflow must receive the same value replay will read back from the log, down to the
    order of keys, or the saved states would differ.
    """
    bounds.check_value(data)
    try:
        return json.loads(audit.canonical_json(data))
    except (TypeError, ValueError):
        raise InvalidInput("form data must be plain JSON") from None


def load_run(inst: Instance, definition: LoadedDefinition) -> tuple[spiff.Run, spiff.IdSequence]:
    if inst.state != "running" or inst.workflow_state is None:
        raise Conflict(f"instance {inst.id} is {inst.state}")
    state = zlib.decompress(inst.workflow_state).decode("utf-8")
    if bounds.text_depth(state) > bounds.MAX_STORED_DEPTH * 2:
        raise bounds.StoredDataUnreadable(f"the saved state of instance {inst.id} is nested too deeply to load")
    try:
        return spiff.Run.load(state, definition.process), spiff.IdSequence(inst.id, inst.id_counter)
    except RecursionError:
        raise bounds.StoredDataUnreadable(f"the saved state of instance {inst.id} cannot be loaded") from None


def stall_problem(inst: Instance, definition: LoadedDefinition) -> str:
    """Why a running instance can never move again; "" when it can (or is not running)."""
    if inst.state != "running" or inst.workflow_state is None:
        return ""
    run, _ = load_run(inst, definition)
    return run.stall_reason() or ""


def record_step(session: Session, inst: Instance, definition: LoadedDefinition, run: spiff.Run,
                 ids: spiff.IdSequence, now: datetime, actor: str, cause: steps.Derived | None,
                 derived: list[steps.Derived]) -> None:
    """Save the workflow, then log the step's cause (with the resulting state hash) and its events,
    and bring the task mirror in step with them."""
    dump = run.dump()
    digest = hashlib.sha256(dump.encode("utf-8")).hexdigest()
    inst.state_sha256 = digest
    inst.id_counter = ids.counter
    inst.next_timer_due = steps.next_timer_due(run)
    if run.is_completed():
        inst.state, inst.ended_at, inst.workflow_state = "completed", now, None
    else:
        inst.workflow_state = zlib.compress(dump.encode("utf-8"), 6)
    events = steps.recorded(cause, derived, digest)
    audit.append_step(session, inst, actor, now, [(e.type, e.payload) for e in events])
    for event in events:
        apply_to_mirror(session, inst, definition, event.type, event.payload, actor, now)
    if inst.state == "completed":
        sealing.seal(session, inst)


def apply_to_mirror(session: Session, inst: Instance, definition: LoadedDefinition, type_: str,
                    payload: dict[str, Any], actor: str, now: datetime) -> None:
    if type_ == "task_ready":
        meta = definition.task_meta(payload["element_id"])
        due = payload.get("due_at")
        role = definition.task_role(meta.element_id)
        session.add(Task(
            unit_code=unitscope.task_unit(session, inst.unit_code, role),
            id=payload["task_id"], instance_id=inst.id, process_id=inst.process_id, version=inst.version,
            element_id=meta.element_id, name=meta.name, lane=meta.lane, role=definition.task_role(meta.element_id),
            state="ready", assignee=None, created_at=now, due_at=datetime.fromisoformat(due) if due else None,
            overdue=False,
        ))
    elif type_ in ("task_completed", "task_cancelled"):
        row = session.get(Task, payload["task_id"])
        if row is not None:
            row.state = "completed" if type_ == "task_completed" else "cancelled"
            row.completed_at = now
            row.completed_by = actor if type_ == "task_completed" else None
    elif type_ == "instance_migrated":
        for row in session.scalars(select(Task).where(Task.instance_id == inst.id, Task.state.in_(OPEN_STATES))):
            if row.element_id in definition.process.user_tasks:
                meta = definition.task_meta(row.element_id)
                row.version, row.name, row.lane = definition.version, meta.name, meta.lane
                row.role = definition.task_role(row.element_id)
                row.unit_code = unitscope.task_unit(session, inst.unit_code, row.role)
    elif type_ == "timer_fired":
        row = session.get(Task, payload.get("task_id") or "")
        if row is not None:
            row.overdue = True
            row.escalated_role = payload.get("escalated_to") or None
    session.flush()
