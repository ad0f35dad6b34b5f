"""A faster walk of a workflow's task tree, yielding exactly what SpiffWorkflow's own iterator yields.

SpiffWorkflow finds tasks (``workflow.get_tasks(state=READY)``, once per engine round and more)
with an iterator that keeps a depth counter and rebuilds lists at every node; on a tree of a few
hundred predicted tasks that walk is a third of starting an instance. :func:`install` gives one
workflow a plain depth-first walk over the same tree, with the same rules: the same tasks, in the
same order (the order tasks run in, and so the ids they draw, depends on it), evaluated as lazily.

Only the common case is walked here: the top workflow without sub-process workflows, fewer tasks
than the iterator's depth limit (so the limit cannot cut anything off), and a filter on state,
``manual`` and spec name. Anything else goes to SpiffWorkflow's iterator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow
from SpiffWorkflow.util.task import TaskState

#: the filter keywords walked here; any other goes to the library
_SIMPLE = frozenset({"state", "manual", "spec_name"})
#: SpiffWorkflow's default ``max_depth``: a tree with fewer tasks is never that deep
_MAX_DEPTH = 1000


def install(workflow: Any) -> None:
    """Make ``workflow.get_tasks``/``get_next_task`` use :func:`tasks_iterator` (an instance attribute, so
    the workflow's class, and so its saved form, stay SpiffWorkflow's own)."""
    workflow.get_tasks_iterator = lambda first_task=None, **kwargs: tasks_iterator(workflow, first_task, **kwargs)


def tasks_iterator(workflow: Any, first_task: Any = None, **kwargs: Any) -> Iterator[Any]:
    if (first_task is not None or workflow.subprocesses or not _SIMPLE.issuperset(kwargs)
            or len(workflow.tasks) >= _MAX_DEPTH or getattr(workflow, "top_workflow", workflow) is not workflow):
        return BpmnBaseWorkflow.get_tasks_iterator(workflow, first_task, **kwargs)
    state = kwargs.get("state", TaskState.ANY_MASK)
    return _walk(workflow.tasks, workflow.task_tree, state, _min_state(state), kwargs.get("manual"),
                 kwargs.get("spec_name"))


def _min_state(state: int) -> int:
    """The least state whose children the library's iterator still visits, for a filter on ``state``."""
    if state & TaskState.PREDICTED_MASK:
        return TaskState.MAYBE
    if state & TaskState.DEFINITE_MASK:
        return TaskState.FUTURE
    return TaskState.COMPLETED


def _walk(tasks: dict[Any, Any], root: Any, state: int, min_state: int, manual: bool | None,
          spec_name: str | None) -> Iterator[Any]:
    # Pre-order, children in order: a task's children are looked up when it is reached, as there.
    stack = [root]
    while stack:
        task = stack.pop()
        if task._children and task._state >= min_state:
            stack.extend(reversed([tasks.get(child) for child in task._children]))
        if (task._state & state and task.last_state_change >= 0
                and (manual is None or task.task_spec.manual == manual)
                and (spec_name is None or task.task_spec.name == spec_name)):
            yield task
