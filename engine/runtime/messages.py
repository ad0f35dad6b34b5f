"""Messages from outside: they start an instance, or move one that waits for them.

A message goes to one instance (``instance_id``), to every running instance whose waiting step
holds the correlation values, or, when neither is given, starts the processes whose start event
catches it. A message nobody takes is an error, and changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import actions as runtime, steps, validate
from ..definitions import deployments
from ..definitions.deployed import DefinitionCache, LoadedDefinition, latest_processes
from ..errors import InvalidInput, NotAllowed, NotFound
from ..store.models import Instance


def send(session: Session, cache: DefinitionCache, name: str, actor: str, *, instance_id: str | None,
         correlate: dict[str, Any] | None, data: Any, now: datetime) -> list[Instance]:
    """Deliver message ``name``; the instances it started or moved."""
    roles = validate.check_actor(session, actor)
    if not (name or "").strip():
        raise InvalidInput("a message needs a name")
    if data is not None and not isinstance(data, dict):
        raise InvalidInput("message data must be a JSON object")
    data = validate.as_logged(data or {})
    if instance_id is not None:
        inst = validate.lock_instance(session, instance_id)
        definition = cache.get(session, inst.definition_id)
        if inst.state != "running" or name not in _awaited(inst, definition, None):
            raise NotFound(f"instance {instance_id} is not waiting for message {name!r}")
        _deliver(session, inst, definition, name, actor, roles, data, now)
        return [inst]
    if correlate:
        moved = []
        for inst_id in _running_ids(session):
            inst = session.get(Instance, inst_id)
            definition = cache.get(session, inst.definition_id)
            if name not in definition.process.messages or name not in _awaited(inst, definition, correlate):
                continue
            inst = validate.lock_instance(session, inst_id)
            _deliver(session, inst, definition, name, actor, roles, data, now)
            moved.append(inst)
        if not moved:
            keys = ", ".join(f"{k}={v}" for k, v in correlate.items())
            raise NotFound(f"no running instance waits for message {name!r} with {keys}")
        return moved
    started = []
    for latest in latest_processes(session):
        row = deployments.unitless_version(session, latest)
        if row is None:
            continue
        definition = cache.get(session, row.id)
        if ("message", name) in definition.process.start_kinds.values():
            started.append(_start(session, definition, name, actor, roles, data, now))
    if not started:
        raise NotFound(f"no process starts on message {name!r}; to move a waiting instance give --instance "
                       "or --correlate KEY=VALUE")
    return started


def _running_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Instance.id).where(Instance.state == "running")
                                .order_by(Instance.started_at, Instance.id)))


def _awaited(inst: Instance, definition: LoadedDefinition, correlate: dict[str, Any] | None) -> set[str]:
    run, _ = steps.load_run(inst, definition)
    names = set()
    for message, _element, task_data in run.awaited_messages():
        if not correlate or all(str(task_data.get(k)) == str(v) for k, v in correlate.items()):
            names.add(message)
    return names


def _allowed(definition: LoadedDefinition, actor: str, roles: list[str]) -> None:
    if "admin" not in roles and not set(definition.lane_roles.values()).intersection(roles):
        raise NotAllowed(f"{actor} works in no lane of {definition.process_id} and may not send it messages")


def _deliver(session: Session, inst: Instance, definition: LoadedDefinition, name: str, actor: str,
             roles: list[str], data: dict[str, Any], now: datetime) -> None:
    _allowed(definition, actor, roles)
    run, ids = steps.load_run(inst, definition, to_step=True)
    derived = runtime.run_step(lambda: steps.deliver(definition, run, ids, name, data, now),
                               f"the process cannot continue after message {name!r}")
    runtime.record_step(session, inst, definition, run, ids, now, actor,
                        steps.Derived("message_received", {"name": name, "data": data}), derived)


def _start(session: Session, definition: LoadedDefinition, name: str, actor: str, roles: list[str],
           data: dict[str, Any], now: datetime) -> Instance:
    _allowed(definition, actor, roles)
    instance_id = str(uuid.uuid4())
    run, ids, derived = runtime.run_step(lambda: steps.start(definition, instance_id, dict(data), now, message=name),
                                         f"{definition.process_id} cannot start on message {name!r}")
    return runtime.open_instance(session, definition, instance_id, run, ids, derived, now, actor,
                                 {"data": data, "message": name})
