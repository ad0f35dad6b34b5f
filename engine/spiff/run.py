"""One running instance: what it waits for (people, timers, messages) and moving it on."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import CycleTimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from . import expressions
from .parsing import ParsedProcess, _plain
from . import livecache, walk
from .eventsub import settle_event_subprocesses
from .pruning import prune
from .start_tree import new_workflow
from .scripting import SCRIPT_ENGINE
from .storage import SERIALIZER, workflow_dict
from .clock import current_time
from .timers import due_of, is_timer, message_definitions, timer_definition


@dataclasses.dataclass(frozen=True)
class ReadyTask:
    id: str
    element_id: str


@dataclasses.dataclass(frozen=True)
class WaitingTimer:
    timer_id: str
    host_task_id: str
    due_at: datetime


@dataclasses.dataclass(frozen=True)
class ElementTimer:
    host_element: str
    due_at: datetime


@dataclasses.dataclass(frozen=True)
class StepNote:
    """Something the engine did on its own during a step, worth an audit event."""

    kind: str  # gateway_taken | timer_fired
    element_id: str
    detail: dict[str, Any]


class EngineStepError(Exception):
    """The process could not advance (a condition failed, no branch matched, …)."""

    def __init__(self, message: str, element_id: str | None = None):
        super().__init__(message)
        self.element_id = element_id


#: Saved-state formats, each fixed for the life of an instance (replay re-runs an instance in its own):
#: how many finished tasks the task tree may hold before settled history is pruned (see
#: :func:`.pruning.prune`). Format 1 pruned at 100, so a long loop's steps cost up to twice its first
#: ones; format 2 keeps the tree near the size of its live part.
PRUNE_AT = {1: 100, 2: 16}
#: the format new instances are started in
STATE_FORMAT = 2


class UnknownStateFormat(ValueError):
    """A saved state or a start event names a format this version does not know."""


class Run:
    """A live workflow of one instance, for the span of one transaction."""

    #: levels of settled tasks kept above the oldest live task when pruning
    KEEP_ABOVE = 4
    #: engine rounds per step: a timer already due when it starts waiting runs in the next round
    MAX_ROUNDS = 50

    def __init__(self, workflow: BpmnWorkflow, process: ParsedProcess, archive: dict[str, list[str]] | None = None,
                 state_format: int = 1):
        if type(state_format) is not int or state_format not in PRUNE_AT:
            raise UnknownStateFormat(f"saved-state format {state_format!r} is not one this version knows")
        self.workflow = workflow
        self.process = process
        self.state_format = state_format
        #: prune settled history once the task tree holds this many finished tasks
        self.prune_at = PRUNE_AT[state_format]
        self.workflow.script_engine = SCRIPT_ENGINE
        walk.install(self.workflow)
        #: the element path of pruned history: {"completed": [...], "flows": [...]}
        self.archive = archive or {"completed": [], "flows": []}
        #: task ids as text, made once per task (see :func:`.storage.workflow_dict`)
        self._names: dict[uuid.UUID, str] = {}
        #: the text of the last save, while the workflow is not yet settled to it (see :meth:`save`)
        self._unsettled: str | None = None

    # -- creation and storage -------------------------------------------------------------

    @classmethod
    def new(cls, process: ParsedProcess, data: dict[str, Any] | None = None, state_format: int | None = None) -> Run:
        """A new instance's workflow, in ``state_format`` (default: :data:`STATE_FORMAT`)."""
        workflow = new_workflow(process.spec, process.subprocess_specs, SCRIPT_ENGINE)
        if data:
            workflow.get_next_task(state=TaskState.READY).data.update(data)
        return cls(workflow, process, state_format=STATE_FORMAT if state_format is None else state_format)

    @classmethod
    def load(cls, state: str, process: ParsedProcess) -> Run:
        dct = json.loads(state)
        archive = dct.pop("sopflow_archive", None)
        state_format = dct.pop("sopflow_format", 1)
        SERIALIZER.migrate(dct)
        workflow = SERIALIZER.from_dict(dct, spec=process.spec, subprocess_specs=process.subprocess_specs)
        return cls(workflow, process, archive, state_format)

    def dump(self) -> str:
        """The saved state: the task tree and data, without the spec; the same steps give the same text."""
        return self.save(settle=False)[0]

    def save(self, settle: bool = True) -> tuple[str, bool]:
        """The saved state (as :meth:`dump`); with ``settle``, the live workflow is to be made what
        loading that text would give (see :mod:`.livecache`) before it is used again, and the flag
        says whether it can be. That work is left until then (:meth:`settle_pending`): a workflow
        that is never used again, as after a start whose next step another process takes, skips it."""
        self.settle_pending()
        SERIALIZER.registry._encoder_mode = True
        try:
            dct = workflow_dict(self.workflow, self._names)
            dct[SERIALIZER.VERSION_KEY] = SERIALIZER.VERSION
            _sort_deletions(dct)
            if self.archive["completed"]:
                dct["sopflow_archive"] = self.archive
            if self.state_format != 1:  # format 1 states stay byte for byte what they were
                dct["sopflow_format"] = self.state_format
            # Key order is kept, not sorted: tasks must be restored parents first, because each
            # task's data is stored as a delta against its parent's.
            text = json.dumps(dct, cls=SERIALIZER._encoder_cls, separators=(",", ":"))
            settled = settle and livecache.can_settle(self, dct)
            if settled:
                self._unsettled = text
            return text, settled
        finally:
            SERIALIZER.registry._encoder_mode = False

    def settle_pending(self) -> None:
        """Settle the workflow to its last save, if :meth:`save` left that to be done; every use that
        can move the workflow or read its data calls this first."""
        text, self._unsettled = self._unsettled, None
        if text is not None:
            livecache.settle(self, text)

    # -- reading ------------------------------------------------------------------------------

    def _workflows(self) -> list[Any]:
        return [self.workflow, *self.workflow.subprocesses.values()]

    def _in_state(self, state: int) -> list[Any]:
        # A scan of the task dicts is several times faster than SpiffWorkflow's tree iterator; its
        # order is the saved order, identical for the runtime and for replay.
        if not self.workflow.subprocesses:
            return [t for t in self.workflow.tasks.values() if t.state == state]
        return [t for wf in self._workflows() for t in wf.tasks.values() if t.state == state]

    def ready_user_tasks(self) -> list[ReadyTask]:
        return [ReadyTask(str(t.id), element_of(t.task_spec)) for t in self._in_state(TaskState.READY)
                if t.task_spec.manual]

    def _cycles_moved(self, before: dict[Any, datetime]) -> list[Any]:
        return [t for t in self.workflow.event_manager.tasks.values()
                if t.id in before and t.state == TaskState.WAITING and isinstance(
                    timer_definition(t.task_spec), CycleTimerEventDefinition) and due_of(t) != before[t.id]]

    def _running_timers(self) -> list[tuple[Any, Any, datetime]]:
        """(timer task, the task it watches or None, due time) for every waiting timer."""
        result = []
        # SpiffWorkflow keeps the waiting catch events (of sub-processes too) in its event manager.
        for t in self.workflow.event_manager.tasks.values():
            if t.state == TaskState.WAITING and is_timer(t.task_spec):
                due = due_of(t)
                if due is not None:
                    host = _host_of(t) if isinstance(t.task_spec, BoundaryEvent) else None
                    result.append((t, host, due))
        return result

    def waiting_timers(self) -> list[WaitingTimer]:
        return [WaitingTimer(t.task_spec.name, str(host.id) if host else "", due)
                for t, host, due in self._running_timers()]

    def waiting_timers_by_element(self) -> list[ElementTimer]:
        """Running time standards keyed by the element id of the task they watch."""
        return [ElementTimer(element_of(host.task_spec), due) for _, host, due in self._running_timers()
                if host is not None]

    def awaited_messages(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(message name, catching element id, its task's data) for every message the instance waits for."""
        self.settle_pending()
        found = []
        for t in self.workflow.event_manager.tasks.values():
            if t.state != TaskState.WAITING:
                continue
            for definition in message_definitions(t.task_spec):
                found.append((definition.name, element_of(t.task_spec), t.data))
        return found

    def is_completed(self) -> bool:
        return self.workflow.is_completed()

    def stall_reason(self) -> str | None:
        """Why a running instance can never move again (no open task, timer or awaited message); None if it can."""
        if self.is_completed() or self.ready_user_tasks() or self._running_timers() or self.awaited_messages():
            return None
        waiting = sorted({element_of(t.task_spec) for t in self._in_state(TaskState.WAITING)})
        where = f" (waiting at {', '.join(waiting)})" if waiting else ""
        return f"the instance is stalled: it has no open task, no pending timer and awaits no message{where}"

    def final_data(self) -> dict[str, Any]:
        """The data at the end: the workflow's own once completed, else the last finished task's."""
        self.settle_pending()
        if self.workflow.data:
            return {k: v for k, v in self.workflow.data.items() if k != "data_objects"}
        last = self.workflow.last_task
        return dict(last.data) if last is not None else {}

    def task_data(self, task_id: str) -> dict[str, Any]:
        self.settle_pending()
        return dict(self._task(task_id).data)

    def has_ready_task(self, task_id: str) -> bool:
        try:
            task = self._task(task_id)
        except EngineStepError:
            return False
        return task.state == TaskState.READY and bool(task.task_spec.manual)

    def element_path(self) -> tuple[list[str], list[str]]:
        """Element ids completed so far, and the sequence flow ids taken between them."""
        self.settle_pending()
        completed: list[str] = list(self.archive["completed"])
        flows: set[str] = set(self.archive["flows"])
        real = set(self.process.user_tasks) | {s for s, _ in self.process.flows} | {t for _, t in self.process.flows}
        for wf in self._workflows():
            for task in wf.get_tasks(state=TaskState.COMPLETED | TaskState.READY):
                name = element_of(task.task_spec)
                if name not in real:
                    continue
                if task.state == TaskState.COMPLETED:
                    completed.append(name)
                source = self._real_ancestor(task, real)
                if source is not None and (source, name) in self.process.flows:
                    flows.add(self.process.flows[(source, name)])
        return completed, sorted(flows)

    @staticmethod
    def _real_ancestor(task: Any, real: set[str]) -> str | None:
        parent = task.parent
        while parent is not None:
            if element_of(parent.task_spec) in real:
                return element_of(parent.task_spec)
            parent = parent.parent
        return None

    # -- acting -------------------------------------------------------------------------------

    def complete(self, task_id: str, data: dict[str, Any]) -> list[StepNote]:
        self.settle_pending()
        task = self._task(task_id)
        if task.state != TaskState.READY or not task.task_spec.manual:
            raise EngineStepError("task is not ready", task.task_spec.name)
        task.data.update(data)
        try:
            task.run()
        except SpiffWorkflowException as e:
            raise EngineStepError(_plain(e), element_of(task.task_spec)) from None
        return self.advance()

    def start_by_clock(self) -> list[StepNote]:
        """Let the timer start event of a new instance fire now: the clock started it."""
        self.settle_pending()
        for task in self.workflow.get_tasks(state=TaskState.WAITING):
            if isinstance(task.task_spec, StartEvent) and is_timer(task.task_spec) and task.workflow is self.workflow:
                task._set_internal_data(event_fired=True)
                task.task_spec._update(task)
                task.run()
                if not task.children:  # a cycle timer predicts no path: it adds one per repetition
                    for output in task.task_spec.outputs:
                        child = task._add_child(output, TaskState.FUTURE)
                        child.task_spec._predict(child, mask=TaskState.NOT_FINISHED_MASK)
                        child.task_spec._update(child)
        return self.advance()

    def catch_message(self, name: str, payload: dict[str, Any]) -> list[StepNote]:
        """Deliver message ``name`` with ``payload``; raises when nothing in the instance waits for it."""
        self.settle_pending()
        definition = None
        for task in self._in_state(TaskState.WAITING):
            definition = next((d for d in message_definitions(task.task_spec) if d.name == name), None)
            if definition is not None:
                break
        if definition is None:
            raise EngineStepError(f"the instance is not waiting for message {name!r}")
        try:
            self.workflow.catch(BpmnEvent(definition, payload=dict(payload)))
        except SpiffWorkflowException as e:
            raise EngineStepError(_plain(e)) from None
        return self.advance()

    def advance(self, refresh: bool = False) -> list[StepNote]:
        """Run gateways and events until only people, timers or messages can move the process.

        The notes come in the order the engine completed things, as SpiffWorkflow reports them.
        """
        self.settle_pending()
        before = {t.id: due for t, _, due in self._running_timers()}
        now = current_time()
        notes: list[StepNote] = []

        def seen(task: Any) -> None:
            spec = task.task_spec
            if isinstance(spec, (ExclusiveGateway, InclusiveGateway)):
                chosen = [
                    element_of(c.task_spec) for c in task.children
                    if c.state not in (TaskState.CANCELLED, TaskState.MAYBE, TaskState.LIKELY)
                ]
                notes.append(StepNote("gateway_taken", spec.name, {
                    "targets": chosen,
                    "flows": [self.process.flows.get((spec.name, t), "") for t in chosen],
                }))
            elif is_timer(spec) and not (isinstance(spec, StartEvent) and task.workflow is self.workflow):
                due = before.get(task.id)
                if due is None or due <= now:  # not an event-based gateway that a message moved
                    notes.append(_timer_note(task, due))

        try:
            if refresh:
                self.workflow.refresh_timers()
            for _ in range(self.MAX_ROUNDS):
                # SpiffWorkflow's do_engine_steps, with a look at which timers its closing refresh fired
                while self.workflow._do_engine_steps(did_complete_task=seen):
                    pass
                if settle_event_subprocesses(self):
                    continue
                waiting = list(self.workflow.event_manager.tasks.values())
                self.workflow.refresh_timers()
                if not any(t.state == TaskState.READY for t in waiting):
                    break  # a timer already due when it began to wait runs in the next round
        except SpiffWorkflowException as e:
            element = getattr(getattr(e, "task", None), "task_spec", None)
            raise EngineStepError(_plain(e), getattr(element, "name", None)) from None
        except expressions.ExpressionError as e:
            raise EngineStepError(str(e)) from None
        except (ValueError, TypeError, KeyError, OverflowError, ArithmeticError) as e:
            raise EngineStepError(f"the engine cannot go on ({type(e).__name__}: {e})") from None
        except Exception as e:  # SpiffWorkflow's timer parser raises a bare Exception("Invalid duration")
            raise EngineStepError(f"the engine cannot go on: {e}") from None
        # A cycle timer never completes: it fired when its next due time moved on.
        notes.extend(_timer_note(task, before[task.id]) for task in self._cycles_moved(before))
        prune(self)
        return notes

    def fire_due_timers(self) -> list[StepNote]:
        return self.advance(refresh=True)

    def _task(self, task_id: str) -> Any:
        try:
            return self.workflow.get_task_from_id(uuid.UUID(task_id))
        except (ValueError, SpiffWorkflowException):
            raise EngineStepError(f"no task {task_id} in this instance") from None


def _timer_note(task: Any, due: datetime | None) -> StepNote:
    host = _host_of(task) if isinstance(task.task_spec, BoundaryEvent) else None
    return StepNote("timer_fired", task.task_spec.name, {
        "task_element_id": element_of(host.task_spec) if host is not None else "",
        "task_id": str(host.id) if host is not None else "",
        "due_at": due.isoformat() if due is not None else None,
    })


def _sort_deletions(dct: dict[str, Any]) -> None:
    """Put each task's deleted data keys in order: SpiffWorkflow derives them from a set."""
    workflows = [dct, *dct.get("subprocesses", {}).values()]
    for workflow in workflows:
        for task in workflow.get("tasks", {}).values():
            delta = task.get("delta")
            if delta and delta.get("deletions"):
                delta["deletions"] = sorted(delta["deletions"])


def element_of(spec: Any) -> str:
    """The BPMN element behind a task spec (``X.BoundaryEventSplit`` and ``X [child]`` stand for ``X``)."""
    bpmn_id = getattr(spec, "bpmn_id", None)
    if bpmn_id:
        return bpmn_id
    name = spec.name
    return name.split(".", 1)[0] if name.endswith(".BoundaryEventSplit") else name


def _host_of(boundary_task: Any) -> Any:
    """The task a boundary event is attached to: its sibling under the BoundaryEventSplit."""
    split = boundary_task.parent
    if split is None or not split.task_spec.name.endswith(".BoundaryEventSplit"):
        return None
    host_name = split.task_spec.name[: -len(".BoundaryEventSplit")]
    return next((c for c in split.children if c.task_spec.name == host_name), None)
