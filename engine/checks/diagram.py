"""Readability checks of a BPMN diagram, read from its DI with lxml (no browser, no Node).

``check(path)`` counts the four defects a reader trips over, each of which must be zero:

- ``crossings``: sequence-flow segments that pass through a shape other than the flow's own source and
  target (a flow leaving a boundary event may also touch the task it is attached to);
- ``overlaps``: pairs of labels that overlap, and labels that overlap a shape;
- ``unplaced``: named gateways, events and sequence flows without a BPMNLabel with Bounds (bpmn-js would
  then stack them at a default spot);
- ``broken_words``: task names whose longest word is wider than the task box at bpmn-js's 12px font, and
  labels narrower than their longest word at 11px, so bpmn-js would cut a word in two.

Labels without DI are put where bpmn-js puts them, so the counts describe what a reader sees.
``viewport(d)`` and ``readable(d)`` measure how the diagram opens in the web viewer on a 1280px screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import text_metrics as text

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"

Box = tuple[float, float, float, float]  # x, y, width, height
CONTAINERS = {"participant", "lane", "process", "collaboration"}
TASKS = {"task", "userTask", "manualTask", "serviceTask", "scriptTask", "sendTask", "receiveTask",
         "businessRuleTask", "callActivity", "subProcess", "transaction", "adHocSubProcess"}
# On a 1280px screen the page's diagram box (webui: main is 60rem wide, .diagram 560px high) shows
# about 928 x 560 px. Text of 12px drawn at half size (6px) is the smallest still legible.
SCREEN = (928.0, 560.0)
MIN_SCALE = 0.5

@dataclass
class Diagram:
    kinds: dict[str, str] = field(default_factory=dict)  # element id -> local tag name
    names: dict[str, str] = field(default_factory=dict)
    shapes: dict[str, Box] = field(default_factory=dict)  # flow nodes only
    containers: dict[str, Box] = field(default_factory=dict)  # pools and lanes
    expanded: set[str] = field(default_factory=set)
    edges: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    labels: dict[str, Box] = field(default_factory=dict)  # from the DI
    ends: dict[str, tuple[str, str]] = field(default_factory=dict)  # flow -> (source, target)
    hosts: dict[str, str] = field(default_factory=dict)  # boundary event -> task


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _bounds(el: etree._Element | None) -> Box | None:
    if el is None:
        return None
    return tuple(float(el.get(k, 0)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def read(source: Path | bytes | etree._Element, plane_of: str | None = None) -> Diagram:
    """The first diagram's plane (or the plane of ``plane_of``) with the model elements it draws."""
    root = source if isinstance(source, etree._Element) else load(source)
    d = Diagram()
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).namespace != BPMN or not el.get("id"):
            continue
        d.kinds[el.get("id")] = _local(el)
        if el.get("name"):
            d.names[el.get("id")] = el.get("name")
        if _local(el) == "sequenceFlow":
            d.ends[el.get("id")] = (el.get("sourceRef"), el.get("targetRef"))
        if el.get("attachedToRef"):
            d.hosts[el.get("id")] = el.get("attachedToRef")
    planes = root.findall(f"{{{BPMNDI}}}BPMNDiagram/{{{BPMNDI}}}BPMNPlane")
    if plane_of is not None:
        planes = [p for p in planes if p.get("bpmnElement") == plane_of]
    for item in (planes[0] if planes else []):
        if not isinstance(item.tag, str):
            continue
        ref = item.get("bpmnElement")
        label = _bounds(item.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds"))
        if label is not None:
            d.labels[ref] = label
        if _local(item) == "BPMNShape":
            box = _bounds(item.find(f"{{{DC}}}Bounds"))
            if d.kinds.get(ref) in CONTAINERS:
                d.containers[ref] = box
            else:
                d.shapes[ref] = box
                if item.get("isExpanded") == "true":
                    d.expanded.add(ref)
        elif _local(item) == "BPMNEdge":
            d.edges[ref] = [(float(w.get("x")), float(w.get("y"))) for w in item.findall(f"{{{DI}}}waypoint")]
    return d


EXTERNAL = {"sequenceFlow", "dataObjectReference", "dataStoreReference"}


def needs_label(kind: str) -> bool:
    """Whether bpmn-js shows the element's name outside the shape, as a label of its own."""
    return kind.endswith("Gateway") or kind.endswith("Event") or kind in EXTERNAL


def effective_labels(d: Diagram) -> dict[str, Box]:
    """Every external label as bpmn-js shows it: the DI bounds, or bpmn-js's default spot."""
    result = {}
    for ref, name in d.names.items():
        kind = d.kinds.get(ref, "")
        if not needs_label(kind) or (ref not in d.shapes and ref not in d.edges):
            continue
        if ref in d.labels:
            result[ref] = d.labels[ref]
            continue
        if ref in d.shapes:
            x, y, w, h = d.shapes[ref]
            mid = (x + w / 2, y + h + 10)
        else:
            points = d.edges[ref]
            i = len(points) / 2 - 1
            a, b = points[int(i // 1)], points[min(len(points) - 1, int(-(-(i + 0.01) // 1)))]
            mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        width, height = text.label_box(name)
        lines = text.wrap(name, 90, text.LABEL_FONT)
        width = min(90.0, width)
        result[ref] = (mid[0] - width / 2, mid[1] - 10, width, float(text.text_height(len(lines), text.LABEL_FONT)))
    return result


def overlap(a: Box, b: Box, margin: float = 0.0) -> bool:
    return (a[0] < b[0] + b[2] + margin and b[0] < a[0] + a[2] + margin and
            a[1] < b[1] + b[3] + margin and b[1] < a[1] + a[3] + margin)


def segment_hits(p: tuple[float, float], q: tuple[float, float], box: Box, inset: float = 1.0) -> bool:
    """Whether segment p-q enters the interior of ``box`` (shrunk by ``inset``; touching is not a hit)."""
    x0, y0, x1, y1 = box[0] + inset, box[1] + inset, box[0] + box[2] - inset, box[1] + box[3] - inset
    if x1 <= x0 or y1 <= y0:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for pk, qk in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pk == 0:
            if qk <= 0:
                return False
            continue
        t = qk / pk
        if pk < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def crossings(d: Diagram) -> list[tuple[str, int, str]]:
    """(flow, segment index, shape) for every segment that runs through a foreign shape."""
    found = []
    for flow, points in d.edges.items():
        if d.kinds.get(flow) != "sequenceFlow":
            continue
        own = set(d.ends.get(flow, ()))
        own |= {d.hosts[e] for e in list(own) if e in d.hosts}
        for i, (p, q) in enumerate(zip(points, points[1:])):
            for shape, box in d.shapes.items():
                if shape in own or shape in d.expanded:
                    continue
                if segment_hits(p, q, box):
                    found.append((flow, i, shape))
                    break
    return found


def overlaps(d: Diagram) -> list[tuple[str, str]]:
    labels = effective_labels(d)
    found = []
    items = sorted(labels.items())
    for i, (a, box_a) in enumerate(items):
        for b, box_b in items[i + 1:]:
            if overlap(box_a, box_b):
                found.append((a, b))
        for shape, box in d.shapes.items():
            if shape not in d.expanded and overlap(box_a, box):
                found.append((a, shape))
    return found


def unplaced(d: Diagram) -> list[str]:
    return sorted(ref for ref, name in d.names.items() if needs_label(d.kinds.get(ref, "")) and name.strip()
                  and (ref in d.shapes or ref in d.edges) and ref not in d.labels)


def broken_words(d: Diagram) -> list[str]:
    found = []
    for ref, name in d.names.items():
        kind = d.kinds.get(ref, "")
        if kind in TASKS and ref in d.shapes and ref not in d.expanded:
            x, y, w, h = d.shapes[ref]
            lines = text.wrap(name, w - 2 * text.TASK_PADDING, text.TASK_FONT)
            if (text.longest_word(name, text.TASK_FONT) > w - 2 * text.TASK_PADDING
                    or text.text_height(len(lines), text.TASK_FONT) > h):
                found.append(ref)
        elif kind in ("lane", "participant") and ref in d.containers:  # names set vertically
            if text.longest_word(name, text.TASK_FONT) + 4 > d.containers[ref][3]:
                found.append(ref)
        elif needs_label(kind) and ref in d.labels:
            if text.longest_word(name, text.LABEL_FONT) > d.labels[ref][2]:
                found.append(ref)
    return sorted(found)


def extent(d: Diagram) -> Box:
    boxes = list(d.containers.values()) + list(d.shapes.values()) + list(d.labels.values())
    boxes += [(x, y, 0, 0) for pts in d.edges.values() for x, y in pts]
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    return x0, y0, max(b[0] + b[2] for b in boxes) - x0, max(b[1] + b[3] for b in boxes) - y0


def opening_scale(d: Diagram, screen: tuple[float, float] = SCREEN) -> float:
    """The zoom the web viewer opens at (webui/static/js/diagram.js): fitted when that is legible,
    otherwise every lane in view at the start of the flow, panned sideways (never above 100%)."""
    _, _, w, h = extent(d)
    fit = min(screen[0] / (w + 20), screen[1] / (h + 20))
    if fit >= MIN_SCALE:
        return min(fit, 1.0)
    return max(MIN_SCALE, min(1.0, screen[1] / (h + 20)))


def viewport(d: Diagram, screen: tuple[float, float] = SCREEN) -> dict[str, float]:
    """Size, the scale that fits it whole on the screen, the scale it opens at, and its aspect ratio."""
    _, _, w, h = extent(d)
    return {"width": w, "height": h, "fit_scale": min(screen[0] / w, screen[1] / h, 1.0),
            "open_scale": opening_scale(d, screen), "aspect": w / h}


def readable(d: Diagram, screen: tuple[float, float] = SCREEN) -> bool:
    """Opens legible (scale >= MIN_SCALE) with the whole height of the diagram, every lane, in view:
    the reader only pans along the flow. A diagram failing this is too tall to read on one screen."""
    _, _, _, h = extent(d)
    scale = opening_scale(d, screen)
    return scale >= MIN_SCALE and (h + 20) * scale <= screen[1] + 0.5


def load(source: Path | bytes) -> etree._Element:
    return etree.fromstring(source) if isinstance(source, bytes) else etree.parse(str(source)).getroot()


def diagrams(source: Path | bytes) -> list[Diagram]:
    """One Diagram per plane (a collapsed sub-process has its own plane)."""
    root = load(source)
    planes = root.findall(f"{{{BPMNDI}}}BPMNDiagram/{{{BPMNDI}}}BPMNPlane")
    return [read(root, p.get("bpmnElement")) for p in planes] or [read(root)]


def check(source: Path | bytes) -> dict[str, int]:
    counts = {"crossings": 0, "overlaps": 0, "unplaced": 0, "broken_words": 0}
    for d in diagrams(source):
        counts["crossings"] += len(crossings(d))
        counts["overlaps"] += len(overlaps(d))
        counts["unplaced"] += len(unplaced(d))
        counts["broken_words"] += len(broken_words(d))
    return counts
