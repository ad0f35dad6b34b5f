"""Saving instances without their spec (kept once per version) and restoring them onto it."""

from __future__ import annotations

import uuid
from types import ModuleType

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.task import Task



class _SpecFreeConverter(BpmnWorkflowConverter):
    """Saves a workflow without its spec (kept once per version) and restores it onto a given spec."""

    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct, spec=None, subprocess_specs=None):
        workflow = self.target_class(spec, subprocess_specs or {}, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], uuid.UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(uuid.UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


_config = dict(SPIFF_CONFIG)
_config[BpmnWorkflow] = _SpecFreeConverter
SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(_config))


def _clean(data: dict) -> dict:
    """What the library's registry keeps of a data dict: no callables, no modules."""
    return {k: v for k, v in data.items() if not callable(v) and not isinstance(v, ModuleType)}


def _plain(workflow: BpmnWorkflow) -> bool:
    return (not workflow.subprocesses and not workflow.bpmn_events
            and SERIALIZER.registry.typenames.get(Task) == "Task"
            and SERIALIZER.registry.typenames.get(type(workflow)) == "BpmnWorkflow")


def workflow_dict(workflow: BpmnWorkflow, names: dict[uuid.UUID, str]) -> dict:
    """``SERIALIZER.to_dict(workflow)`` (in encoder mode), built directly: the same dict, key for key.

    The library goes through its registry for every task; here each task's dict is written out at
    once, and task ids are turned into text once per task (``names`` keeps them between steps).
    Anything but the plain case (sub-processes, pending events) goes through the library.
    """
    if not _plain(workflow):
        return SERIALIZER.to_dict(workflow)
    tasks = workflow.tasks
    if len(names) > 2 * len(tasks) + 64:  # pruned tasks of a long loop: forget their names
        names.clear()

    def name(task_id: uuid.UUID) -> str:
        text = names.get(task_id)
        if text is None:
            text = names[task_id] = str(task_id)
        return text

    out = {}
    for task_id, task in tasks.items():
        if type(task) is not Task:
            return SERIALIZER.to_dict(workflow)
        parent = tasks.get(task._parent) if task._parent is not None else None
        mine = task.data
        if parent is None:
            data, delta = mine, {}
        else:
            theirs = parent.data
            data = {}
            delta = {"updates": {k: v for k, v in mine.items() if k not in theirs or v != theirs[k]},
                     "deletions": [k for k in theirs if k not in mine]}
        out[name(task_id)] = {
            "id": name(task_id),
            "parent": name(task._parent) if parent is not None else None,
            "children": [name(c) for c in task._children],
            "last_state_change": task.last_state_change,
            "state": task.state,
            "task_spec": task.task_spec.name,
            "triggered": task.triggered,
            "internal_data": _clean(task.internal_data),
            "data": data,
            "delta": delta,
            "typename": "Task",
        }
    last = workflow.last_task
    return {
        "data": _clean(workflow.data),
        "correlations": workflow.correlations,
        "last_task": name(last.id) if last is not None else None,
        "success": workflow.success,
        "completed": workflow.completed,
        "tasks": out,
        "root": name(workflow.task_tree.id),
        "subprocesses": {},
        "bpmn_events": workflow.bpmn_events,
        "typename": "BpmnWorkflow",
    }
