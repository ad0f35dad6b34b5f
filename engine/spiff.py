"""The one module that knows SpiffWorkflow.

Everything SpiffWorkflow-specific lives here: parsing a BPMN file into specs, the safe script
environment, saving an instance without its spec, and the small surface the runtime needs
(ready user tasks, completing one, firing timers, the element path taken).

Two process-wide hooks make execution reproducible, which replay depends on:

* time: SpiffWorkflow reads the clock in ``task.py`` (``time.time()``) and in the timer module
  (``datetime.now``). Both are redirected to :data:`_NOW` while :func:`running` is active.
* task ids: ``Task`` draws ``uuid4()``. While :func:`running` is active, ids come from an
  :class:`IdSequence` (uuid5 over the instance id and a counter saved with the instance), so
  re-running the same steps from the log yields byte-identical saved state.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import json
import re
import time as _time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

import SpiffWorkflow.task as _spiff_task_module
from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.event_definitions import timer as _spiff_timer_module
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser import VALIDATOR
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from . import expressions

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN_NS}

# ---------------------------------------------------------------------------------------------
# Reproducible time and ids
# ---------------------------------------------------------------------------------------------

_NOW: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("sopflow_now", default=None)
_IDS: contextvars.ContextVar[IdSequence | None] = contextvars.ContextVar("sopflow_ids", default=None)


class IdSequence:
    """Deterministic task ids for one instance: uuid5(instance id, n) for n = counter, counter+1, …"""

    def __init__(self, instance_id: str, counter: int = 0):
        self.namespace = uuid.UUID(instance_id)
        self.counter = counter

    def next(self) -> uuid.UUID:
        value = uuid.uuid5(self.namespace, str(self.counter))
        self.counter += 1
        return value


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


# ---------------------------------------------------------------------------------------------
# Safe script environment
# ---------------------------------------------------------------------------------------------


class _SafeEnvironment(BasePythonScriptEngineEnvironment):
    """Conditions and timer expressions go through :mod:`engine.expressions`; scripts are refused."""

    def evaluate(self, expression, context, external_context=None):
        names = dict(external_context or {})
        names.update(context)
        return expressions.evaluate(expression, names)

    def execute(self, script, context, external_context=None):
        raise expressions.ExpressionError("script tasks are not supported: use a user task or a condition")

    def call_service(self, context, **kwargs):
        raise expressions.ExpressionError("service tasks are not supported")


SCRIPT_ENGINE = PythonScriptEngine(environment=_SafeEnvironment())

# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------

#: A timer written the way modelers write it: an ISO 8601 duration, repetition or date-time.
_ISO_TIMER = re.compile(
    r"^(R\d*/)?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
    r"|^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$"
)
TIMER_TAGS = ("timeDuration", "timeDate", "timeCycle")


def is_iso_timer_literal(text: str) -> bool:
    return bool(_ISO_TIMER.match(text.strip()))


def quote_timer_literals(root: etree._Element) -> None:
    """Turn ``<timeDuration>PT1H</timeDuration>`` into ``"PT1H"``, in place.

    SpiffWorkflow evaluates timer definitions as expressions; a bare literal is a name error and the
    timer silently never fires. Analysts write it bare, as every modeler does.
    """
    for tag in TIMER_TAGS:
        for el in root.iter(f"{{{BPMN_NS}}}{tag}"):
            if el.text and is_iso_timer_literal(el.text):
                el.text = json.dumps(el.text.strip())


@dataclasses.dataclass(frozen=True)
class UserTaskMeta:
    """What the runtime needs to know of one user task, read from the spec once per version."""

    element_id: str
    name: str
    lane: str
    documentation: str
    instructions: str
    form: str | None  # JSON Schema path relative to forms/
    ui_form: str | None
    due: str | None  # ISO 8601 duration of its time-standard timer
    timer_id: str | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class ParsedProcess:
    process_id: str
    name: str
    spec: Any
    subprocess_specs: dict[str, Any]
    user_tasks: dict[str, UserTaskMeta]
    start_lanes: list[str]
    lanes: list[str]
    #: (source element id, target element id) -> sequence flow id, for drawing the path taken
    flows: dict[tuple[str, str], str]
    #: boundary timer element id -> (attached task element id, lane of its escalation end or "")
    timers: dict[str, tuple[str, str]]


class ParseError(Exception):
    """SpiffWorkflow refused the file; ``line`` and ``element_id`` locate it when known."""

    def __init__(self, message: str, line: int | None = None, element_id: str | None = None):
        super().__init__(message)
        self.line = line
        self.element_id = element_id


def parse_process(root: etree._Element, filename: str, *, validate: bool = True) -> list[ParsedProcess]:
    """Parse an already safely-parsed BPMN document into runnable specs, one per executable process.

    :param root: the document root; it is copied, the caller's tree is not changed.
    :raises ParseError: for XSD violations and SpiffWorkflow's own structural complaints.
    """
    root = _copy(root)
    quote_timer_literals(root)
    parser = SpiffBpmnParser(validator=VALIDATOR if validate else None)
    try:
        parser.add_bpmn_xml(root, filename=filename)
        result = []
        for process_id in parser.get_process_ids():
            spec = parser.get_spec(process_id)
            subs = parser.get_subprocess_specs(process_id)
            result.append(_describe(process_id, spec, subs, root))
        return result
    except ValidationException as e:
        raise ParseError(_plain(e), getattr(e, "line_number", None) or None, getattr(e, "id", None)) from None
    except SpiffWorkflowException as e:
        raise ParseError(_plain(e)) from None
    except (KeyError, AttributeError, TypeError, ValueError, IndexError) as e:
        # SpiffWorkflow's parser has gaps where odd documents surface as raw Python errors.
        raise ParseError(f"the engine cannot read this process ({type(e).__name__}: {e})") from None


def _copy(root: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(root))


def _plain(e: Exception) -> str:
    text = str(e).strip()
    return text.replace("When looking for a task spec, we found two items, perhaps a form has the same ID?",
                        "a sequence flow points to an element that does not exist")


def _describe(process_id: str, spec: Any, subs: dict[str, Any], root: etree._Element) -> ParsedProcess:
    flows: dict[tuple[str, str], str] = {}
    for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        flows[(flow.get("sourceRef", ""), flow.get("targetRef", ""))] = flow.get("id", "")
    process_el = root.find(f".//bpmn:process[@id='{process_id}']", NS)
    name = (process_el.get("name") if process_el is not None else None) or process_id
    lanes = [lane.get("name", "") for lane in root.iter(f"{{{BPMN_NS}}}lane")] if process_el is not None else []

    boundary_by_host: dict[str, list[BoundaryEvent]] = {}
    for ts in spec.task_specs.values():
        if ts.name.endswith(".BoundaryEventSplit"):
            host = ts.name[: -len(".BoundaryEventSplit")]
            boundary_by_host[host] = [o for o in ts.outputs if isinstance(o, BoundaryEvent)]

    timers: dict[str, tuple[str, str]] = {}
    user_tasks: dict[str, UserTaskMeta] = {}
    for ts in spec.task_specs.values():
        for boundary in boundary_by_host.get(ts.name, []):
            if isinstance(boundary.event_definition, TimerEventDefinition):
                escalation_lane = ""
                for out in boundary.outputs:
                    if "." not in out.name:  # skip SpiffWorkflow's own join task
                        escalation_lane = getattr(out, "lane", None) or escalation_lane
                timers[boundary.name] = (ts.name, escalation_lane)
        if not getattr(ts, "manual", False):
            continue
        props = (ts.extensions or {}).get("properties", {}) if hasattr(ts, "extensions") else {}
        due, timer_id = None, None
        for boundary in boundary_by_host.get(ts.name, []):
            definition = boundary.event_definition
            if isinstance(definition, TimerEventDefinition) and not boundary.cancel_activity:
                timer_id = boundary.name
                due = _unquote(definition.expression)
        user_tasks[ts.name] = UserTaskMeta(
            element_id=ts.name,
            name=ts.bpmn_name or ts.name,
            lane=ts.lane or "",
            documentation=ts.documentation or "",
            instructions=(getattr(ts, "extensions", None) or {}).get("instructionsForEndUser", "") or "",
            form=props.get("formJsonSchemaFilename"),
            ui_form=props.get("formUiSchemaFilename"),
            due=due,
            timer_id=timer_id,
        )
    start_lanes = sorted({ts.lane for ts in spec.task_specs.values() if isinstance(ts, StartEvent) and ts.lane})
    return ParsedProcess(process_id, name, spec, subs, user_tasks, start_lanes, lanes, flows, timers)


def _unquote(expression: str) -> str:
    text = (expression or "").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def duration_due(start: datetime, iso_duration: str) -> datetime:
    """When a time standard of ``iso_duration`` started at ``start`` falls due (wall-clock)."""
    parsed = TimerEventDefinition.parse_iso_duration(iso_duration)
    return start + TimerEventDefinition.get_timedelta_from_start(parsed, start)


# ---------------------------------------------------------------------------------------------
# Saving instances without their spec
# ---------------------------------------------------------------------------------------------


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
_SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(_config))

# ---------------------------------------------------------------------------------------------
# One running instance
# ---------------------------------------------------------------------------------------------


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

    kind: str  # gateway_taken | timer_fired | end_reached
    element_id: str
    detail: dict[str, Any]


class EngineStepError(Exception):
    """The process could not advance (a condition failed, no branch matched, …)."""

    def __init__(self, message: str, element_id: str | None = None):
        super().__init__(message)
        self.element_id = element_id


class Run:
    """A live workflow of one instance, for the span of one transaction."""

    #: prune settled history once the task tree holds this many finished tasks (see :meth:`_prune`)
    PRUNE_AT = 100
    #: levels of settled tasks kept above the oldest live task when pruning
    KEEP_ABOVE = 4

    def __init__(self, workflow: BpmnWorkflow, process: ParsedProcess, archive: dict[str, list[str]] | None = None):
        self.workflow = workflow
        self.process = process
        self.workflow.script_engine = SCRIPT_ENGINE
        #: the element path of pruned history: {"completed": [...], "flows": [...]}
        self.archive = archive or {"completed": [], "flows": []}

    # -- creation and storage -------------------------------------------------------------

    @classmethod
    def new(cls, process: ParsedProcess, data: dict[str, Any] | None = None) -> Run:
        workflow = BpmnWorkflow(process.spec, process.subprocess_specs, script_engine=SCRIPT_ENGINE)
        if data:
            workflow.get_next_task(state=TaskState.READY).data.update(data)
        return cls(workflow, process)

    @classmethod
    def load(cls, state: str, process: ParsedProcess) -> Run:
        dct = json.loads(state)
        archive = dct.pop("sopflow_archive", None)
        _SERIALIZER.migrate(dct)
        workflow = _SERIALIZER.from_dict(dct, spec=process.spec, subprocess_specs=process.subprocess_specs)
        return cls(workflow, process, archive)

    def dump(self) -> str:
        """The saved state: the task tree and data, without the spec; the same steps give the same text."""
        _SERIALIZER.registry._encoder_mode = True
        try:
            dct = _SERIALIZER.to_dict(self.workflow)
            dct[_SERIALIZER.VERSION_KEY] = _SERIALIZER.VERSION
            _sort_deletions(dct)
            if self.archive["completed"]:
                dct["sopflow_archive"] = self.archive
            # Key order is kept, not sorted: tasks must be restored parents first, because each
            # task's data is stored as a delta against its parent's.
            return json.dumps(dct, cls=_SERIALIZER._encoder_cls, separators=(",", ":"))
        finally:
            _SERIALIZER.registry._encoder_mode = False

    # -- reading ------------------------------------------------------------------------------

    def _in_state(self, state: int) -> list[Any]:
        # A scan of the task dict is several times faster than SpiffWorkflow's tree iterator; its
        # order is the saved order, identical for the runtime and for replay.
        return [t for t in self.workflow.tasks.values() if t.state == state]

    def ready_user_tasks(self) -> list[ReadyTask]:
        return [ReadyTask(str(t.id), t.task_spec.name) for t in self._in_state(TaskState.READY) if t.task_spec.manual]

    def _running_timers(self) -> list[tuple[Any, Any, datetime]]:
        """(timer task, the task it watches or None, due time) for every waiting boundary timer."""
        result = []
        for t in self._in_state(TaskState.WAITING):
            spec = t.task_spec
            value = t.internal_data.get("event_value")
            if isinstance(spec, BoundaryEvent) and isinstance(spec.event_definition, TimerEventDefinition) and value:
                result.append((t, _host_of(t), _parse_dt(value)))
        return result

    def waiting_timers(self) -> list[WaitingTimer]:
        return [WaitingTimer(t.task_spec.name, str(host.id) if host else "", due)
                for t, host, due in self._running_timers()]

    def waiting_timers_by_element(self) -> list[ElementTimer]:
        """Running time standards keyed by the element id of the task they watch."""
        return [ElementTimer(host.task_spec.name, due) for _, host, due in self._running_timers() if host is not None]

    def is_completed(self) -> bool:
        return self.workflow.is_completed()

    def final_data(self) -> dict[str, Any]:
        """The data at the end: the workflow's own once completed, else the last finished task's."""
        if self.workflow.data:
            return {k: v for k, v in self.workflow.data.items() if k != "data_objects"}
        last = self.workflow.last_task
        return dict(last.data) if last is not None else {}

    def task_data(self, task_id: str) -> dict[str, Any]:
        return dict(self._task(task_id).data)

    def has_ready_task(self, task_id: str) -> bool:
        try:
            task = self._task(task_id)
        except EngineStepError:
            return False
        return task.state == TaskState.READY and bool(task.task_spec.manual)

    def element_path(self) -> tuple[list[str], list[str]]:
        """Element ids completed so far, and the sequence flow ids taken between them."""
        completed: list[str] = list(self.archive["completed"])
        flows: set[str] = set(self.archive["flows"])
        real = set(self.process.user_tasks) | {s for s, _ in self.process.flows} | {t for _, t in self.process.flows}
        for task in self.workflow.get_tasks(state=TaskState.COMPLETED | TaskState.READY):
            name = task.task_spec.name
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
            if parent.task_spec.name in real:
                return parent.task_spec.name
            parent = parent.parent
        return None

    # -- acting -------------------------------------------------------------------------------

    def complete(self, task_id: str, data: dict[str, Any]) -> list[StepNote]:
        task = self._task(task_id)
        if task.state != TaskState.READY or not task.task_spec.manual:
            raise EngineStepError("task is not ready", task.task_spec.name)
        task.data.update(data)
        task.run()
        return self.advance()

    def advance(self) -> list[StepNote]:
        """Run gateways and events until only people or timers can move the process."""
        notes: list[StepNote] = []

        def seen(task: Any) -> None:
            spec = task.task_spec
            if isinstance(spec, (ExclusiveGateway, InclusiveGateway)):
                chosen = [
                    _element_name(c.task_spec.name) for c in task.children
                    if c.state not in (TaskState.CANCELLED, TaskState.MAYBE, TaskState.LIKELY)
                ]
                notes.append(StepNote("gateway_taken", spec.name, {
                    "targets": chosen,
                    "flows": [self.process.flows.get((spec.name, t), "") for t in chosen],
                }))
            elif isinstance(spec, BoundaryEvent) and isinstance(spec.event_definition, TimerEventDefinition):
                host = _host_of(task)
                notes.append(StepNote("timer_fired", spec.name, {
                    "task_element_id": host.task_spec.name if host is not None else "",
                    "task_id": str(host.id) if host is not None else "",
                    "due_at": task.internal_data.get("event_value"),
                }))

        try:
            self.workflow.do_engine_steps(did_complete_task=seen)
        except SpiffWorkflowException as e:
            element = getattr(getattr(e, "task", None), "task_spec", None)
            raise EngineStepError(_plain(e), getattr(element, "name", None)) from None
        except expressions.ExpressionError as e:
            raise EngineStepError(str(e)) from None
        self._prune()
        return notes

    def _prune(self) -> None:
        """Drop settled history from the task tree of a long-running instance.

        SpiffWorkflow keeps every finished task, so each loop iteration makes every later step
        slower and every save larger. Everything above the nearest common ancestor of the live
        tasks is settled: it is cut off (keeping a few levels), and its element path is kept in
        :attr:`archive` for the diagram. The audit log, not the tree, is the record of what happened.
        Runtime and replay prune at the same steps, so saved states still match exactly.
        """
        workflow = self.workflow
        if workflow.subprocesses:
            return
        live = [t for t in workflow.tasks.values() if t.state & TaskState.NOT_FINISHED_MASK]
        if not live or len(workflow.tasks) - len(live) < self.PRUNE_AT:
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
        for _ in range(self.KEEP_ABOVE):
            if node is not None and node.parent is not None:
                node = node.parent
        if node is None or node is workflow.task_tree:
            return
        completed, flows = self.element_path()
        self.archive = {"completed": sorted(set(completed)), "flows": flows}
        keep = {t.id for t in workflow.get_tasks(first_task=node)}
        for task_id in [t for t in workflow.tasks if t not in keep]:
            del workflow.tasks[task_id]
        node._parent = None
        workflow.task_tree = node
        if workflow.last_task is not None and workflow.last_task.id not in keep:
            workflow.last_task = None

    def fire_due_timers(self) -> list[StepNote]:
        self.workflow.refresh_timers()
        return self.advance()

    def _task(self, task_id: str) -> Any:
        try:
            return self.workflow.get_task_from_id(uuid.UUID(task_id))
        except (ValueError, SpiffWorkflowException):
            raise EngineStepError(f"no task {task_id} in this instance") from None


def _sort_deletions(dct: dict[str, Any]) -> None:
    """Put each task's deleted data keys in order: SpiffWorkflow derives them from a set."""
    workflows = [dct, *dct.get("subprocesses", {}).values()]
    for workflow in workflows:
        for task in workflow.get("tasks", {}).values():
            delta = task.get("delta")
            if delta and delta.get("deletions"):
                delta["deletions"] = sorted(delta["deletions"])


def _element_name(spec_name: str) -> str:
    """The BPMN element behind a spec name (``X.BoundaryEventSplit`` stands for ``X``)."""
    return spec_name.split(".", 1)[0] if spec_name.endswith(".BoundaryEventSplit") else spec_name


def _host_of(boundary_task: Any) -> Any:
    """The task a boundary event is attached to: its sibling under the BoundaryEventSplit."""
    split = boundary_task.parent
    if split is None or not split.task_spec.name.endswith(".BoundaryEventSplit"):
        return None
    host_name = split.task_spec.name[: -len(".BoundaryEventSplit")]
    return next((c for c in split.children if c.task_spec.name == host_name), None)


def _parse_dt(value: Any) -> datetime:
    if isinstance(value, datetime):
        dt = value
    else:
        dt = datetime.fromisoformat(str(value))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def bench_bare(bpmn: str, process_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Per-step cost on bare SpiffWorkflow, as its users run it: deserialize the full saved
    workflow (spec included), complete the ready task, run the engine, serialize again."""
    import statistics
    import time

    from lxml import etree as _etree

    parser = SpiffBpmnParser()
    root = _etree.fromstring(bpmn.encode("utf-8"))
    quote_timer_literals(root)
    parser.add_bpmn_xml(root, filename=f"{process_id}.bpmn")
    spec = parser.get_spec(process_id)
    full = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    samples: list[float] = []
    for _ in range(5):
        workflow = BpmnWorkflow(spec, {}, script_engine=SCRIPT_ENGINE)
        workflow.do_engine_steps()
        saved = full.serialize_json(workflow)
        while True:
            t0 = time.perf_counter()
            workflow = full.deserialize_json(saved)
            workflow.script_engine = SCRIPT_ENGINE
            ready = workflow.get_tasks(state=TaskState.READY, manual=True)
            if not ready:
                break
            ready[0].data.update(data)
            ready[0].run()
            workflow.do_engine_steps()
            saved = full.serialize_json(workflow)
            samples.append(time.perf_counter() - t0)
    return {"bare_p50_ms": round(statistics.median(samples) * 1000, 3),
            "bare_p95_ms": round(sorted(samples)[int(0.95 * (len(samples) - 1))] * 1000, 3)}


# ---------------------------------------------------------------------------------------------
# Moving a running instance to another version
# ---------------------------------------------------------------------------------------------


def migration_blockers(run: Run, new_process: ParsedProcess) -> list[str]:
    """Why ``run`` cannot move to ``new_process`` (element ids it has reached that are gone); [] if it can."""
    from SpiffWorkflow.bpmn.util.diff import diff_workflow

    top, subs = diff_workflow(_SERIALIZER.registry, run.workflow, new_process.spec, new_process.subprocess_specs)
    gone = sorted({t.task_spec.name for t in top.removed if not t.task_spec.name.startswith(("Start", "End", "Root"))
                   or "." in t.task_spec.name})
    gone = [_element_name(name) for name in gone]
    if any(d is None for d in subs.values()):
        gone.append("(a called subprocess is missing)")
    return sorted(set(gone))


def migrate(run: Run, new_process: ParsedProcess) -> list[StepNote]:
    """Put ``run`` on ``new_process``'s spec and let it move on, keeping time standards' due times.

    SpiffWorkflow's migration resets ready and waiting tasks, which restarts their timers from now;
    the original due time of every running time standard is put back afterwards.
    """
    from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow

    dues = {t.host_element: t.due_at for t in run.waiting_timers_by_element()}
    top, _ = diff_workflow(_SERIALIZER.registry, run.workflow, new_process.spec, new_process.subprocess_specs)
    migrate_workflow(top, run.workflow, new_process.spec)
    run.workflow.subprocess_specs = new_process.subprocess_specs
    run.process = new_process
    notes = run.advance()
    for task in run.workflow.get_tasks(state=TaskState.WAITING):
        spec = task.task_spec
        if isinstance(spec, BoundaryEvent) and isinstance(spec.event_definition, TimerEventDefinition):
            host = _host_of(task)
            if host is not None and host.task_spec.name in dues:
                task.internal_data["event_value"] = dues[host.task_spec.name].isoformat()
    return notes


def xsd_errors(root: etree._Element) -> list[tuple[int | None, str]]:
    """Every BPMN 2.0 (+ spiffworkflow extension) schema violation of a document: (line, message)."""
    tree = _copy(root)
    VALIDATOR.preprocess(tree)
    schema = VALIDATOR.validator
    if schema.validate(tree):
        return []
    return [(e.line, e.message) for e in schema.error_log]
