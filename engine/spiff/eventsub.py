"""Event sub-processes: what SpiffWorkflow leaves to the engine.

An event sub-process waits at its start event beside the flow it belongs to. Two rules of BPMN
are applied here after every engine round: when an *interrupting* one starts, the rest of its
flow is cancelled; when the flow finishes while one still waits, the waiting one is cancelled,
so the process can end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.util.task import TaskState

if TYPE_CHECKING:
    from .run import Run

_INTERRUPTED = "sopflow_interrupted"


def settle_event_subprocesses(run: Run) -> bool:
    """Apply both rules once; True when something was cancelled (the engine must run again)."""
    changed = False
    for task_id, sub in list(run.workflow.subprocesses.items()):
        task = run.workflow.get_task_from_id(task_id)
        if task is None or task.task_spec.name not in run.process.event_subprocesses or task.state != TaskState.STARTED:
            continue
        start = _start_event(sub)
        if start is None:
            continue
        if start.state == TaskState.COMPLETED:
            if start.task_spec.bpmn_id in run.process.interrupting and not task.internal_data.get(_INTERRUPTED):
                task.internal_data[_INTERRUPTED] = True
                changed |= _cancel_rest_of_flow(task)
        elif _flow_finished(task, run.process.event_subprocesses):
            task.cancel()
            changed = True
            for waiting in [t for t in task.workflow.tasks.values() if t.state == TaskState.WAITING and _is_closing(t)]:
                waiting.task_spec._update(waiting)  # the join was waiting for the cancelled one
    return changed


def _start_event(sub: Any) -> Any:
    return next((t for t in sub.tasks.values() if isinstance(t.task_spec, StartEvent)), None)


def _is_closing(task: Any) -> bool:
    name = task.task_spec.name
    return name == "End" or name.endswith(".EndJoin")


def _cancel_rest_of_flow(event_task: Any) -> bool:
    keep = set()
    node = event_task
    while node is not None:
        keep.add(node.id)
        node = node.parent
    changed = False
    for other in _open_tasks(event_task.workflow):
        if other.id in keep or _is_closing(other) or other.has_state(TaskState.FINISHED_MASK):
            continue
        if _below(other, event_task):
            continue
        other.cancel()
        changed = True
    return changed


def _open_tasks(workflow: Any) -> list[Any]:
    """The unfinished tasks of this workflow itself (SpiffWorkflow's get_tasks also walks its sub-processes)."""
    return [t for t in workflow.tasks.values() if t.state & TaskState.NOT_FINISHED_MASK]


def _below(task: Any, ancestor: Any) -> bool:
    node = task.parent
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def _flow_finished(event_task: Any, event_subprocesses: frozenset[str]) -> bool:
    """Whether nothing but waiting event sub-processes and the closing joins is left of the flow."""
    for other in _open_tasks(event_task.workflow):
        if other is event_task or _is_closing(other):
            continue
        if other.task_spec.name in event_subprocesses and other.state == TaskState.STARTED:
            sub = other.workflow.top_workflow.subprocesses.get(other.id)
            start = _start_event(sub) if sub is not None else None
            if start is not None and start.state != TaskState.COMPLETED:
                continue
        return False
    return True
