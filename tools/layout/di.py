"""Writes drawings as BPMN DI and puts them into the file in place of the old diagrams.

Only the BPMNDiagram elements are replaced, as text: every byte of the semantic model stays as it was.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from lxml import etree

from engine.checks.diagram import BPMN, BPMNDI, DC, DI, Box
from .measure import Drawing

PREFERRED = {BPMNDI: "bpmndi", DC: "dc", DI: "di"}


def _num(v: float) -> str:
    v = round(float(v))
    return str(int(v))


class Writer:
    def __init__(self, root: etree._Element, indent: str):
        self.prefix: dict[str, str] = {}
        self.declare: list[tuple[str, str]] = []
        inverse = {uri: p for p, uri in root.nsmap.items() if p}
        for uri, wanted in PREFERRED.items():
            if uri in inverse:
                self.prefix[uri] = inverse[uri]
            else:
                name = wanted
                while name in root.nsmap:
                    name += "x"
                self.prefix[uri] = name
                self.declare.append((name, uri))
        self.indent = indent
        self.lines: list[str] = []

    def tag(self, uri: str, local: str) -> str:
        return f"{self.prefix[uri]}:{local}"

    def _bounds(self, depth: int, box: Box) -> None:
        x, y, w, h = box
        self.lines.append(f'{self.indent * depth}<{self.tag(DC, "Bounds")} x="{_num(x)}" y="{_num(y)}" '
                          f'width="{_num(w)}" height="{_num(h)}"/>')

    def _label(self, depth: int, box: Box | None) -> None:
        if box is None:
            return
        self.lines.append(f"{self.indent * depth}<{self.tag(BPMNDI, 'BPMNLabel')}>")
        self._bounds(depth + 1, box)
        self.lines.append(f"{self.indent * depth}</{self.tag(BPMNDI, 'BPMNLabel')}>")

    def shape(self, depth: int, element: str, box: Box, extra: str = "", label: Box | None = None) -> None:
        t = self.tag(BPMNDI, "BPMNShape")
        self.lines.append(f'{self.indent * depth}<{t} id={quoteattr(element + "_di")} '
                          f'bpmnElement={quoteattr(element)}{extra}>')
        self._bounds(depth + 1, box)
        self._label(depth + 1, label)
        self.lines.append(f"{self.indent * depth}</{t}>")

    def edge(self, depth: int, element: str, points: list[tuple[float, float]], label: Box | None) -> None:
        t = self.tag(BPMNDI, "BPMNEdge")
        self.lines.append(f'{self.indent * depth}<{t} id={quoteattr(element + "_di")} bpmnElement={quoteattr(element)}>')
        for x, y in points:
            self.lines.append(f'{self.indent * (depth + 1)}<{self.tag(DI, "waypoint")} x="{_num(x)}" y="{_num(y)}"/>')
        self._label(depth + 1, label)
        self.lines.append(f"{self.indent * depth}</{t}>")

    def diagram(self, ident: str, plane_element: str, drawings: list[Drawing], kinds: dict[str, str],
                extra_edges: dict[str, list[tuple[float, float]]] | None = None, base: int = 1) -> None:
        ns = "".join(f" xmlns:{p}={quoteattr(u)}" for p, u in self.declare)
        d0 = base
        self.lines.append(f'{self.indent * d0}<{self.tag(BPMNDI, "BPMNDiagram")} id={quoteattr(ident)}{ns}>')
        plane = self.tag(BPMNDI, "BPMNPlane")
        self.lines.append(f'{self.indent * (d0 + 1)}<{plane} id={quoteattr(ident + "_plane")} '
                          f'bpmnElement={quoteattr(plane_element)}>')
        depth = d0 + 2
        for dr in drawings:
            if dr.pool:
                self.shape(depth, dr.pool[0], dr.pool[1], ' isHorizontal="true"')
            for lane, box in dr.lanes:
                self.shape(depth, lane, box, ' isHorizontal="true"')
        for dr in drawings:
            for n, box in dr.shapes.items():
                kind = dr.kinds.get(n, "")
                extra = ""
                if kind == "exclusiveGateway":
                    extra = ' isMarkerVisible="true"'
                elif kind in ("subProcess", "transaction", "adHocSubProcess"):
                    extra = ' isExpanded="false"'
                self.shape(depth, n, box, extra, dr.labels.get(n))
        for dr in drawings:
            for fid, points in dr.edges.items():
                self.edge(depth, fid, points, dr.labels.get(fid))
        for fid, points in (extra_edges or {}).items():
            self.edge(depth, fid, points, None)
        self.lines.append(f"{self.indent * (d0 + 1)}</{plane}>")
        self.lines.append(f'{self.indent * d0}</{self.tag(BPMNDI, "BPMNDiagram")}>')


_DIAGRAM = re.compile(rb"[ \t]*<(?:[A-Za-z_][\w.-]*:)?BPMNDiagram[\s>].*</(?:[A-Za-z_][\w.-]*:)?BPMNDiagram>[ \t]*\r?\n?",
                      re.S)


def indent_of(data: bytes) -> str:
    match = re.search(rb"\n([ \t]+)<", data)
    return match.group(1).decode() if match else "  "


def splice(data: bytes, new_diagrams: str) -> bytes:
    """``data`` with its BPMNDiagram elements (from the first to the last) replaced by ``new_diagrams``."""
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    block = new_diagrams.encode("utf-8").replace(b"\n", newline) + newline
    match = _DIAGRAM.search(data)
    if match:
        return data[:match.start()] + block + data[match.end():]
    close = data.rfind(b"</")
    line_start = data.rfind(b"\n", 0, close) + 1
    if data[line_start:close].strip():  # closing tag not on its own line
        return data[:close] + newline + block + data[close:]
    return data[:line_start] + block + data[line_start:]


def existing_ids(root: etree._Element) -> list[str]:
    return [d.get("id") for d in root.findall(f"{{{BPMNDI}}}BPMNDiagram") if d.get("id")]
