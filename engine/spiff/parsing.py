"""Parsing a BPMN document into runnable specs, and what the runtime needs to know of each process."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import DurationTimerEventDefinition, TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser import VALIDATOR

from .lanes import LanedBpmnParser

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN_NS}

#: A timer written the way modelers write it: an ISO 8601 duration, repetition or date-time.
_DURATION = r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
_DATE = r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?"
_ISO_TIMER = re.compile(rf"^(R\d*/({_DATE}/)?)?{_DURATION}$|^{_DATE}$")
_NAIVE_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$")
TIMER_TAGS = ("timeDuration", "timeDate", "timeCycle")


def is_iso_timer_literal(text: str) -> bool:
    return bool(_ISO_TIMER.match(text.strip()))


def quote_timer_literals(root: etree._Element) -> None:
    """Turn ``<timeDuration>PT1H</timeDuration>`` into ``"PT1H"``, in place.

    SpiffWorkflow evaluates timer definitions as expressions; a bare literal is a name error and the
    timer silently never fires. Analysts write it bare, as every modeler does. A date-time without
    an offset is read as UTC (SpiffWorkflow would use the server's zone, which replay cannot rely on).
    """
    for tag in TIMER_TAGS:
        for el in root.iter(f"{{{BPMN_NS}}}{tag}"):
            if el.text and is_iso_timer_literal(el.text):
                text = el.text.strip()
                if _NAIVE_DATE_TIME.match(text):
                    text += "+00:00"
                el.text = json.dumps(text)


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
    #: for a multi-instance task: the data item each instance receives (its own input, e.g. one Kanit)
    instance_item: str | None = None

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
    #: start event id -> ("none", "") | ("timer", timer text) | ("message", message name)
    start_kinds: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    #: names of the messages the process can catch anywhere
    messages: list[str] = dataclasses.field(default_factory=list)
    #: start event ids of the event sub-processes that interrupt the flow they are in
    interrupting: frozenset[str] = frozenset()
    #: ids of the event sub-processes
    event_subprocesses: frozenset[str] = frozenset()
    #: process ids of other files that call activities call (bound to a version at deploy)
    called: list[str] = dataclasses.field(default_factory=list)

    def with_called(self, called: dict[str, ParsedProcess]) -> ParsedProcess:
        """This process with the specs, tasks and lanes of the processes its call activities call."""
        subs = dict(self.subprocess_specs)
        tasks = dict(self.user_tasks)
        for process_id, child in called.items():
            subs[process_id] = child.spec
            subs.update({k: v for k, v in child.subprocess_specs.items() if k not in subs})
            for element_id, meta in child.user_tasks.items():
                tasks.setdefault(element_id, meta)
        return dataclasses.replace(self, subprocess_specs=subs, user_tasks=tasks,
                                   lanes=[*self.lanes, *(lane for c in called.values() for lane in c.lanes)],
                                   flows={**{k: v for c in called.values() for k, v in c.flows.items()}, **self.flows},
                                   timers={**{k: v for c in called.values() for k, v in c.timers.items()},
                                           **self.timers},
                                   messages=sorted({*self.messages, *(m for c in called.values() for m in c.messages)}),
                                   interrupting=self.interrupting.union(*(c.interrupting for c in called.values())),
                                   event_subprocesses=self.event_subprocesses.union(
                                       *(c.event_subprocesses for c in called.values())))

    @property
    def starts_by_hand(self) -> bool:
        return not self.start_kinds or any(kind == "none" for kind, _ in self.start_kinds.values())


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
    join_links(root)
    parser = LanedBpmnParser(validator=VALIDATOR if validate else None)
    try:
        parser.add_bpmn_xml(root, filename=filename)
        result = []
        for process_id in parser.get_process_ids():
            spec = parser.get_spec(process_id)
            # A call activity may call a process of another file: deploy binds it to a version.
            found = _subprocess_specs(parser, process_id)
            called = sorted(name for name, sub in found.items() if sub is None)
            subs = {name: sub for name, sub in found.items() if sub is not None}
            for container in (spec, *subs.values()):
                _connect_loops(container)
                _start_event_subprocesses(container)
            parsed = _describe(process_id, spec, subs, root)
            parsed.called = called
            result.append(parsed)
        return result
    except ValidationException as e:
        raise ParseError(_plain(e), getattr(e, "line_number", None) or None, getattr(e, "id", None)) from None
    except SpiffWorkflowException as e:
        raise ParseError(_plain(e)) from None
    except (KeyError, AttributeError, TypeError, ValueError, IndexError) as e:
        # SpiffWorkflow's parser has gaps where odd documents surface as raw Python errors.
        raise ParseError(f"the engine cannot read this process ({type(e).__name__}: {e})") from None


def _subprocess_specs(parser: LanedBpmnParser, process_id: str) -> dict[str, Any]:
    """The specs of every sub-process and called process, at any depth; None for one of another file.

    SpiffWorkflow's own walk tolerates a missing called process only at the top level.
    """
    found: dict[str, Any] = {}
    pending = [parser.get_spec(process_id)]
    while pending:
        for ts in pending.pop().task_specs.values():
            name = getattr(ts, "spec", None)
            if isinstance(ts, SubWorkflowTask) and isinstance(name, str) and name not in found:
                found[name] = parser.get_spec(name, required=False)
                if found[name] is not None:
                    pending.append(found[name])
    return found


LINK_FLOW_PREFIX = "sopflow-link-"


def join_links(root: etree._Element) -> None:
    """Turn each pair of link events into a plain flow between them, in place.

    SpiffWorkflow does not know link events: a throwing one would end its path. A link throw and
    the link catch of the same name in the same process (or sub-process) are the two ends of one
    sequence flow drawn as two circles, so they are joined by a flow the engine can follow.
    """
    link = f"{{{BPMN_NS}}}linkEventDefinition"
    for scope in [*root.iter(f"{{{BPMN_NS}}}process"), *root.iter(f"{{{BPMN_NS}}}subProcess")]:
        catches: dict[str, etree._Element] = {}
        throws: list[tuple[str, etree._Element]] = []
        for event in scope:
            definition = event.find(link) if isinstance(event.tag, str) else None
            if definition is None:
                continue
            name = definition.get("name") or definition.get("id") or ""
            if etree.QName(event).localname == "intermediateCatchEvent":
                catches[name] = event
            else:
                throws.append((name, event))
        for name, thrower in throws:
            catcher = catches.get(name)
            if catcher is None:
                continue
            flow = etree.Element(f"{{{BPMN_NS}}}sequenceFlow", id=f"{LINK_FLOW_PREFIX}{thrower.get('id')}",
                                 sourceRef=thrower.get("id", ""), targetRef=catcher.get("id", ""))
            thrower.addnext(flow)  # among the flow elements, where the schema expects it
        joined = {name for name, _ in throws if name in catches}
        for event in [*catches.values(), *(t for _, t in throws)]:
            definition = event.find(link)
            if definition is not None and (definition.get("name") or definition.get("id") or "") in joined:
                event.remove(definition)  # now a plain event on the joined flow


def _start_event_subprocesses(container: Any) -> None:
    """Open every event sub-process with its process, waiting at its start event.

    SpiffWorkflow opens those started by a message only when the message comes, and wires them
    into the spec at that moment: a later replay on the same spec would then start differently.
    Opened from the start, they wait like the timer-started ones, and the spec never changes.
    """
    start = getattr(container, "start", None)
    for name in list(getattr(start, "trigger_specs", [])):
        task_spec = container.task_specs[name]
        if start not in task_spec.inputs:
            start.connect(task_spec)
            task_spec.connect(container.end)
    if start is not None and getattr(start, "trigger_specs", None):
        start.trigger_specs.clear()


def _connect_loops(container: Any) -> None:
    """Wire each loop's child to its merge step, as SpiffWorkflow does when it makes the first child.

    SpiffWorkflow connects them on the spec at run time, so an instance restored onto a freshly
    parsed spec (another process, after a restart) never merged its last child and stalled.
    """
    for ts in list(container.task_specs.values()):
        child_name = getattr(ts, "task_spec", None)
        if isinstance(child_name, str) and hasattr(ts, "merge_child") and child_name in container.task_specs:
            event = container.task_specs[child_name].completed_event
            if not event.is_connected(ts.merge_child):
                event.connect(ts.merge_child)


def _copy(root: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(root))


def _plain(e: Exception) -> str:
    text = str(e).strip()
    return text.replace("When looking for a task spec, we found two items, perhaps a form has the same ID?",
                        "a sequence flow points to an element that does not exist")


def _all_specs(spec: Any, subs: dict[str, Any]) -> list[Any]:
    """Every task spec of the process and of its embedded and event sub-processes."""
    found = list(spec.task_specs.values())
    for sub in subs.values():
        found.extend(sub.task_specs.values())
    return found


def _describe(process_id: str, spec: Any, subs: dict[str, Any], root: etree._Element) -> ParsedProcess:
    flows: dict[tuple[str, str], str] = {}
    for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        if flow.get("id", "").startswith(LINK_FLOW_PREFIX):
            continue  # joins two link events; not drawn
        flows[(flow.get("sourceRef", ""), flow.get("targetRef", ""))] = flow.get("id", "")
    process_el = root.find(f".//bpmn:process[@id='{process_id}']", NS)
    name = (process_el.get("name") if process_el is not None else None) or process_id
    lanes = [lane.get("name", "") for lane in process_el.iter(f"{{{BPMN_NS}}}lane")] if process_el is not None else []
    task_specs = _all_specs(spec, subs)

    boundary_by_host: dict[str, list[BoundaryEvent]] = {}
    for ts in task_specs:
        if ts.name.endswith(".BoundaryEventSplit"):
            host = ts.name[: -len(".BoundaryEventSplit")]
            boundary_by_host[host] = [o for o in ts.outputs if isinstance(o, BoundaryEvent)]

    timers: dict[str, tuple[str, str]] = {}
    user_tasks: dict[str, UserTaskMeta] = {}
    instance_items = {getattr(ts, "bpmn_id", None) or ts.name: ts.input_item.bpmn_id
                      for ts in task_specs if getattr(ts, "input_item", None) is not None}
    messages: set[str] = set()
    for ts in task_specs:
        definition = getattr(ts, "event_definition", None)
        if isinstance(definition, MessageEventDefinition):
            messages.add(definition.name)
        for boundary in boundary_by_host.get(ts.name, []):
            if isinstance(boundary.event_definition, TimerEventDefinition):
                escalation_lane = ""
                for out in boundary.outputs:
                    if "." not in out.name:  # skip SpiffWorkflow's own join task
                        escalation_lane = getattr(out, "lane", None) or escalation_lane
                timers[boundary.name] = (ts.name, escalation_lane)
        if not getattr(ts, "manual", False):
            continue
        element_id = getattr(ts, "bpmn_id", None) or ts.name  # a multi-instance child is "X [child]"
        props = (ts.extensions or {}).get("properties", {}) if hasattr(ts, "extensions") else {}
        due, timer_id = None, None
        for boundary in boundary_by_host.get(element_id, []):
            definition = boundary.event_definition
            if isinstance(definition, TimerEventDefinition) and not boundary.cancel_activity:
                timer_id = boundary.name
                if isinstance(definition, DurationTimerEventDefinition):
                    due = _unquote(definition.expression)
        user_tasks[element_id] = UserTaskMeta(
            element_id=element_id,
            name=ts.bpmn_name or element_id,
            lane=ts.lane or "",
            documentation=ts.documentation or "",
            instructions=(getattr(ts, "extensions", None) or {}).get("instructionsForEndUser", "") or "",
            form=props.get("formJsonSchemaFilename"),
            ui_form=props.get("formUiSchemaFilename"),
            due=due,
            timer_id=timer_id,
            instance_item=instance_items.get(element_id),
        )
    starts = [ts for ts in spec.task_specs.values() if isinstance(ts, StartEvent)]
    start_lanes = sorted({ts.lane for ts in starts if ts.lane})
    start_kinds = {}
    for ts in starts:
        definition = ts.event_definition
        if isinstance(definition, TimerEventDefinition):
            start_kinds[ts.name] = ("timer", _unquote(definition.expression))
        elif isinstance(definition, MessageEventDefinition):
            start_kinds[ts.name] = ("message", definition.name)
        else:
            start_kinds[ts.name] = ("none", "")
    interrupting = frozenset(
        start.get("id", "") for sub in root.iter(f"{{{BPMN_NS}}}subProcess") if sub.get("triggeredByEvent") == "true"
        for start in sub.findall(f"{{{BPMN_NS}}}startEvent") if start.get("isInterrupting", "true") != "false")
    event_subprocesses = frozenset(sub.get("id", "") for sub in root.iter(f"{{{BPMN_NS}}}subProcess")
                                   if sub.get("triggeredByEvent") == "true")
    return ParsedProcess(process_id, name, spec, subs, user_tasks, start_lanes, lanes, flows, timers,
                         start_kinds, sorted(messages), interrupting, event_subprocesses)


def _unquote(expression: str) -> str:
    text = (expression or "").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def xsd_errors(root: etree._Element) -> list[tuple[int | None, str]]:
    """Every BPMN 2.0 (+ spiffworkflow extension) schema violation of a document: (line, message)."""
    tree = _copy(root)
    VALIDATOR.preprocess(tree)
    schema = VALIDATOR.validator
    if schema.validate(tree):
        return []
    return [(e.line, e.message) for e in schema.error_log]
