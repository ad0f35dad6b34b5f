"""Left-to-right layout with one band per lane: adds BPMN DI (shapes, edges) to a process.

Columns come from the longest path from the start (back edges of loops ignored); several nodes of one
lane in one column are stacked inside the lane, which grows to hold them. Boundary events sit on the
lower edge of their task. Forward edges are orthogonal; loop-back edges run along the bottom of the
source lane so they never cross a shape.
"""

from __future__ import annotations

from collections import defaultdict

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"

SIZES = {"userTask": (100, 80), "task": (100, 80), "manualTask": (100, 80), "startEvent": (36, 36),
         "endEvent": (36, 36), "boundaryEvent": (36, 36), "exclusiveGateway": (50, 50), "parallelGateway": (50, 50),
         "inclusiveGateway": (50, 50), "intermediateCatchEvent": (36, 36), "intermediateThrowEvent": (36, 36),
         "subProcess": (100, 80)}
COLUMN = 150
ROW = 120
POOL_X, POOL_Y, LANE_HEADER = 120, 80, 30
LANE_PAD = 30


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def add_di(root: etree._Element) -> None:
    """Replace any DI of the (single) collaboration with a fresh layout."""
    for old in root.findall(_q(BPMNDI, "BPMNDiagram")):
        root.remove(old)
    process = root.find(_q(BPMN, "process"))
    collaboration = root.find(_q(BPMN, "collaboration"))
    participant = collaboration.find(_q(BPMN, "participant")) if collaboration is not None else None
    lanes = [lane for lane in process.iter(_q(BPMN, "lane"))  # a sub-process's own lanes are drawn on its plane
             if next(lane.iterancestors(_q(BPMN, "subProcess")), None) is None]
    lane_of: dict[str, int] = {}
    for index, lane in enumerate(lanes):
        for ref in lane.findall(_q(BPMN, "flowNodeRef")):
            lane_of[(ref.text or "").strip()] = index

    nodes: dict[str, etree._Element] = {}
    boundaries: dict[str, etree._Element] = {}
    for el in process:
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        if tag == "boundaryEvent":
            boundaries[el.get("id")] = el
        elif tag in SIZES:
            nodes[el.get("id")] = el
    flows = [f for f in process.findall(_q(BPMN, "sequenceFlow"))]
    outgoing: dict[str, list[str]] = defaultdict(list)
    for f in flows:
        outgoing[f.get("sourceRef")].append(f.get("targetRef"))

    # Back edges: found by a depth-first walk from the start events (and boundary events' hosts).
    starts = [n for n, el in nodes.items() if etree.QName(el).localname == "startEvent"]
    host_of = {b: el.get("attachedToRef") for b, el in boundaries.items()}
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}

    def successors(n: str) -> list[str]:
        result = list(outgoing.get(n, []))
        result += [b for b, h in host_of.items() if h == n]
        return result

    def dfs(n: str) -> None:
        state[n] = 1
        for m in successors(n):
            if state.get(m) == 1:
                back.add((n, m))
            elif m not in state:
                dfs(m)
        state[n] = 2

    import sys

    sys.setrecursionlimit(10000)
    for s in starts:
        dfs(s)
    rank: dict[str, int] = {s: 0 for s in starts}
    order = _topological([*nodes, *boundaries], successors, back)
    for n in order:
        for m in successors(n):
            if (n, m) in back:
                continue
            step = 0 if (m in boundaries or n in boundaries) else 1  # escalations stay in their task's column
            rank[m] = max(rank.get(m, 0), rank.get(n, 0) + step)
    for n in nodes:
        rank.setdefault(n, 0)

    # Stack nodes sharing a lane and a column; escalation ends follow their timer's column.
    slots: dict[tuple[int, int], list[str]] = defaultdict(list)
    for n in sorted(nodes, key=lambda x: (rank[x], _is_escalation(x, host_of, flows))):
        slots[(lane_of.get(n, 0), rank[n])].append(n)
    lane_rows = [1] * max(1, len(lanes))
    for (lane, _col), members in slots.items():
        lane_rows[lane] = max(lane_rows[lane], len(members))
    lane_y, y = [], POOL_Y
    for rows in lane_rows:
        lane_y.append(y)
        y += rows * ROW + LANE_PAD
    max_rank = max(rank.values(), default=0)
    width = LANE_HEADER + (max_rank + 1) * COLUMN + 80
    bounds: dict[str, tuple[float, float, float, float]] = {}
    for (lane, col), members in slots.items():
        for i, n in enumerate(members):
            w, h = SIZES[etree.QName(nodes[n]).localname]
            cx = POOL_X + LANE_HEADER + 60 + col * COLUMN
            cy = lane_y[lane] + LANE_PAD / 2 + i * ROW + ROW / 2
            bounds[n] = (cx - w / 2, cy - h / 2, w, h)
    per_host: dict[str, int] = defaultdict(int)
    for b, host in host_of.items():
        hx, hy, hw, hh = bounds[host]
        k = per_host[host]
        per_host[host] += 1
        bounds[b] = (hx + hw - 30 - k * 40, hy + hh - 18, 36, 36)

    diagram = etree.SubElement(root, _q(BPMNDI, "BPMNDiagram"), id=f"{process.get('id')}_diagram")
    plane = etree.SubElement(diagram, _q(BPMNDI, "BPMNPlane"), id=f"{process.get('id')}_plane",
                             bpmnElement=(collaboration.get("id") if collaboration is not None else process.get("id")))
    total_height = y - POOL_Y
    if participant is not None:
        _shape(plane, participant.get("id"), (POOL_X, POOL_Y, width, total_height), horizontal=True)
    for index, lane in enumerate(lanes):
        _shape(plane, lane.get("id"), (POOL_X + LANE_HEADER, lane_y[index], width - LANE_HEADER,
                                       lane_rows[index] * ROW + LANE_PAD), horizontal=True)
    for n, el in nodes.items():
        marker = etree.QName(el).localname.endswith("Gateway")
        _shape(plane, n, bounds[n], marker=marker)
    for b in boundaries:
        _shape(plane, b, bounds[b])
    lane_bottom = {i: lane_y[i] + lane_rows[i] * ROW + LANE_PAD for i in range(len(lane_rows))}
    for f in flows:
        s, t = f.get("sourceRef"), f.get("targetRef")
        if s not in bounds or t not in bounds:
            continue
        edge = etree.SubElement(plane, _q(BPMNDI, "BPMNEdge"), id=f"{f.get('id')}_di", bpmnElement=f.get("id"))
        for x, yy in _route(bounds[s], bounds[t], (s, t) in back or rank.get(t, 0) <= rank.get(s, 0) and s not in boundaries,
                            s in boundaries, lane_bottom.get(lane_of.get(s, 0), 0)):
            etree.SubElement(edge, _q(DI, "waypoint"), x=str(round(x)), y=str(round(yy)))


def _is_escalation(node: str, host_of: dict[str, str], flows: list) -> int:
    return 1 if any(f.get("targetRef") == node and f.get("sourceRef") in host_of for f in flows) else 0


def _topological(names: list[str], successors, back: set[tuple[str, str]]) -> list[str]:
    indegree: dict[str, int] = defaultdict(int)
    for n in names:
        for m in successors(n):
            if (n, m) not in back:
                indegree[m] += 1
    ready = [n for n in names if indegree[n] == 0]
    order = []
    while ready:
        n = ready.pop(0)
        order.append(n)
        for m in successors(n):
            if (n, m) in back:
                continue
            indegree[m] -= 1
            if indegree[m] == 0:
                ready.append(m)
    return order


def _shape(plane: etree._Element, element: str, box: tuple[float, float, float, float], horizontal: bool = False,
           marker: bool = False) -> None:
    attrs = {"id": f"{element}_di", "bpmnElement": element}
    if horizontal:
        attrs["isHorizontal"] = "true"
    if marker:
        attrs["isMarkerVisible"] = "true"
    shape = etree.SubElement(plane, _q(BPMNDI, "BPMNShape"), attrs)
    x, y, w, h = box
    etree.SubElement(shape, _q(DC, "Bounds"), x=str(round(x)), y=str(round(y)), width=str(round(w)), height=str(round(h)))


def _route(src: tuple, dst: tuple, backwards: bool, from_boundary: bool, channel: float) -> list[tuple[float, float]]:
    sx, sy, sw, sh = src
    tx, ty, tw, th = dst
    if from_boundary:
        start = (sx + sw / 2, sy + sh)
        end = (tx + tw / 2, ty) if ty > sy else (tx + tw / 2, ty + th)
        if abs(start[0] - end[0]) < 1:
            return [start, end]
        mid = (start[1] + end[1]) / 2 if ty > sy else start[1] + 20
        return [start, (start[0], mid), (end[0], mid), end]
    if backwards:
        low = max(channel - 12, sy + sh + 8, ty + th + 8)
        return [(sx + sw / 2, sy + sh), (sx + sw / 2, low), (tx + tw / 2, low), (tx + tw / 2, ty + th)]
    start = (sx + sw, sy + sh / 2)
    end = (tx, ty + th / 2)
    if abs(start[1] - end[1]) < 1:
        return [start, end]
    mid_x = end[0] - 25
    return [start, (mid_x, start[1]), (mid_x, end[1]), end]
