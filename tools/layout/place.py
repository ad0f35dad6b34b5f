"""Columns from ELK's layers, rows from the lanes: every flow node gets one cell of a grid.

ELK (layered, left to right) decides the layer (column) of each node and the order of nodes inside a
layer, with loops broken where the process goes back (depth-first from the start events, in file order).
Each lane is then a band of rows; nodes of one lane that share a column are stacked in that band,
a node keeping its predecessor's row where it can so the main path stays straight.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .model import Container

HERE = Path(__file__).resolve().parent
ELK_OPTIONS = {
    "elk.algorithm": "layered",
    "elk.direction": "RIGHT",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    "elk.layered.crossingMinimization.forceNodeModelOrder": "false",
    "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    "elk.spacing.nodeNode": "30",
    "elk.layered.spacing.nodeNodeBetweenLayers": "40",
}


SINK_SHIFT = 3  # columns an end event may move right to find room in its lane


class LayoutError(RuntimeError):
    pass


@dataclass
class Grid:
    col: dict[str, int] = field(default_factory=dict)
    row: dict[str, int] = field(default_factory=dict)
    lane_rows: list[tuple[int, int]] = field(default_factory=list)  # (first row, row count) per lane
    columns: int = 0
    rows: int = 0
    back: set[str] = field(default_factory=set)  # flows that go back (loops)
    anchor: dict[str, str] = field(default_factory=dict)  # boundary event's flows leave from its host


def _order_and_back_edges(c: Container) -> tuple[list[str], set[str]]:
    """Depth-first order of the nodes from the start events, and the flows that close a loop."""
    host = {b: n.host for b, n in c.boundaries.items()}
    out: dict[str, list] = {n: [] for n in c.nodes}
    for f in c.flows:
        out[host.get(f.source, f.source)].append(f)
    incoming = {host.get(f.target, f.target) for f in c.flows}
    starts = [n for n in c.nodes if c.nodes[n].kind == "startEvent"]
    starts += [n for n in c.nodes if n not in incoming and n not in starts]
    starts += [n for n in c.nodes if n not in starts]
    state: dict[str, int] = {}
    order: list[str] = []
    back: set[str] = set()
    for s in starts:
        if s in state:
            continue
        state[s] = 1
        order.append(s)
        stack = [(s, iter(out[s]))]
        while stack:
            node, it = stack[-1]
            f = next(it, None)
            if f is None:
                state[node] = 2
                stack.pop()
                continue
            t = host.get(f.target, f.target)
            if state.get(t) == 1:
                back.add(f.id)
            elif t not in state:
                state[t] = 1
                order.append(t)
                stack.append((t, iter(out[t])))
    return order, back


def elk_graph(c: Container) -> tuple[dict, list[str], set[str]]:
    order, back = _order_and_back_edges(c)
    host = {b: n.host for b, n in c.boundaries.items()}
    edges, seen = [], set()
    for f in c.flows:
        s, t = host.get(f.source, f.source), host.get(f.target, f.target)
        if f.id in back:
            s, t = t, s
        if s == t or (s, t) in seen:
            continue
        seen.add((s, t))
        edges.append({"id": f.id, "sources": [s], "targets": [t]})
    graph = {"id": "root", "layoutOptions": ELK_OPTIONS,
             "children": [{"id": n, "width": c.nodes[n].width, "height": c.nodes[n].height} for n in order],
             "edges": edges}
    return graph, order, back


def run_elk(graphs: list[dict]) -> list[dict]:
    """Lay out all graphs in one Node process (starting Node costs more than laying out a graph)."""
    if not graphs:
        return []
    if not (HERE / "node_modules" / "elkjs").is_dir():
        raise LayoutError("elkjs is not installed: run `npm ci` in tools/layout (scripts/setup does it)")
    try:
        done = subprocess.run(["node", str(HERE / "elk_layout.js")], input=json.dumps(graphs), cwd=HERE,
                              capture_output=True, text=True, timeout=300)
    except FileNotFoundError as err:
        raise LayoutError("node is not installed") from err
    if done.returncode != 0:
        raise LayoutError(f"ELK failed: {done.stderr.strip()[:2000]}")
    return json.loads(done.stdout)


def _layers(result: dict) -> dict[str, int]:
    """Layer index per node: nodes whose x ranges overlap share a layer."""
    spans = sorted((ch["x"], ch["x"] + ch["width"], ch["id"]) for ch in result.get("children", []))
    layer, index, right = {}, -1, None
    for x0, x1, node in spans:
        if right is None or x0 >= right:
            index += 1
            right = x1
        else:
            right = max(right, x1)
        layer[node] = index
    return layer


def grid(c: Container, result: dict, order: list[str], back: set[str]) -> Grid:
    g = Grid(back=back)
    layer = _layers(result)
    ypos = {ch["id"]: ch["y"] + ch["height"] / 2 for ch in result.get("children", [])}
    for n in c.nodes:
        g.col[n] = layer.get(n, 0)
    g.columns = max(g.col.values(), default=-1) + 1
    host = {b: n.host for b, n in c.boundaries.items()}
    preds: dict[str, list[str]] = {n: [] for n in c.nodes}
    for f in c.flows:
        if f.id in back:
            continue
        preds[f.target if f.target in c.nodes else host[f.target]].append(host.get(f.source, f.source))
    lanes = max(1, len(c.lanes))
    local: dict[str, int] = {}
    counts = [1] * lanes
    rank = {n: i for i, n in enumerate(order)}
    # End events and other sinks are placed last: they may move a few columns right into a free cell
    # of their lane rather than open a new row (escalation ends would otherwise stack up).
    has_out = {host.get(f.source, f.source) for f in c.flows}
    sinks = {n for n in c.nodes if n not in has_out and preds[n]}
    taken: set[tuple[int, int, int]] = set()  # (lane, row, column)
    for column in range(g.columns):
        groups: dict[int, list[str]] = {}
        for n in c.nodes:
            if g.col[n] == column and n not in sinks:
                groups.setdefault(min(c.nodes[n].lane, lanes - 1), []).append(n)
        for lane, members in groups.items():
            members.sort(key=lambda n: (ypos.get(n, 0), rank.get(n, 0)))
            for n in members:
                same = [local[p] for p in preds[n] if p in local and min(c.nodes[p].lane, lanes - 1) == lane]
                want = same[0] if same else 0
                while (lane, want, column) in taken:
                    want += 1
                taken.add((lane, want, column))
                local[n] = want
                counts[lane] = max(counts[lane], want + 1)
    for n in sorted(sinks, key=lambda n: (g.col[n], ypos.get(n, 0), rank.get(n, 0))):
        lane = min(c.nodes[n].lane, lanes - 1)
        spot = next(((row, col) for col in range(g.col[n], min(g.col[n] + SINK_SHIFT + 1, g.columns))
                     for row in range(counts[lane]) if (lane, row, col) not in taken), None)
        if spot is None:
            row = 0
            while (lane, row, g.col[n]) in taken:
                row += 1
            spot = (row, g.col[n])
        local[n], g.col[n] = spot
        taken.add((lane, spot[0], spot[1]))
        counts[lane] = max(counts[lane], spot[0] + 1)
    first = 0
    for lane in range(lanes):
        g.lane_rows.append((first, counts[lane]))
        first += counts[lane]
    g.rows = first
    for n in c.nodes:
        g.row[n] = g.lane_rows[min(c.nodes[n].lane, lanes - 1)][0] + local.get(n, 0)
    return g
