"""Timer start events: the worker starts instances on schedule (a weekly plan, a monthly report).

Each due time of a process starts exactly one instance, however many workers sweep at once: the
start is recorded in ``timer_starts`` under the primary key (process, due time), in the same
transaction as the instance; a second worker's insert fails and its whole start is rolled back.
Only the latest due time is started: due times missed while no worker ran are not caught up.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from . import actions as runtime, steps
from .. import spiff
from ..definitions.deployed import DefinitionCache, LoadedDefinition, latest_processes
from ..definitions.deployments import unitless_version
from ..records import FiredTimer
from ..store.db import Database
from ..store.models import Instance, TimerStart

log = logging.getLogger("sopflow.timers")

#: who starts the instances of timer start events, in the audit log and on the instance
CLOCK = "clock"


def start_due(db: Database, cache: DefinitionCache, now: datetime) -> list[FiredTimer]:
    """Start an instance of every process whose timer start event is due and not yet started."""
    with db.reading() as session:
        due: list[tuple[LoadedDefinition, str, datetime]] = []
        for latest in latest_processes(session):
            row = unitless_version(session, latest)
            if row is None:
                continue
            definition = cache.get(session, row.id)
            for element_id, (kind, text) in definition.process.start_kinds.items():
                when = spiff.latest_start_due(text, row.deployed_at, now) if kind == "timer" else None
                if when is not None and session.get(TimerStart, (row.process_id, when)) is None:
                    due.append((definition, element_id, when))
    started = []
    for definition, element_id, when in due:
        try:
            with db.transaction() as session:
                inst = _start(session, definition, when, now)
        except IntegrityError:
            continue  # another worker started this due time
        except spiff.EngineStepError as e:
            log.error("%s could not start on its timer due %s: %s", definition.process_id, when.isoformat(), e)
            continue
        started.append(FiredTimer(instance_id=inst.id, timer_id=element_id, task_element_id="", due_at=when,
                                  fired_at=now))
    return started


def _start(session, definition: LoadedDefinition, when: datetime, now: datetime) -> Instance:
    instance_id = str(uuid.uuid4())
    session.add(TimerStart(process_id=definition.process_id, due_at=when, instance_id=instance_id, started_at=now))
    session.flush()  # the primary key decides, before any work, which worker starts this due time
    run, ids, derived = steps.start(definition, instance_id, {}, now, by_clock=True)
    return runtime.open_instance(session, definition, instance_id, run, ids, derived, now, CLOCK,
                                 {"data": {}, "clock_due": when.isoformat()})
