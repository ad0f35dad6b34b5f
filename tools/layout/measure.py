"""Turns the grid and the symbolic routes into coordinates: shapes, waypoints, lanes, pool, labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.checks import text_metrics as text
from engine.checks.diagram import Box, needs_label
from .labels import Placer, flow_candidates, shape_candidates
from .model import Container
from .place import Grid
from .route import Routes

LANE_HEADER = 30
TRACK = 10


@dataclass
class Drawing:
    """Everything one plane shows, in diagram coordinates."""
    element: str
    pool: tuple[str, Box] | None = None
    lanes: list[tuple[str, Box]] = field(default_factory=list)
    shapes: dict[str, Box] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    edges: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    labels: dict[str, Box] = field(default_factory=dict)
    width: float = 0
    height: float = 0


def _spread(count: int, minimum: float, pad: float) -> float:
    return max(minimum, 2 * pad + max(0, count - 1) * TRACK)


def measure(c: Container, g: Grid, r: Routes, origin: tuple[float, float], spacing: float = 1.0) -> Drawing:
    d = Drawing(element=c.element)
    cols, rows = max(1, g.columns), max(1, g.rows)
    label_size = {n: text.label_box(node.name) for n, node in c.nodes.items() if node.name and
                  needs_label(node.kind)}
    col_w = [40.0] * cols
    for n, node in c.nodes.items():
        col_w[g.col[n]] = max(col_w[g.col[n]], node.width, label_size.get(n, (0, 0))[0])
    top = [8.0 * spacing] * rows
    band = [50.0] * rows
    bottom = [8.0 * spacing] * rows
    for n, node in c.nodes.items():
        band[g.row[n]] = max(band[g.row[n]], node.height)
    for n, node in c.nodes.items():  # a label beyond what the row's band leaves free around the node
        row = g.row[n]
        lh = label_size.get(n, (0, 0))[1]
        spare = (band[row] - node.height) / 2
        if node.kind.endswith("Gateway") and lh:
            top[row] = max(top[row], lh + 6 - spare)
        elif lh:
            bottom[row] = max(bottom[row], lh + 6 - spare)
    for b, node in c.boundaries.items():  # the timer hangs 18px below its task, its label beside it
        row = g.row[node.host]
        spare = (band[row] - c.nodes[node.host].height) / 2
        bottom[row] = max(bottom[row], 18 + 6 * spacing - spare)
    widest_exit = 0.0
    for f in c.flows:
        if f.name:
            widest_exit = max(widest_exit, text.label_box(f.name)[0])
    chan = {k: _spread(r.tracks.count.get(("chan", k), 0), 40 * spacing, 15) for k in range(-1, cols)}
    for col in r.right_exit_labels:
        chan[col] = max(chan[col], widest_exit + 20)
    corr = {k: _spread(r.tracks.count.get(("corr", k), 0), 12 * spacing, 8) for k in range(0, rows + 1)}

    for index, (_, lane_name) in enumerate(c.lanes):  # room for the lane's name, two lines at most
        first, count = g.lane_rows[index]
        height = sum(top[k] + band[k] + bottom[k] for k in range(first, first + count))
        height += sum(corr[k] for k in range(first, first + count + (1 if first + count == rows else 0)))
        bottom[first + count - 1] += max(0.0, header_length(lane_name) - height)

    x0, y0 = origin
    lanes_x = x0 + (LANE_HEADER if c.pool else 0)
    # Lanes inside lanes: each level of nesting takes another header's width on the left.
    depth = {lid: sum(lid in leaves for _, leaves in c.parents) for lid, _ in c.lanes}
    depth.update({pid: sum(set(leaves) < set(other) for _, other in c.parents) for pid, leaves in c.parents})
    inner_x = lanes_x + max(depth.values(), default=0) * LANE_HEADER
    col_x, chan_x = {}, {-1: inner_x}
    x = inner_x + chan[-1]
    for k in range(cols):
        col_x[k] = x
        chan_x[k] = x + col_w[k]
        x += col_w[k] + chan[k]
    right = x
    row_y, corr_y = {}, {}
    y = y0
    for k in range(rows):
        corr_y[k] = y
        y += corr[k]
        row_y[k] = y
        y += top[k] + band[k] + bottom[k]
    corr_y[rows] = y
    bottom_y = y + corr[rows]

    centre = {}
    for n, node in c.nodes.items():
        cx = col_x[g.col[n]] + col_w[g.col[n]] / 2
        cy = row_y[g.row[n]] + top[g.row[n]] + band[g.row[n]] / 2
        centre[n] = (cx, cy)
        d.shapes[n] = (round(cx - node.width / 2), round(cy - node.height / 2), node.width, node.height)
        d.kinds[n] = node.kind
    per_host: dict[str, int] = {}
    for b, node in c.boundaries.items():
        hx, hy, hw, hh = d.shapes[node.host]
        k = per_host.get(node.host, 0)
        per_host[node.host] = k + 1
        bx = hx + hw - 42 - k * 40
        if bx < hx:
            bx = hx + 6 + (k % 2) * 40
        d.shapes[b] = (bx, hy + hh - 18, 36, 36)
        d.kinds[b] = node.kind
        centre[b] = (bx + 18, hy + hh)

    def track_pos(where: tuple[str, int], key: str, start: float, size: float) -> float:
        count = r.tracks.count.get(where, 1)
        first = start + (size - (count - 1) * TRACK) / 2
        return round(first + r.tracks.track.get(key, 0) * TRACK)

    def sx(sym: tuple) -> float:
        kind = sym[0]
        if kind == "chan":
            return track_pos(("chan", sym[1]), sym[2], chan_x[sym[1]], chan[sym[1]])
        bx, _, bw, _ = d.shapes[sym[1]]
        return {"left": bx, "right": bx + bw, "cx": bx + bw / 2, "cx+": bx + bw / 2 + 12,
                "cx-": bx + bw / 2 - 12}[kind]

    def sy(sym: tuple) -> float:
        kind = sym[0]
        if kind == "corr":
            return track_pos(("corr", sym[1]), sym[2], corr_y[sym[1]], corr[sym[1]])
        _, by, _, bh = d.shapes[sym[1]]
        return {"top": by, "bottom": by + bh, "cy": by + bh / 2}[kind]

    for fid, pts in r.points.items():
        coords = [(float(sx(px)), float(sy(py))) for px, py in pts]
        d.edges[fid] = _simplify(coords)

    lane_boxes = []
    for index, (lane_id, _) in enumerate(c.lanes):
        first, count = g.lane_rows[index]
        top_y = corr_y[first] if first > 0 else y0
        end_y = corr_y[first + count] if first + count < rows else bottom_y
        lx = lanes_x + depth[lane_id] * LANE_HEADER
        box = (lx, top_y, right - lx, end_y - top_y)
        d.lanes.append((lane_id, box))
        lane_boxes.append(box)
    by_id = dict(d.lanes)
    for parent, children in c.parents:
        boxes = [by_id[ch] for ch in children if ch in by_id]
        if boxes:
            top_y = min(b[1] for b in boxes)
            lx = lanes_x + depth[parent] * LANE_HEADER
            d.lanes.append((parent, (lx, top_y, right - lx, max(b[1] + b[3] for b in boxes) - top_y)))
    if c.pool:
        d.pool = (c.pool, (x0, y0, right - x0, bottom_y - y0))
    d.width, d.height = right - x0, bottom_y - y0
    _place_labels(c, d, lane_boxes or [(lanes_x, y0, right - lanes_x, bottom_y - y0)])
    return d


def header_length(name: str) -> float:
    """Length a lane or pool needs so bpmn-js sets its name in at most two lines, no word cut."""
    length = max(60.0, text.longest_word(name, text.TASK_FONT) + 10)
    while len(text.wrap(name, length - 10, text.TASK_FONT)) > 2:
        length += 10
    return length


def _simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drops repeated points and points in the middle of a straight run."""
    out: list[tuple[float, float]] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.5 and abs(out[-1][1] - p[1]) < 0.5:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a[0] - b[0]) < 0.5 and abs(b[0] - p[0]) < 0.5) or (abs(a[1] - b[1]) < 0.5 and abs(b[1] - p[1]) < 0.5):
                out[-1] = p
                continue
        out.append(p)
    return out


def _place_labels(c: Container, d: Drawing, bands: list[Box]) -> None:
    placer = Placer(d.shapes, d.edges, bands)
    for n, node in list(c.nodes.items()) + list(c.boundaries.items()):
        if node.name and needs_label(node.kind):
            host = d.shapes.get(node.host) if node.host else None
            d.labels[n] = placer.place(n, shape_candidates(node.kind, d.shapes[n], node.name, host))
    for f in c.flows:
        if f.name and f.id in d.edges:
            d.labels[f.id] = placer.place(f.id, flow_candidates(d.edges[f.id], f.name), own_edge=f.id)
