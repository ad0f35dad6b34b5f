"""Stage 1 of a step: who may act, on what, with which data. Nothing moves here.

The engine does not guard its tasks (SpiffWorkflow completes a task in any state and ignores lanes),
so every rule is checked here before anything moves: the task is open, the actor holds its lane's
role or is its assignee, and the form data passes its schema. Each ``for_*`` function returns what
the later stages work on, loaded (and locked) in the caller's transaction.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..audit import log as audit
from ..errors import Conflict, FormInvalid, InvalidInput, NotAllowed, NotFound
from ..forms import attachments, startform
from ..forms import schemas as forms
from ..org import unitscope, users
from ..safety import bounds
from ..store.models import Instance, Task, Unit
from ..store.statements import once
from .worklist import OPEN as OPEN_STATES

if TYPE_CHECKING:
    from ..definitions.deployed import DefinitionCache, LoadedDefinition

__all__ = ["OPEN_STATES", "READ_ONLY_ROLES", "as_logged", "check_actor", "check_reason", "for_claim", "for_completion",
           "for_delegate", "for_migration", "for_start", "load_task", "lock_instance", "may_act"]
READ_ONLY_ROLES = frozenset({"auditor"})
#: Longest reason for releasing or delegating a task.
MAX_REASON = 1000


def lock_instance(session: Session, instance_id: str) -> Instance:
    """Load an instance and hold its row until commit (SELECT … FOR UPDATE; SQLite locks the file)."""
    inst = session.scalars(once(_lock_query), {"instance_id": instance_id}).first()
    if inst is None:
        raise NotFound(f"no instance {instance_id}")
    return inst


def load_task(session: Session, task_id: str) -> Task:
    row = session.get(Task, task_id, populate_existing=True)
    if row is None:
        raise NotFound(f"no task {task_id}")
    return row


def check_actor(session: Session, actor: str) -> list[str]:
    """The roles of ``actor``, who must exist and may change things (auditors may not)."""
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


def check_reason(reason: str | None) -> None:
    if reason is not None and len(reason) > MAX_REASON:
        raise InvalidInput(f"the reason is {len(reason)} characters long; the limit is {MAX_REASON}")
    if reason and ("\x00" in reason or bounds.has_surrogate(reason)):
        raise InvalidInput("the reason holds characters that cannot be stored")


def as_logged(data: Any) -> Any:
    """``data`` exactly as the audit log will hold it (canonical JSON, keys in order).

    The workflow must receive the same value replay will read back from the log, down to the
    order of keys, or the saved states would differ.
    """
    bounds.check_value(data)
    try:
        return json.loads(audit.canonical_json(data))
    except (TypeError, ValueError):
        raise InvalidInput("form data must be plain JSON") from None


# -- start ---------------------------------------------------------------------------------------------


def for_start(session: Session, cache: DefinitionCache, process_id: str, actor: str, data: Any,
              unit: str | None) -> tuple[LoadedDefinition, Unit | None, dict[str, Any]]:
    """The definition to start, the unit the instance belongs to, and the start data as logged."""
    roles = check_actor(session, actor)
    definition, home = _version_for_start(session, cache, process_id, actor, roles, unit)
    if not definition.process.starts_by_hand:
        how = ", ".join(f"the clock ({text})" if kind == "timer" else f"message {text!r}"
                        for kind, text in definition.process.start_kinds.values())
        raise InvalidInput(f"{process_id} is not started by hand: it is started by {how}")
    if not set(definition.start_roles).intersection(roles):
        needed = ", ".join(definition.start_roles) or "(none)"
        raise NotAllowed(f"{actor} may not start {process_id}: it is started by {needed}")
    if home is not None:  # the unit's own version may name other start lanes: the unit must suit them too
        unitscope.choose(session, actor, roles, definition.start_roles, home.code)
    if data is not None and not isinstance(data, dict):
        raise InvalidInput("start data must be a JSON object")
    bounds.check_value(data, "start data")
    startform.validate(definition.start_form_text(), data)
    return definition, home, as_logged(data or {})


def _version_for_start(session: Session, cache: DefinitionCache, process_id: str, actor: str, roles: list[str],
                       unit: str | None) -> tuple[LoadedDefinition, Unit | None]:
    """The unit the new instance belongs to, and the version that unit runs (its most specific deployment).

    The unit is chosen among the starter's posts by the start roles of the versions deployed anywhere,
    since which version applies depends on the unit; the chosen version's own start roles are checked after.
    """
    from ..definitions import deployments

    deployed = deployments.deployed_versions(session, process_id)
    if not deployed:
        return cache.latest(session, process_id), None  # raises NotFound
    start_roles = sorted({r for i in deployed for r in cache.get(session, i).start_roles})
    home = unitscope.choose(session, actor, roles, start_roles, unit)
    return cache.for_unit(session, process_id, home.code if home else None), home


# -- claim / unclaim / delegate ----------------------------------------------------------------------------


def _open_task_locked(session: Session, task_id: str) -> tuple[Task, Instance]:
    """The task and its instance, the instance row locked until commit.

    SQLite runs every writing transaction under ``BEGIN IMMEDIATE``, so what was read in it is
    already what the lock protects; elsewhere the task is read again under the row lock, because
    another worker may have moved it between the two reads.
    """
    if session.get_bind().dialect.name == "sqlite":  # one statement reads both
        found = session.execute(once(_task_and_instance_query), {"task_id": task_id}).first()
        if found is None:
            raise NotFound(f"no task {task_id}")
        return found[0], found[1]
    task = load_task(session, task_id)
    inst = lock_instance(session, task.instance_id)
    return load_task(session, task_id), inst


def _lock_query() -> Any:
    return (select(Instance).where(Instance.id == bindparam("instance_id")).with_for_update()
            .execution_options(populate_existing=True))


def _task_and_instance_query() -> Any:
    """A task with its instance, both read afresh."""
    return (select(Task, Instance).join(Instance, Instance.id == Task.instance_id)
            .where(Task.id == bindparam("task_id")).execution_options(populate_existing=True))


def for_claim(session: Session, task_id: str, actor: str) -> tuple[Task, Instance]:
    roles = check_actor(session, actor)
    task, inst = _open_task_locked(session, task_id)
    if task.state not in OPEN_STATES:
        raise Conflict(f"task {task_id} is {task.state}; it can no longer be claimed")
    if task.assignee and task.assignee != actor:
        raise Conflict(f"task {task_id} is already claimed by {task.assignee}")
    if not task.assignee:
        _require_lane_holder(roles, task, actor)
    return task, inst


def for_unclaim(session: Session, task_id: str, actor: str, reason: str | None) -> tuple[Task, Instance]:
    roles = check_actor(session, actor)
    check_reason(reason)
    task, inst = _open_task_locked(session, task_id)
    if task.state != "claimed":
        raise Conflict(f"task {task_id} is {task.state}, not claimed")
    if task.assignee != actor and "admin" not in roles:
        raise NotAllowed(f"only {task.assignee}, who holds task {task_id}, can release it")
    return task, inst


def for_delegate(session: Session, task_id: str, actor: str, to: str, reason: str) -> tuple[Task, Instance]:
    roles = check_actor(session, actor)
    if not (reason or "").strip():
        raise InvalidInput("a reason is required to delegate a task")
    check_reason(reason)
    target = users.get_user(session, to)
    if not target.active:
        raise InvalidInput(f"user {to} is not active")
    if READ_ONLY_ROLES.intersection(target.roles):
        raise InvalidInput(f"{to} is an auditor and cannot carry out tasks")
    task, inst = _open_task_locked(session, task_id)
    if not may_act(task, actor, roles):
        if task.state not in OPEN_STATES:
            raise Conflict(f"task {task_id} is {task.state}; it can no longer be delegated")
        raise NotAllowed(f"{actor} may not delegate task {task_id}")
    if task.role not in target.roles:
        raise InvalidInput(f"{to} does not hold the role {task.role} of this task; delegate to one of its holders")
    return task, inst


# -- complete ------------------------------------------------------------------------------------------------


def for_completion(session: Session, cache: DefinitionCache, task_id: str, actor: str,
                   data: Any) -> tuple[Task, Instance, LoadedDefinition, Any]:
    """The open task (the instance locked), its definition, and the form data as logged."""
    roles = check_actor(session, actor)
    task, inst = _open_task_locked(session, task_id)
    if task.state == "completed" and task.completed_at is not None:  # say who and when
        raise Conflict(f"task {task_id} was already completed by {task.completed_by} at "
                       f"{task.completed_at:%Y-%m-%d %H:%M} UTC")
    if task.state not in OPEN_STATES:
        raise Conflict(f"task {task_id} is already {task.state}")
    if task.assignee and task.assignee != actor:
        raise NotAllowed(f"task {task_id} is claimed by {task.assignee}; only they can complete it")
    if not task.assignee:
        _require_lane_holder(roles, task, actor)
    bounds.check_value(data, "form data")
    definition = cache.get(session, inst.definition_id)
    schema_text = definition.form_text(task.element_id)
    if schema_text is not None:
        forms.validate(schema_text, data)
        refs = list(forms.attachment_refs(_parsed(schema_text), data)) + attachments.refs_in(data)
        absent = attachments.missing(session, refs) or attachments.unusable(session, refs, actor, inst.id)
        if absent:
            raise FormInvalid(f"unknown attachment(s): {', '.join(absent)}",
                              [{"field": "", "message": f"unknown attachment {r}", "kind": "attachment"} for r in absent])
    elif not isinstance(data, dict):
        raise InvalidInput("form data must be a JSON object")
    return task, inst, definition, as_logged(data)


@functools.lru_cache(maxsize=256)
def _parsed(schema_text: str) -> Any:
    """A form's schema, parsed once per text (it is only read)."""
    return json.loads(schema_text)


# -- moving to another version ----------------------------------------------------------------------------


def for_migration(session: Session, cache: DefinitionCache, instance_id: str, to_version: int,
                  actor: str) -> tuple[Instance, LoadedDefinition]:
    """The instance (locked) and the version it is to move to; whether it can is asked of the workflow."""
    roles = check_actor(session, actor)
    if not {"analyst", "admin"}.intersection(roles):
        raise NotAllowed(f"{actor} may not move instances between versions (analysts and admins may)")
    inst = lock_instance(session, instance_id)
    from ..definitions import deployments

    # an analyst posted in a unit moves that subtree's instances only, as he deploys only for it
    try:
        deployments.check_deployer(session, actor, inst.unit_code)
    except NotAllowed:
        raise NotAllowed(f"{actor} may not move instance {inst.id}: its unit ({inst.unit_code or 'none'}) "
                         "is outside their units") from None
    return inst, cache.version(session, inst.process_id, to_version)


def _require_lane_holder(roles: Any, task: Task, actor: str) -> None:
    """An unclaimed task is for whoever holds its lane's role (in its unit, for a role held in units)."""
    if not unitscope.holds(roles, task.role, task.unit_code):
        raise NotAllowed(f"{actor} does not hold the role {task.role} of lane {task.lane!r}"
                         + (f" in unit {task.unit_code}" if task.unit_code else ""))
