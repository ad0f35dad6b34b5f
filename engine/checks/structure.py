"""Structural checks: duplicate ids, dangling flows, nodes outside lanes, gateways without a way out,
unreachable and dead-end nodes, and missing diagram interchange."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from ..checker import Problem

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
FLOW_NODES = {"userTask", "manualTask", "task", "scriptTask", "serviceTask", "sendTask", "receiveTask",
              "businessRuleTask", "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
              "boundaryEvent", "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
              "subProcess", "callActivity"}


def _name(el: etree._Element) -> str:
    return etree.QName(el).localname


def check(root: etree._Element, filename: str, problems: list[Problem]) -> None:
    from ..checker import Problem

    def add(el: etree._Element | None, message: str, code: str, severity: str = "error", element_id: str | None = None):
        problems.append(Problem(filename, el.sourceline if el is not None else None,
                                element_id or (el.get("id") if el is not None else None), message, code, severity))

    seen: dict[str, etree._Element] = {}
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("id"):
            if el.get("id") in seen:
                add(el, f"duplicate id {el.get('id')!r} (first used on line {seen[el.get('id')].sourceline})",
                    "duplicate_id")
            else:
                seen[el.get("id")] = el

    for process in root.iter(f"{{{BPMN}}}process"):
        nodes = {el.get("id"): el for el in process if isinstance(el.tag, str) and _name(el) in FLOW_NODES}
        flows = process.findall(f"{{{BPMN}}}sequenceFlow")
        outgoing: dict[str, list[etree._Element]] = defaultdict(list)
        incoming: dict[str, list[etree._Element]] = defaultdict(list)
        for f in flows:
            for end in ("sourceRef", "targetRef"):
                if f.get(end) not in nodes:
                    add(f, f"sequence flow {end} points to {f.get(end)!r}, which does not exist in the process",
                        "dangling_flow")
            outgoing[f.get("sourceRef")].append(f)
            incoming[f.get("targetRef")].append(f)
        lanes = process.findall(f".//{{{BPMN}}}lane")
        if lanes:
            in_lane = {(ref.text or "").strip() for lane in lanes for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")}
            for node_id, el in nodes.items():
                if node_id not in in_lane:
                    add(el, f"{_name(el)} {node_id!r} is in no lane, so no role can be given its work",
                        "outside_lane")
        elif any(_name(el) == "userTask" for el in nodes.values()):
            add(process, "cannot run because the process has no lanes: user tasks need a lane to find their role",
                "no_lanes")
        for node_id, el in nodes.items():
            kind = _name(el)
            if kind in ("exclusiveGateway", "inclusiveGateway") and len(outgoing[node_id]) > 1:
                default = el.get("default")
                for f in outgoing[node_id]:
                    if f.find(f"{{{BPMN}}}conditionExpression") is None and f.get("id") != default:
                        add(f, f"gateway {node_id!r} has an outgoing flow with neither a condition nor the default mark",
                            "gateway_condition")
        starts = [n for n, el in nodes.items() if _name(el) == "startEvent"]
        if nodes and not starts:
            add(process, "cannot run because the process has no start event", "no_start")
        hosts = defaultdict(list)
        for n, el in nodes.items():
            if _name(el) == "boundaryEvent":
                hosts[el.get("attachedToRef")].append(n)

        def successors(n: str) -> list[str]:
            return [f.get("targetRef") for f in outgoing[n]] + hosts.get(n, [])

        reached = set()
        stack = list(starts)
        while stack:
            n = stack.pop()
            if n in reached or n not in nodes:
                continue
            reached.add(n)
            stack.extend(successors(n))
        for n, el in nodes.items():
            if starts and n not in reached:
                add(el, f"{_name(el)} {n!r} cannot be reached from the start", "unreachable", "warning")
        ends = {n for n, el in nodes.items() if _name(el) == "endEvent"}
        predecessors: dict[str, list[str]] = defaultdict(list)
        for n in nodes:
            for m in successors(n):
                predecessors[m].append(n)
        alive, stack = set(), list(ends)
        while stack:
            n = stack.pop()
            if n in alive:
                continue
            alive.add(n)
            stack.extend(predecessors[n])
        for n, el in nodes.items():
            if ends and n in reached and n not in alive:
                add(el, f"{_name(el)} {n!r} leads to no end event (dead end)", "dead_end", "warning")

    drawn = {s.get("bpmnElement") for s in root.iter(f"{{{BPMNDI}}}BPMNShape")} | \
            {e.get("bpmnElement") for e in root.iter(f"{{{BPMNDI}}}BPMNEdge")}
    if root.find(f"{{{BPMNDI}}}BPMNDiagram") is None:
        add(root, "the file has no diagram interchange (DI): modelers cannot draw it", "no_di", "warning",
            element_id=None)
        return
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.get("id"):
            continue
        kind = _name(el)
        if (kind in FLOW_NODES or kind in ("lane", "participant", "sequenceFlow")) and el.get("id") not in drawn:
            add(el, f"{kind} {el.get('id')!r} has no shape or edge in the diagram", "missing_di", "warning")
