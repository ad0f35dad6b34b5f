"""Firing due time-standard timers, safely from several workers at once."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..audit import log as audit
from . import actions as runtime, record, steps, validate
from ..definitions.deployed import DefinitionCache
from ..errors import Conflict
from ..records import FiredTimer
from ..spiff import EngineStepError
from ..store.db import Database
from ..store.models import Instance

log = logging.getLogger("sopflow.timers")

#: instances looked at per sweep; the rest wait for the next one
BATCH = 200


def fire_due(db: Database, cache: DefinitionCache, now: datetime, actor: str = "system",
             after: Callable[[Any, list[str]], None] | None = None) -> list[FiredTimer]:
    """Fire every timer due at ``now``; each instance in its own short transaction.

    On PostgreSQL the instance row is taken with ``FOR UPDATE SKIP LOCKED``: a row another worker
    (or a user's request) holds is skipped and retried on the next sweep, never fired twice.
    The due time is checked again under the lock for the same reason.
    ``after(session, task_ids)`` runs in each instance's transaction with the tasks that became overdue.
    """
    with db.reading() as session:
        candidates = list(session.scalars(
            select(Instance.id).where(Instance.state == "running", Instance.next_timer_due <= now)
            .order_by(Instance.next_timer_due).limit(BATCH)
        ))
    fired: list[FiredTimer] = []
    for instance_id in candidates:
        try:
            fired.extend(_fire_one(db, cache, instance_id, now, actor, after))
        except EngineStepError as e:
            _record_error(db, instance_id, now, actor, str(e))
    return fired


def _fire_one(db: Database, cache: DefinitionCache, instance_id: str, now: datetime, actor: str,
              after: Callable[[Any, list[str]], None] | None = None) -> list[FiredTimer]:
    with db.transaction() as session:
        inst = session.scalars(
            select(Instance).where(
                Instance.id == instance_id, Instance.state == "running", Instance.next_timer_due <= now
            ).with_for_update(skip_locked=True).execution_options(populate_existing=True)
        ).first()
        if inst is None:
            return []  # another worker has it, or fired it already
        definition = cache.get(session, inst.definition_id)
        run, ids = steps.load_run(inst, definition, to_step=True)
        derived = steps.fire_timers(definition, run, ids, now)
        if not derived:
            inst.next_timer_due = record.next_timer_due(run)
            return []
        runtime.record_step(session, inst, definition, run, ids, now, actor, None, derived)
        if after is not None:
            after(session, [e.payload["task_id"] for e in derived if e.type == "timer_fired" and e.payload.get("task_id")])
        return [
            FiredTimer(instance_id=inst.id, timer_id=e.payload["element_id"],
                       task_element_id=e.payload.get("task_element_id", ""),
                       due_at=datetime.fromisoformat(e.payload["due_at"]), fired_at=now)
            for e in derived if e.type == "timer_fired"
        ]


def _record_error(db: Database, instance_id: str, now: datetime, actor: str, message: str) -> None:
    log.error("instance %s failed while firing timers: %s", instance_id, message)
    with db.transaction() as session:
        inst = validate.lock_instance(session, instance_id)
        inst.state, inst.error, inst.next_timer_due = "error", message, None
        audit.append(session, inst, "instance_error", actor, now, {"message": message})


def work(fire: Callable[[], list[FiredTimer]], interval: float, stop: Callable[[], bool] = lambda: False,
         sleep: Callable[[float], None] = time.sleep) -> None:
    """The worker loop: sweep, sleep, repeat until ``stop()``; a failed sweep is logged, not fatal."""
    while not stop():
        try:
            for timer in fire():
                log.info("fired %s of instance %s", timer.timer_id, timer.instance_id)
        except Conflict:
            pass
        except Exception:  # the database went away, …: keep the worker alive and try again
            log.exception("timer sweep failed; retrying in %.0f s", interval)
        sleep(interval)
