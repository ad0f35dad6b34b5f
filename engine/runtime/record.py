"""Stage 3 of a step: save the moved workflow and write the step's audit events.

The saved state comes first, so the first event of the step can carry the hash of the state
after it; the task mirror (:mod:`.mirror`) follows each event.
"""

from __future__ import annotations

import hashlib
import zlib
from datetime import datetime
from typing import Any

from .. import spiff
from ..audit import log as audit
from ..store.models import Instance
from .steps import Derived


def save_state(inst: Instance, run: spiff.Run, ids: spiff.IdSequence, now: datetime, definition_id: int) -> str:
    """Store the workflow on its instance (nothing once it has completed); the sha256 of its state.

    The workflow itself is kept in this process for the instance's next step (it is settled to what
    loading the saved text gives, see :mod:`engine.spiff.livecache`).
    """
    dump, settled = run.save()
    digest = hashlib.sha256(dump.encode("utf-8")).hexdigest()
    inst.state_sha256 = digest
    inst.id_counter = ids.counter
    inst.next_timer_due = next_timer_due(run)
    if run.is_completed():
        inst.state, inst.ended_at, inst.workflow_state = "completed", now, None
    else:
        # Level 1: a fifth of level 6's time for a tenth more bytes, on a row rewritten every step
        inst.workflow_state = zlib.compress(dump.encode("utf-8"), 1)
        if settled:
            spiff.LIVE.put(inst.id, definition_id, digest, run)
    return digest


def recorded(cause: Derived | None, derived: list[Derived], state_sha256: str) -> list[Derived]:
    """The events a step writes, in order: its cause (if any) then what it derived.

    The first carries the hash of the saved state after the step, so replay can check the
    state at every step, not only at the end.
    """
    events = ([cause] if cause is not None else []) + list(derived)
    if events:
        events[0] = Derived(events[0].type, {**events[0].payload, "state_sha256": state_sha256})
    return events


def chain(inst: Instance, events: list[Derived], actor: str, now: datetime) -> list[dict[str, Any]]:
    """The step's event rows, chained, not yet written (the instance's count and last hash move on)."""
    return audit.chain_rows(inst, actor, now, [(e.type, e.payload) for e in events])


def next_timer_due(run: spiff.Run) -> datetime | None:
    dues = [t.due_at for t in run.waiting_timers()]
    return min(dues) if dues else None
