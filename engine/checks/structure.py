"""Structural checks: duplicate ids, dangling flows, nodes outside lanes, gateways without a way out,
unreachable and dead-end nodes, and missing diagram interchange.

Only what runs is checked as running: a pool whose process is not executable is described (one note),
not checked for lanes, conditions or paths. Each sub-process is its own scope with its own start; an event
sub-process starts on its event, a boundary event on its host, a link catch event from its link throw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
#: the namespaces whose ids are BPMN ids (vendor extension elements carry ids of their own)
MODEL_NAMESPACES = {BPMN, BPMNDI, "http://www.omg.org/spec/DD/20100524/DC", "http://www.omg.org/spec/DD/20100524/DI"}
FLOW_NODES = {"userTask", "manualTask", "task", "scriptTask", "serviceTask", "sendTask", "receiveTask",
              "businessRuleTask", "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
              "boundaryEvent", "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
              "complexGateway", "subProcess", "callActivity", "transaction", "adHocSubProcess"}
CONTAINERS = {"subProcess", "transaction", "adHocSubProcess"}

Add = Callable[..., None]


def _name(el: etree._Element) -> str:
    return etree.QName(el).localname


def model_elements(root: etree._Element):
    """Every element of the BPMN model itself: not comments, not vendor elements, nothing inside
    ``extensionElements``."""
    stack = [root]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or etree.QName(el).namespace not in MODEL_NAMESPACES:
            continue
        if _name(el) == "extensionElements":
            continue
        yield el
        stack.extend(reversed(list(el)))


def without_vendor_ids(root: etree._Element) -> etree._Element:
    """A copy whose vendor extension elements carry no ids: SpiffWorkflow finds elements by id anywhere
    in the document, so a Camunda form field named like a task would be taken for the task."""
    import copy

    root = copy.deepcopy(root)
    for ext in root.iter(f"{{{BPMN}}}extensionElements"):
        for el in ext.iter():
            if isinstance(el.tag, str) and etree.QName(el).namespace not in (SPIFF, BPMN) and "id" in el.attrib:
                del el.attrib["id"]
    return root


def check(root: etree._Element, add: Add) -> None:
    """Report through ``add(element, message, code, severity="error", element_id=None)``."""
    seen: dict[str, etree._Element] = {}
    for el in model_elements(root):
        key = el.get("id")
        if not key:
            continue
        if key in seen:
            add(el, f"duplicate id {key!r} (first used on line {seen[key].sourceline})", "duplicate_id")
        else:
            seen[key] = el

    pools = {p.get("processRef"): p for p in root.iter(f"{{{BPMN}}}participant")}
    for process in root.iter(f"{{{BPMN}}}process"):
        executable = process.get("isExecutable") == "true"
        if not executable:
            pool = pools.get(process.get("id"))
            label = f"pool {pool.get('name')!r}" if pool is not None and pool.get("name") else "process"
            add(process, f"{label} ({process.get('id')!r}) is descriptive (isExecutable is not \"true\"): it is "
                         "drawn, not run, so its lanes, forms and paths are not checked", "descriptive", "warning")
        _check_scope(process, add, executable)
        if not executable:
            continue
        _check_lanes(process, add)

    _check_di(root, add)


def _check_lanes(process: etree._Element, add: Add) -> None:
    nodes = {el.get("id"): el for el in process if isinstance(el.tag, str) and _name(el) in FLOW_NODES}
    lanes = process.findall(f".//{{{BPMN}}}lane")
    if lanes:
        in_lane = {(ref.text or "").strip() for lane in lanes for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")}
        for node_id, el in nodes.items():
            # a boundary event does no work of its own: its host's lane applies
            if node_id not in in_lane and _name(el) != "boundaryEvent":
                add(el, f"{_name(el)} {node_id!r} is in no lane, so no role can be given its work", "outside_lane")
    elif process.find(f".//{{{BPMN}}}userTask") is not None:
        add(process, "cannot run because the process has no lanes: user tasks need a lane to find their role",
            "no_lanes")


def _check_scope(scope: etree._Element, add: Add, executable: bool) -> None:
    """One process or sub-process: its own flows, start, paths; then each nested sub-process."""
    nodes = {el.get("id"): el for el in scope if isinstance(el.tag, str) and _name(el) in FLOW_NODES}
    outgoing: dict[str, list[etree._Element]] = defaultdict(list)
    for f in scope.findall(f"{{{BPMN}}}sequenceFlow"):
        for end in ("sourceRef", "targetRef"):
            if f.get(end) not in nodes:
                add(f, f"sequence flow {end} points to {f.get(end)!r}, which does not exist here", "dangling_flow")
        outgoing[f.get("sourceRef")].append(f)
    for child in nodes.values():
        if _name(child) in CONTAINERS:
            _check_scope(child, add, executable)
    if not executable or not nodes:
        return
    for node_id, el in nodes.items():
        if _name(el) in ("exclusiveGateway", "inclusiveGateway") and len(outgoing[node_id]) > 1:
            for f in outgoing[node_id]:
                if f.find(f"{{{BPMN}}}conditionExpression") is None and f.get("id") != el.get("default"):
                    add(f, f"gateway {node_id!r} has an outgoing flow with neither a condition nor the default mark",
                        "gateway_condition")
    event_scopes = {n for n, el in nodes.items() if _name(el) == "subProcess" and el.get("triggeredByEvent") == "true"}
    starts = [n for n, el in nodes.items() if _name(el) == "startEvent"]
    if not starts:
        add(scope, "cannot run because the process has no start event" if _name(scope) == "process"
            else f"sub-process {scope.get('id')!r} has no start event", "no_start")
        return
    successors = _successors(nodes, outgoing)
    reached = _closure(starts + sorted(event_scopes), successors)
    for n, el in nodes.items():
        if n not in reached:
            add(el, f"{_name(el)} {n!r} cannot be reached from the start", "unreachable", "warning")
    predecessors: dict[str, list[str]] = defaultdict(list)
    for n, targets in successors.items():
        for m in targets:
            predecessors[m].append(n)
    ends = {n for n, el in nodes.items() if _name(el) == "endEvent"} | event_scopes
    alive = _closure(sorted(ends), predecessors)
    for n, el in nodes.items():
        if n in reached and n not in alive and not _ends_implicitly(el, outgoing):
            add(el, f"{_name(el)} {n!r} leads to no end event (dead end)", "dead_end", "warning")


def _successors(nodes: dict[str, etree._Element], outgoing: dict[str, list[etree._Element]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {n: [f.get("targetRef") for f in outgoing[n]] for n in nodes}
    for n, el in nodes.items():
        if _name(el) == "boundaryEvent" and el.get("attachedToRef") in result:
            result[el.get("attachedToRef")].append(n)
    catches: dict[str, list[str]] = defaultdict(list)
    for n, el in nodes.items():
        link = el.find(f"{{{BPMN}}}linkEventDefinition")
        if link is not None and _name(el) == "intermediateCatchEvent":
            catches[link.get("name") or ""].append(n)
    for n, el in nodes.items():
        link = el.find(f"{{{BPMN}}}linkEventDefinition")
        if link is not None and _name(el) == "intermediateThrowEvent":
            result[n].extend(catches.get(link.get("name") or "", []))
    return result


def _closure(roots: list[str], edges: dict[str, list[str]]) -> set[str]:
    found: set[str] = set()
    stack = list(roots)
    while stack:
        n = stack.pop()
        if n in found:
            continue
        found.add(n)
        stack.extend(edges.get(n, []))
    return found


def _ends_implicitly(el: etree._Element, outgoing: dict[str, list[etree._Element]]) -> bool:
    """A boundary event without an outgoing flow just ends its path (BPMN's implicit end)."""
    return _name(el) == "boundaryEvent" and not outgoing[el.get("id")]


def _check_di(root: etree._Element, add: Add) -> None:
    if root.find(f"{{{BPMNDI}}}BPMNDiagram") is None:
        add(root, "the file has no diagram interchange (DI): modelers cannot draw it", "no_di", "warning",
            element_id=None)
        return
    drawn = {s.get("bpmnElement") for s in root.iter(f"{{{BPMNDI}}}BPMNShape")} | \
            {e.get("bpmnElement") for e in root.iter(f"{{{BPMNDI}}}BPMNEdge")}
    for el in model_elements(root):
        kind = _name(el)
        if el.get("id") and (kind in FLOW_NODES or kind in ("lane", "participant", "sequenceFlow")) \
                and el.get("id") not in drawn:
            add(el, f"{kind} {el.get('id')!r} has no shape or edge in the diagram", "missing_di", "warning")
