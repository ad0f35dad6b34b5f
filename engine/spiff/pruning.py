"""Dropping settled history from the task tree of a long-running instance."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from SpiffWorkflow.util.task import TaskState

if TYPE_CHECKING:
    from .run import Run


def prune(run: Run) -> None:
    """Drop settled history from the task tree of a long-running instance.

    SpiffWorkflow keeps every finished task, so each loop iteration makes every later step
    slower and every save larger. Everything above the nearest common ancestor of the live
    tasks is settled: it is cut off (keeping a few levels), and its element path is kept in
    ``run.archive`` for the diagram. The audit log, not the tree, is the record of what happened.
    Runtime and replay prune at the same steps, so saved states still match exactly.
    """
    workflow = run.workflow
    if workflow.subprocesses:
        return
    live = [t for t in workflow.tasks.values() if t.state & TaskState.NOT_FINISHED_MASK]
    if not live or len(workflow.tasks) - len(live) < run.prune_at:
        return
    # Only the tops of the live subtrees matter for their common ancestor.
    tops = [t for t in live if t.parent is None or not (t.parent.state & TaskState.NOT_FINISHED_MASK)]
    common: set[uuid.UUID] | None = None
    for task in tops:
        line = set()
        node = task
        while node is not None:
            line.add(node.id)
            node = node.parent
        common = line if common is None else common & line
    node = tops[0]
    while node is not None and node.id not in (common or set()):
        node = node.parent
    for _ in range(run.KEEP_ABOVE):
        if node is not None and node.parent is not None:
            node = node.parent
    if node is None or node is workflow.task_tree:
        return
    completed, flows = run.element_path()
    run.archive = {"completed": sorted(set(completed)), "flows": flows}
    keep = {t.id for t in workflow.get_tasks(first_task=node)}
    for task_id in [t for t in workflow.tasks if t not in keep]:
        del workflow.tasks[task_id]
    node._parent = None
    workflow.task_tree = node
    if workflow.last_task is not None and workflow.last_task.id not in keep:
        workflow.last_task = None
