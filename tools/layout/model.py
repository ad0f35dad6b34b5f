"""The parts of a BPMN file the layout needs: pools, lanes, flow nodes, boundary events and flows."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from engine.checks import text_metrics as text
from engine.checks.diagram import BPMN, TASKS

SKIP = {"laneSet", "sequenceFlow", "documentation", "extensionElements", "ioSpecification", "property",
        "dataInputAssociation", "dataOutputAssociation", "association", "dataObject",
        "multiInstanceLoopCharacteristics", "standardLoopCharacteristics", "incoming", "outgoing", "group",
        "category"}
SIZES = {"dataObjectReference": (36, 50), "dataStoreReference": (50, 50), "textAnnotation": (100, 40)}


@dataclass
class Node:
    id: str
    kind: str
    name: str
    width: float
    height: float
    lane: int = 0
    host: str | None = None  # for boundary events


@dataclass
class Flow:
    id: str
    source: str
    target: str
    name: str
    kind: str = "sequenceFlow"  # or a data association / association, drawn the same way


@dataclass
class Container:
    """What one plane draws: a process (in a pool or not), or the inside of a sub-process."""
    element: str  # the process or sub-process id
    pool: str | None  # the participant drawing it
    name: str
    lanes: list[tuple[str, str]] = field(default_factory=list)  # (id, name) of leaf lanes, in file order
    parents: list[tuple[str, list[str]]] = field(default_factory=list)  # lanes holding lanes
    nodes: dict[str, Node] = field(default_factory=dict)
    boundaries: dict[str, Node] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    inner: list["Container"] = field(default_factory=list)  # collapsed sub-processes with content


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def size_of(kind: str, name: str) -> tuple[float, float]:
    if kind.endswith("Event"):
        return 36.0, 36.0
    if kind.endswith("Gateway"):
        return 50.0, 50.0
    if kind in TASKS:
        return text.task_size(name)
    return tuple(float(v) for v in SIZES.get(kind, (100, 80)))  # type: ignore[return-value]


def _lanes(lane_set: etree._Element | None, leaves: list, parents: list) -> None:
    if lane_set is None:
        return
    for lane in lane_set.findall(f"{{{BPMN}}}lane"):
        child = lane.find(f"{{{BPMN}}}childLaneSet")
        if child is not None and child.findall(f"{{{BPMN}}}lane"):
            start = len(leaves)
            _lanes(child, leaves, parents)
            parents.append((lane.get("id"), [lid for lid, _ in leaves[start:]]))
        else:
            leaves.append((lane.get("id"), lane.get("name") or ""))


def _associations(element: etree._Element) -> list[Flow]:
    """Data associations (data object to task and back) and associations (text annotations)."""
    found = []
    for el in element:
        if not isinstance(el.tag, str):
            continue
        if _local(el) == "association" and el.get("id"):
            found.append(Flow(el.get("id"), el.get("sourceRef"), el.get("targetRef"), "", "association"))
        for assoc in el.findall(f"{{{BPMN}}}dataInputAssociation"):
            ref = assoc.find(f"{{{BPMN}}}sourceRef")
            if ref is not None:
                found.append(Flow(assoc.get("id"), (ref.text or "").strip(), el.get("id"), "", "dataInputAssociation"))
        for assoc in el.findall(f"{{{BPMN}}}dataOutputAssociation"):
            ref = assoc.find(f"{{{BPMN}}}targetRef")
            if ref is not None:
                found.append(Flow(assoc.get("id"), el.get("id"), (ref.text or "").strip(), "", "dataOutputAssociation"))
    return [f for f in found if f.id]


def _container(element: etree._Element, pool: str | None, name: str) -> Container:
    c = Container(element=element.get("id"), pool=pool, name=name)
    _lanes(element.find(f"{{{BPMN}}}laneSet"), c.lanes, c.parents)
    lane_of: dict[str, int] = {}
    for index, (lane_id, _) in enumerate(c.lanes):
        lane = element.find(f".//{{{BPMN}}}lane[@id='{lane_id}']")
        for ref in lane.findall(f"{{{BPMN}}}flowNodeRef"):
            lane_of.setdefault((ref.text or "").strip(), index)
    for el in element:
        if not isinstance(el.tag, str) or etree.QName(el).namespace != BPMN:
            continue
        kind, id_ = _local(el), el.get("id")
        if kind == "sequenceFlow":
            c.flows.append(Flow(id_, el.get("sourceRef"), el.get("targetRef"), (el.get("name") or "").strip()))
            continue
        if kind in SKIP or not id_:
            continue
        node_name = (el.get("name") or "").strip()
        w, h = size_of(kind, node_name)
        node = Node(id_, kind, node_name, w, h, lane_of.get(id_, 0), el.get("attachedToRef"))
        (c.boundaries if kind == "boundaryEvent" else c.nodes)[id_] = node
        if kind in ("subProcess", "transaction", "adHocSubProcess") and any(
                isinstance(ch.tag, str) and _local(ch) not in SKIP for ch in el):
            c.inner.append(_container(el, None, node_name))
    c.flows += _associations(element)
    known = set(c.nodes) | set(c.boundaries)
    c.flows = [f for f in c.flows if f.source in known and f.target in known
               and (f.kind == "sequenceFlow" or f.source != f.target)]
    c.boundaries = {b: n for b, n in c.boundaries.items() if n.host in c.nodes}
    return c


def read(root: etree._Element) -> list[tuple[str, list[Container]]]:
    """What each diagram plane draws: per collaboration its pools (in order), then each process that
    no pool shows, on a plane of its own."""
    processes = {p.get("id"): p for p in root.findall(f"{{{BPMN}}}process")}
    planes, drawn = [], set()
    for collaboration in root.findall(f"{{{BPMN}}}collaboration"):
        pools = []
        for participant in collaboration.findall(f"{{{BPMN}}}participant"):
            process = processes.get(participant.get("processRef"))
            if process is None or process.get("id") in drawn:  # a black-box pool
                pools.append(Container(element="", pool=participant.get("id"), name=participant.get("name") or ""))
                continue
            drawn.add(process.get("id"))
            pools.append(_container(process, participant.get("id"), participant.get("name") or ""))
        if pools:
            planes.append((collaboration.get("id"), pools))
    for pid, process in processes.items():
        if pid not in drawn:
            planes.append((pid, [_container(process, None, process.get("name") or "")]))
    return planes


def message_flows(root: etree._Element, collaboration_id: str) -> list[Flow]:
    collaboration = root.find(f"{{{BPMN}}}collaboration[@id='{collaboration_id}']")
    if collaboration is None:
        return []
    return [Flow(m.get("id"), m.get("sourceRef"), m.get("targetRef"), (m.get("name") or "").strip())
            for m in collaboration.findall(f"{{{BPMN}}}messageFlow")]
