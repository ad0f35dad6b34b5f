"""Reproducible time and task ids inside SpiffWorkflow.

SpiffWorkflow reads the clock in ``task.py`` (``time.time()``) and in the timer module
(``datetime.now``). Both are redirected to the engine's time while :func:`running` is active.
``Task`` draws ``uuid4()``; while :func:`running` is active ids come from an :class:`IdSequence`
(uuid5 over the instance id and a counter saved with the instance), so re-running the same steps
from the log yields byte-identical saved state.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import time as _time
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

import SpiffWorkflow.task as _spiff_task_module
from SpiffWorkflow.bpmn.specs.event_definitions import timer as _spiff_timer_module


# RFC 4122 variant bits and version 5, as uuid.UUID(bytes=…, version=5) sets them
_UUID5_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID5_SET = (0x8000 << 48) | (5 << 76)

_NOW: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("sopflow_now", default=None)
_IDS: contextvars.ContextVar[IdSequence | None] = contextvars.ContextVar("sopflow_ids", default=None)


class IdSequence:
    """Deterministic task ids for one instance: uuid5(instance id, n) for n = counter, counter+1, …"""

    def __init__(self, instance_id: str, counter: int = 0):
        self.namespace = uuid.UUID(instance_id)
        self.counter = counter
        self._prefix = self.namespace.bytes

    def next(self) -> uuid.UUID:
        """``uuid.uuid5(namespace, str(counter))``, built without its argument checks: a start makes
        one per predicted task, and the checks cost more than the hash."""
        digest = hashlib.sha1(self._prefix + str(self.counter).encode(), usedforsecurity=False).digest()
        value = (int.from_bytes(digest[:16], "big") & _UUID5_CLEAR) | _UUID5_SET
        self.counter += 1
        made = object.__new__(uuid.UUID)
        object.__setattr__(made, "int", value)
        object.__setattr__(made, "is_safe", uuid.SafeUUID.unknown)
        return made


class _ClockedDatetime(datetime):
    """``datetime`` whose ``now`` follows the engine's clock inside :func:`running`."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        fixed = _NOW.get()
        if fixed is None:
            return datetime.now(tz)
        return fixed.astimezone(tz) if tz is not None else fixed.replace(tzinfo=None)


class _ClockedTime:
    """Stands in for the ``time`` module inside SpiffWorkflow's ``task.py``."""

    @staticmethod
    def time() -> float:
        fixed = _NOW.get()
        return fixed.timestamp() if fixed is not None else _time.time()


def _next_task_id() -> uuid.UUID:
    ids = _IDS.get()
    return ids.next() if ids is not None else uuid.uuid4()


_spiff_timer_module.datetime = _ClockedDatetime  # type: ignore[attr-defined]
_spiff_task_module.time = _ClockedTime  # type: ignore[attr-defined]
_spiff_task_module.uuid4 = _next_task_id  # type: ignore[attr-defined]


@contextlib.contextmanager
def running(now: datetime, ids: IdSequence | None = None) -> Iterator[None]:
    """Run SpiffWorkflow code with ``now`` as the time and ids drawn from ``ids``."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    now_token = _NOW.set(now)
    ids_token = _IDS.set(ids)
    try:
        yield
    finally:
        _NOW.reset(now_token)
        _IDS.reset(ids_token)



def current_time() -> datetime:
    """The engine's time inside :func:`running`, else the wall clock (UTC)."""
    fixed = _NOW.get()
    return fixed if fixed is not None else datetime.now(timezone.utc)
