"""The task tree of a new instance, predicted once per process and stamped out per instance.

A new SpiffWorkflow workflow predicts its whole task tree (every FUTURE, MAYBE and LIKELY task, 185 of them
for 30 steps with time standards) before anything runs. That prediction depends only on the process: the
same tasks in the same order, the same parents and states, and only the ids (drawn from the instance's
:class:`.clock.IdSequence`) and the time told differ. So it is made once, and each start copies it with the
ids it would have drawn, in the order it would have drawn them, and the engine's time: the workflow, and so
the saved state and its hash, are the very ones SpiffWorkflow would have made. A process whose new workflow
holds anything this copy does not carry over (sub-processes, events, data) is predicted as before.
"""

from __future__ import annotations

import copy
import uuid
import weakref
from datetime import datetime, timezone
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from .clock import IdSequence, _ClockedTime, _IDS, running

#: the time the template is predicted at; every task of a new tree must carry it, or no template is kept
_TEMPLATE_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
_TEMPLATE_INSTANCE = "00000000-0000-0000-0000-000000000000"
#: task attributes the copy sets itself; any other must be a plain value shared by every copy
_STAMPED = {"id", "workflow", "_parent", "_children", "data", "internal_data", "last_state_change"}
_PLAIN = (int, float, str, bool, type(None))


class _Recorder(IdSequence):
    """An id sequence that remembers which counter value gave each id."""

    def __init__(self) -> None:
        super().__init__(_TEMPLATE_INSTANCE, 0)
        self.index: dict[uuid.UUID, int] = {}

    def next(self) -> uuid.UUID:
        n = self.counter
        value = super().next()
        self.index[value] = n
        return value


class StartTree:
    """One process's predicted new workflow: per task, the counter value of its id and its attributes."""

    def __init__(self, rows: list[tuple[type, int, int | None, list[int], dict[str, Any], dict, dict]],
                 root: int, drawn: int, workflow_data: dict[str, Any]):
        self.rows, self.root, self.drawn, self.workflow_data = rows, root, drawn, workflow_data

    @classmethod
    def predict(cls, spec: Any, subprocess_specs: dict[str, Any], script_engine: Any) -> StartTree | None:
        recorder = _Recorder()
        with running(_TEMPLATE_TIME, recorder):
            workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine)
        told = _TEMPLATE_TIME.timestamp()
        if (workflow.subprocesses or workflow.bpmn_events or workflow.correlations or workflow.locks
                or workflow.last_task is not None or workflow.event_manager.tasks or not workflow.success
                or workflow.completed):
            return None
        rows = []
        for task in workflow.tasks.values():
            attrs = {k: v for k, v in vars(task).items() if k not in _STAMPED}
            if task.last_state_change != told or not all(isinstance(v, _PLAIN) or k == "task_spec"
                                                         for k, v in attrs.items()):
                return None
            parent = recorder.index[task._parent] if task._parent is not None else None
            rows.append((type(task), recorder.index[task.id], parent, [recorder.index[c] for c in task._children],
                         attrs, task.data, task.internal_data))
        return cls(rows, recorder.index[workflow.task_tree.id], recorder.counter, workflow.data)

    def stamp(self, spec: Any, subprocess_specs: dict[str, Any], script_engine: Any) -> BpmnWorkflow:
        """A new workflow, as ``BpmnWorkflow(spec, …)`` makes it inside :func:`.clock.running`."""
        ids = _IDS.get()
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
        base = ids.counter if ids is not None else 0
        id_of: dict[int, uuid.UUID] = {}
        for _, n, _, _, _, _, _ in self.rows:
            if ids is not None:
                ids.counter = base + n
                id_of[n] = ids.next()
            else:
                id_of[n] = uuid.uuid4()
        if ids is not None:
            ids.counter = base + self.drawn
        told = _ClockedTime.time()
        tasks = workflow.tasks
        for kind, n, parent, children, attrs, data, internal in self.rows:
            task = object.__new__(kind)
            state = task.__dict__
            state.update(attrs)
            state["id"] = id_of[n]
            state["workflow"] = workflow
            state["_parent"] = id_of[parent] if parent is not None else None
            state["_children"] = [id_of[c] for c in children]
            state["data"] = copy.deepcopy(data) if data else {}
            state["internal_data"] = copy.deepcopy(internal) if internal else {}
            state["last_state_change"] = told
            tasks[task.id] = task
        workflow.task_tree = tasks[id_of[self.root]]
        workflow.data = copy.deepcopy(self.workflow_data)
        return workflow


_TREES: weakref.WeakKeyDictionary[Any, StartTree | None] = weakref.WeakKeyDictionary()


def new_workflow(spec: Any, subprocess_specs: dict[str, Any], script_engine: Any) -> BpmnWorkflow:
    """``BpmnWorkflow(spec, subprocess_specs, script_engine=…)``, with the prediction made once per spec."""
    if spec not in _TREES:
        _TREES[spec] = StartTree.predict(spec, subprocess_specs, script_engine)
    tree = _TREES[spec]
    if tree is None:
        return BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine)
    return tree.stamp(spec, subprocess_specs, script_engine)
