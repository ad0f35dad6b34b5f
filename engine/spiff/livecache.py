"""Keeping the workflow of an instance in memory between its steps, as if it had been reloaded.

A step deserialises the saved state, runs, and serialises it again; loading is the largest part of
that cost. The runtime keeps the workflow it has just saved, keyed by the instance, its definition
and the sha256 of the saved text, and the next step on the same process takes it instead of
loading. The key is the content itself: a rolled-back step, a step taken by another process or a
state written in any other way has another hash, so a kept workflow is used only for exactly the
state it was saved as.

A workflow kept in memory is not the one a load would give: loading rebuilds each task's data from
its parent's plus a delta, through JSON (keys in another order, tuples become lists, no shared
objects), and re-registers the waiting events. :func:`settle` does the same to the live workflow,
so what follows a step is the same whichever of the two the next step starts from; replay loads
after every step, and comparing it with the runtime is what checks that this stays true.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.util.deep_merge import DeepMerge
from SpiffWorkflow.util.task import TaskState

from .storage import SERIALIZER

if TYPE_CHECKING:
    from .run import Run


def _restore(value: Any) -> Any:
    """A value of the parsed saved text as a load restores it (typed values rebuilt)."""
    return SERIALIZER.registry.restore(value)


def _as_parsed(value: Any) -> Any:
    return value


def can_settle(run: Run, dct: dict[str, Any]) -> bool:
    """Only the plain case is kept: no sub-process workflows and no pending BPMN events."""
    return not run.workflow.subprocesses and not dct.get("subprocesses") and not dct.get("bpmn_events")


def settle(run: Run, text: str) -> None:
    """Make ``run``'s workflow what loading ``text`` (the state it was just saved as) would give.

    It works from the text, not from the dict the text was made of: that dict shares objects with
    the live workflow and with whatever else holds them (a message's payload given to several
    instances), which may change before the settle is done.
    """
    dct = json.loads(text)
    workflow = run.workflow
    tasks_dct = dct["tasks"]
    # The parsed values are new objects, shared with nothing: they need restoring only when the text
    # holds typed values, whose mark is a "typename" key beside the workflow's own and each task's.
    _restored = _restore if text.count('"typename"') != len(tasks_dct) + 1 else _as_parsed
    names = run._names  # task ids as the save wrote them (text keys hash far faster than UUIDs)
    built: dict[str, Any] = {}  # the data of each task settled so far, by its saved id
    waiting: dict[Any, Any] = {}
    for task_id, task in workflow.tasks.items():
        name = names.get(task_id) or str(task_id)
        saved = tasks_dct[name]
        task.internal_data = _restored(saved["internal_data"]) if saved["internal_data"] else {}
        parent = saved["parent"]
        delta = saved.get("delta")
        # Loading builds tasks in saved order: a parent saved later is not there yet, so (as there)
        # such a task gets its own saved data only.
        if delta and parent is not None and parent in built:
            data = DeepMerge.merge({}, built[parent])
            updates = delta.get("updates")
            if updates:
                data.update(_restored(updates))
            for key in delta.get("deletions") or ():
                data.pop(key, None)
        else:
            data = _restored(saved["data"]) if saved["data"] else {}
        task.data = built[name] = data
        if isinstance(task.task_spec, CatchingEvent) and task.state & TaskState.WAITING:
            waiting[task_id] = task
    workflow.event_manager.tasks = waiting
    workflow.data = _restored(dct["data"])
    workflow.correlations = _restored(dct["correlations"])
    workflow.bpmn_events = []
    archive = dct.get("sopflow_archive")
    run.archive = archive if archive else {"completed": [], "flows": []}


class LiveWorkflows:
    """A small per-process store of settled workflows, keyed by (instance, definition, state sha256).

    ``take`` removes what it returns, so two threads never share one workflow; a failed step simply
    does not put it back.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._runs: OrderedDict[str, tuple[tuple[int, str], Run]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, instance_id: str, definition_id: int, state_sha256: str) -> Run | None:
        with self._lock:
            kept = self._runs.pop(instance_id, None)
        if kept is None or kept[0] != (definition_id, state_sha256):
            return None
        try:
            kept[1].settle_pending()
        except Exception:  # noqa: BLE001 - a workflow that cannot be settled is loaded instead
            return None
        return kept[1]

    def put(self, instance_id: str, definition_id: int, state_sha256: str, run: Run) -> None:
        with self._lock:
            self._runs[instance_id] = ((definition_id, state_sha256), run)
            self._runs.move_to_end(instance_id)
            while len(self._runs) > self.size:
                self._runs.popitem(last=False)

    def drop(self, instance_id: str) -> None:
        with self._lock:
            self._runs.pop(instance_id, None)


LIVE = LiveWorkflows()
