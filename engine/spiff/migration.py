"""Moving a running instance to another version of its process."""

from __future__ import annotations

from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.util.task import TaskState

from .parsing import ParsedProcess
from .run import Run, StepNote, _host_of, element_of
from .storage import SERIALIZER
from .timers import is_timer


def migration_blockers(run: Run, new_process: ParsedProcess) -> list[str]:
    """Why ``run`` cannot move to ``new_process`` (element ids it has reached that are gone); [] if it can."""
    from SpiffWorkflow.bpmn.util.diff import diff_workflow

    run.settle_pending()
    top, subs = diff_workflow(SERIALIZER.registry, run.workflow, new_process.spec, new_process.subprocess_specs)
    gone = sorted({t.task_spec.name for t in top.removed if not t.task_spec.name.startswith(("Start", "End", "Root"))
                   or "." in t.task_spec.name})
    gone = [name.split(".", 1)[0] if name.endswith(".BoundaryEventSplit") else name for name in gone]
    if any(d is None for d in subs.values()):
        gone.append("(a called subprocess is missing)")
    return sorted(set(gone))


def migrate(run: Run, new_process: ParsedProcess) -> list[StepNote]:
    """Put ``run`` on ``new_process``'s spec and let it move on, keeping time standards' due times.

    SpiffWorkflow's migration resets ready and waiting tasks, which restarts their timers from now;
    the original due time of every running time standard is put back afterwards.
    """
    from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow

    run.settle_pending()
    dues = {t.host_element: t.due_at for t in run.waiting_timers_by_element()}
    top, _ = diff_workflow(SERIALIZER.registry, run.workflow, new_process.spec, new_process.subprocess_specs)
    migrate_workflow(top, run.workflow, new_process.spec)
    run.workflow.subprocess_specs = new_process.subprocess_specs
    run.process = new_process
    notes = run.advance()
    for task in run.workflow.get_tasks(state=TaskState.WAITING):
        spec = task.task_spec
        if isinstance(spec, BoundaryEvent) and is_timer(spec):
            host = _host_of(task)
            if host is not None and element_of(host.task_spec) in dues:
                task.internal_data["event_value"] = dues[element_of(host.task_spec)].isoformat()
    return notes

