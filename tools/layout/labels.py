"""Places the external labels of events, gateways and flows where they hit no shape and no other label.

Each label tries a short list of conventional spots (below an event, above a gateway, beside a boundary
timer, along the first segments of a flow); among the spots that touch no shape and no placed label it
takes the one crossing the fewest flow lines, earlier spots winning ties. When none is free it searches
outwards from the first spot.
"""

from __future__ import annotations

from engine.checks.diagram import Box, overlap, segment_hits
from engine.checks import text_metrics as text

GAP = 3.0
MARGIN = 2.0


class Placer:
    def __init__(self, shapes: dict[str, Box], edges: dict[str, list[tuple[float, float]]],
                 bands: list[Box] | None = None):
        self.shapes, self.edges = shapes, edges
        self.bands = bands or []
        self.placed: dict[str, Box] = {}

    def _free(self, box: Box) -> bool:
        return not any(overlap(box, s, MARGIN) for s in self.shapes.values()) and \
            not any(overlap(box, p, MARGIN) for p in self.placed.values())

    def _lines_crossed(self, box: Box, own: str) -> int:
        count = 0
        for fid, points in self.edges.items():
            if fid == own:
                if any(segment_hits(p, q, box, inset=-1) for p, q in zip(points, points[1:])):
                    count += 3
                continue
            count += sum(1 for p, q in zip(points, points[1:]) if segment_hits(p, q, box, inset=-1))
        return count

    def _outside_band(self, box: Box, home: Box | None) -> int:
        if home is None:
            return 0
        inside = (box[0] >= home[0] and box[1] >= home[1] and box[0] + box[2] <= home[0] + home[2]
                  and box[1] + box[3] <= home[1] + home[3])
        return 0 if inside else 1

    def _home(self, point: tuple[float, float]) -> Box | None:
        for band in self.bands:
            if band[0] <= point[0] <= band[0] + band[2] and band[1] <= point[1] <= band[1] + band[3]:
                return band
        return None

    def place(self, ref: str, candidates: list[Box], own_edge: str = "") -> Box:
        home = self._home((candidates[0][0] + candidates[0][2] / 2, candidates[0][1] + candidates[0][3] / 2))
        best, best_score = None, None
        for index, box in enumerate(candidates):
            if not self._free(box):
                continue
            score = self._lines_crossed(box, own_edge) * 4 + self._outside_band(box, home) * 3 + index * 0.5
            if best_score is None or score < best_score:
                best, best_score = box, score
        if best is None:
            best = self._search(candidates[0], own_edge)
        self.placed[ref] = best
        return best

    def _search(self, start: Box, own: str) -> Box:
        x, y, w, h = start
        for radius in range(10, 400, 10):
            ring = []
            for dx in range(-radius, radius + 1, 10):
                for dy in (-radius, radius):
                    ring.append((x + dx, y + dy, w, h))
            for dy in range(-radius + 10, radius, 10):
                for dx in (-radius, radius):
                    ring.append((x + dx, y + dy, w, h))
            free = [b for b in ring if self._free(b)]
            if free:
                return min(free, key=lambda b: (self._lines_crossed(b, own), abs(b[0] - x) + abs(b[1] - y)))
        return start


def shape_candidates(kind: str, box: Box, name: str, host: Box | None = None) -> list[Box]:
    w, h = text.label_box(name)
    x, y, bw, bh = box
    cx, cy = x + bw / 2, y + bh / 2
    below = (cx - w / 2, y + bh + GAP, w, h)
    above = (cx - w / 2, y - h - GAP, w, h)
    right = (x + bw + GAP, cy - h / 2, w, h)
    left = (x - w - GAP, cy - h / 2, w, h)
    if host is not None:  # boundary event on the lower edge of its task
        base = host[1] + host[3] + 1
        return [(x + bw + GAP, base, w, h), (x - w - GAP, base, w, h), below,
                (x + bw + GAP, y + bh + GAP, w, h), (x - w - GAP, y + bh + GAP, w, h)]
    if kind.endswith("Gateway"):
        return [above, (x + bw - 10, y - h - GAP, w, h), (x - w + 10, y - h - GAP, w, h), below,
                (x + bw - 10, y + bh + GAP, w, h), right, left]
    return [below, above, (x + bw - 6, y + bh + GAP, w, h), (x - w + 6, y + bh + GAP, w, h), right, left]


def flow_candidates(points: list[tuple[float, float]], name: str) -> list[Box]:
    w, h = text.label_box(name)
    result: list[Box] = []
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        length = abs(x2 - x1) + abs(y2 - y1)
        if length < 1:
            continue
        fractions = (0.5,) if length < 120 else (0.15, 0.5, 0.85)
        for f in fractions:
            px, py = x1 + (x2 - x1) * f, y1 + (y2 - y1) * f
            if abs(y2 - y1) < 1:  # horizontal
                near = min(max(px - w / 2, min(x1, x2) + 4), max(x1, x2) - w - 4) if length > w + 8 else px - w / 2
                result += [(near, py - h - GAP, w, h), (near, py + GAP, w, h)]
            else:
                result += [(px + GAP + 1, py - h / 2, w, h), (px - w - GAP - 1, py - h / 2, w, h)]
        if len(result) >= 12:
            break
    return result or [(points[0][0], points[0][1] - h - GAP, w, h)]
