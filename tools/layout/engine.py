"""Lays out whole BPMN files: ELK for all of them in one Node run, then grid, routes, labels and DI.

A file may hold several pools (stacked top to bottom, in the collaboration's order), processes without
a pool, and collapsed sub-processes (each with its own plane, as bpmn-js drills down into them). The
layout depends only on the semantic model, so running it again gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from engine.checks import diagram as geometry

from . import di, model, place
from .measure import Drawing, measure
from .route import Router

ORIGIN = (100.0, 60.0)
POOL_GAP = 60.0
SPACINGS = (1.0, 1.5, 2.0)


@dataclass
class Job:
    data: bytes
    root: etree._Element
    planes: list[tuple[str, list[model.Container]]]  # (collaboration or process id, its pools)
    graphs: list[tuple[model.Container, dict, list[str], set[str]]]


def _all(containers: list[model.Container]) -> list[model.Container]:
    result = []
    for c in containers:
        result.append(c)
        result.extend(_all(c.inner))
    return result


def prepare(data: bytes) -> Job:
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as err:
        raise place.LayoutError(f"not well-formed XML: {err}") from err
    if etree.QName(root).localname != "definitions" or etree.QName(root).namespace != geometry.BPMN:
        raise place.LayoutError("not a BPMN 2.0 file (no bpmn:definitions root)")
    planes = model.read(root)
    if not planes:
        raise place.LayoutError("the file has no process to draw")
    graphs = []
    for _, containers in planes:
        for c in _all(containers):
            if c.element:
                graph, order, back = place.elk_graph(c)
                graphs.append((c, graph, order, back))
    return Job(data, root, planes, graphs)


def _message_edges(root: etree._Element, plane: str, drawings: list[Drawing]) -> dict[str, list[tuple[float, float]]]:
    """Message flows leave their shape vertically and cross over in the gap between the two pools."""
    boxes, pool_of = {}, {}
    for dr in drawings:
        if not dr.pool:
            continue
        boxes[dr.pool[0]] = dr.pool[1]
        pool_of[dr.pool[0]] = dr.pool[1]
        for n, box in dr.shapes.items():
            boxes[n] = box
            pool_of[n] = dr.pool[1]
    edges = {}
    for m in model.message_flows(root, plane):
        if m.source not in boxes or m.target not in boxes or pool_of[m.source] == pool_of[m.target]:
            continue
        sx, sy, sw, sh = boxes[m.source]
        tx, ty, tw, th = boxes[m.target]
        (_, ay, _, ah), (_, by, _, bh) = pool_of[m.source], pool_of[m.target]
        x1, x2 = sx + sw / 2, tx + tw / 2
        if by > ay:
            y1, y2, mid = sy + sh, ty, (ay + ah + by) / 2
        else:
            y1, y2, mid = sy, ty + th, (by + bh + ay) / 2
        edges[m.id] = [(x1, y1), (x1, mid), (x2, mid), (x2, y2)] if abs(x1 - x2) > 0.5 else [(x1, y1), (x2, y2)]
    return edges


def _pools(containers: list[model.Container], results: dict[int, tuple], spacing: float) -> list[Drawing]:
    """The pools of one plane stacked top to bottom, all as wide as the widest."""
    drawings: list[Drawing] = []
    y = ORIGIN[1]
    for c in containers:
        if not c.element:  # a pool without a process of its own (a black box)
            dr = Drawing(element="", pool=(c.pool, (ORIGIN[0], y, 600, 100)), width=600, height=100)
        else:
            g, routes = results[id(c)]
            dr = measure(c, g, routes, (ORIGIN[0], y), spacing)
        drawings.append(dr)
        y += dr.height + POOL_GAP
    widest = max((dr.width for dr in drawings if dr.pool), default=0)
    for dr in drawings:
        if dr.pool:
            pid, (x, py, w, h) = dr.pool
            dr.pool = (pid, (x, py, widest, h))
            dr.lanes = [(lid, (lx, ly, widest - (lx - x), lh)) for lid, (lx, ly, lw, lh) in dr.lanes]
    return drawings


def _draw(job: Job, results: dict[int, tuple], spacing: float) -> bytes:
    writer = di.Writer(job.root, di.indent_of(job.data))
    ids = di.existing_ids(job.root)
    used: set[str] = set()

    def ident(default: str) -> str:
        name = ids.pop(0) if ids else default
        while name in used:
            name += "_"
        used.add(name)
        return name

    for plane, containers in job.planes:
        drawings = _pools(containers, results, spacing)
        writer.diagram(ident(f"{plane}_diagram"), plane, drawings, {}, _message_edges(job.root, plane, drawings))
    for _, containers in job.planes:
        for c in _all(containers):
            if c in containers or not c.element:
                continue
            g, routes = results[id(c)]
            writer.diagram(ident(f"{c.element}_diagram"), c.element, [measure(c, g, routes, ORIGIN, spacing)], {})
    return di.splice(job.data, "\n".join(writer.lines))


def finish(job: Job, elk_results: list[dict]) -> tuple[bytes, dict[str, int]]:
    """The file with its new diagrams, and the defect counts of the layout chosen."""
    results = {}
    for (c, _graph, order, back), result in zip(job.graphs, elk_results):
        g = place.grid(c, result, order, back)
        results[id(c)] = (g, Router(c, g).route_all())
    best = None
    for spacing in SPACINGS:
        out = _draw(job, results, spacing)
        counts = geometry.check(out)
        if best is None or sum(counts.values()) < sum(best[1].values()):
            best = (out, counts)
        if sum(counts.values()) == 0:
            break
    return best


def lay_out(datas: list[bytes]) -> list[tuple[bytes, dict[str, int]]]:
    jobs = [prepare(d) for d in datas]
    graphs = [graph for job in jobs for _, graph, _, _ in job.graphs]
    results = place.run_elk(graphs)
    out, i = [], 0
    for job in jobs:
        n = len(job.graphs)
        out.append(finish(job, results[i:i + n]))
        i += n
    return out
