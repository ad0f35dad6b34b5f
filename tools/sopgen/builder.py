"""Builds one SOP as a BPMN collaboration (one pool, one lane per actor), writes it with its layout,
its forms and its rows file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from lxml import etree

from . import forms as formkit
from .layout import BPMN, BPMNDI, DC, DI, add_di

SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "spiffworkflow": SPIFF, "xsi": XSI}
ROOT = Path(__file__).resolve().parents[2]


class Sop:
    def __init__(self, key: str, name: str, lanes: list[str], documentation: str, supervisor: dict[str, str],
                 sop_key: str | None = None):
        self.key, self.name, self.lanes, self.documentation = key, name, lanes, documentation
        #: the SOP whose rows this process carries (``sop07`` for ``sop07_kejadian``)
        self.sop_key = sop_key or key
        self.supervisor = supervisor  # lane -> lane reminded when a step of that lane is late
        self.nodes: list[dict[str, Any]] = []
        self.flows: list[dict[str, Any]] = []
        self.forms: dict[str, dict[str, Any]] = {}
        self.rows: list[Any] = []
        #: instanceTitleTemplate: how an instance is named from its forms' fields ("" for none)
        self.title_template = ""
        #: form path -> UI schema keys added to the generated ones (e.g. ``ui:context`` of a review step)
        self.ui_extra: dict[str, dict[str, Any]] = {}
        #: form path -> {field: posts that may see its value} (``x-sensitive``: victims, suspects, evidence)
        self.sensitive: dict[str, dict[str, list[str]]] = {}
        #: collapsed embedded sub-process id -> its own lanes (each step keeps its actor's lane)
        self.sub_lanes: dict[str, list[str]] = {}
        #: the sub-process new elements and flows go into (None: the process itself)
        self.scope: str | None = None

    # -- elements ------------------------------------------------------------------------------

    def _add(self, kind: str, id_: str, lane: str, name: str, documentation: str = "", **extra: Any) -> str:
        assert lane in (self.sub_lanes[self.scope] if self.scope else self.lanes), f"{id_}: unknown lane {lane}"
        assert all(n["id"] != id_ for n in self.nodes), f"duplicate id {id_}"
        self.nodes.append({"kind": kind, "id": id_, "lane": lane, "name": name, "doc": documentation,
                           "parent": self.scope, **extra})
        return id_

    def subprocess(self, id_: str, lane: str, name: str, documentation: str, lanes: list[str]) -> str:
        """A collapsed embedded sub-process with lanes of its own; set ``scope`` to fill it."""
        self._add("subProcess", id_, lane, name, documentation)
        self.sub_lanes[id_] = lanes
        return id_

    def start(self, id_: str, lane: str, name: str, documentation: str = "") -> str:
        return self._add("startEvent", id_, lane, name, documentation)

    def end(self, id_: str, lane: str, name: str, documentation: str = "") -> str:
        return self._add("endEvent", id_, lane, name, documentation)

    def gateway(self, id_: str, lane: str, name: str, default: str | None = None) -> str:
        return self._add("exclusiveGateway", id_, lane, name, default=default)

    def parallel(self, id_: str, lane: str, name: str = "") -> str:
        """A parallel split or join: the SOP marks several actors for one row."""
        return self._add("parallelGateway", id_, lane, name)

    def doc(self, rows: list[Any], *notes: str) -> str:
        """Documentation of an element: the rows it carries, as the seed writes them, then the analyst notes."""
        return row_doc(self.sop_key, rows, *notes)

    def task(self, id_: str, lane: str, name: str, documentation: str, form: tuple[str, dict[str, Any]],
             due: str | None = None) -> str:
        """A user task with its form (slug, schema) and, when the SOP gives one, its time standard."""
        slug, schema = form
        path = f"{self.key}/{slug}.schema.json"
        self.forms[path] = schema
        self._add("userTask", id_, lane, name, documentation, form=path, due=due)
        if due:
            boss = self.supervisor[lane]
            self._add("boundaryEvent", f"{id_}_waktu", lane, f"Waktu {_human(due)}", host=id_, due=due)
            self._add("endEvent", f"{id_}_eskalasi", boss, f"Eskalasi ke {boss}")
            self.flow(f"{id_}_waktu", f"{id_}_eskalasi")
        return id_

    def flow(self, source: str, target: str, condition: str | None = None, name: str | None = None,
             id_: str | None = None) -> str:
        fid = id_ or f"{source}__{target}"
        self.flows.append({"id": fid, "source": source, "target": target, "condition": condition, "name": name,
                           "parent": self.scope})
        return fid

    def chain(self, *ids: str) -> None:
        for a, b in zip(ids, ids[1:]):
            self.flow(a, b)

    def review(self, reviewer_task: str, lane: str, back_to: str, next_: str, what: str) -> None:
        """An approve / return-for-revision decision after ``reviewer_task``."""
        gid = f"{reviewer_task}_keputusan"
        back = f"{gid}__revisi"
        self.gateway(gid, lane, f"{what} disetujui?", default=back)
        self.flow(reviewer_task, gid)
        self.flow(gid, next_, 'keputusan == "setuju"', "setuju")
        self.flow(gid, back_to, None, "perbaiki", id_=back)

    # -- output --------------------------------------------------------------------------------

    def xml(self) -> bytes:
        root = etree.Element(etree.QName(BPMN, "definitions"), nsmap=NSMAP, id=f"{self.key}_definitions",
                             targetNamespace="http://sopflow/sat-binmas", exporter="sopflow sopgen", exporterVersion="1")
        collab = etree.SubElement(root, etree.QName(BPMN, "collaboration"), id=f"{self.key}_collaboration")
        etree.SubElement(collab, etree.QName(BPMN, "participant"), id=f"{self.key}_pool", name=self.name, processRef=self.key)
        process = etree.SubElement(root, etree.QName(BPMN, "process"), id=self.key, name=self.name, isExecutable="true")
        etree.SubElement(process, etree.QName(BPMN, "documentation")).text = self.documentation
        if self.title_template:
            ext = etree.SubElement(process, etree.QName(BPMN, "extensionElements"))
            props = etree.SubElement(ext, etree.QName(SPIFF, "properties"))
            etree.SubElement(props, etree.QName(SPIFF, "property"), name="instanceTitleTemplate",
                             value=self.title_template)
        self._fill(process, None, self.key, self.lanes)
        add_di(root)
        return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")

    def _fill(self, container: etree._Element, parent: str | None, prefix: str, lanes: list[str]) -> None:
        """The lane set, flow nodes and flows of the process (``parent`` None) or of one sub-process."""
        nodes = [n for n in self.nodes if n["parent"] == parent]
        flows = [f for f in self.flows if f["parent"] == parent]
        lane_set = etree.SubElement(container, etree.QName(BPMN, "laneSet"), id=f"{prefix}_lanes")
        for i, lane in enumerate(lanes, start=1):
            el = etree.SubElement(lane_set, etree.QName(BPMN, "lane"), id=f"{prefix}_lane_{i}", name=lane)
            for node in nodes:
                if node["lane"] == lane:
                    etree.SubElement(el, etree.QName(BPMN, "flowNodeRef")).text = node["id"]
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for f in flows:
            outgoing.setdefault(f["source"], []).append(f["id"])
            incoming.setdefault(f["target"], []).append(f["id"])
        for node in nodes:
            attrs = {"id": node["id"], "name": node["name"]}
            if node["kind"] == "boundaryEvent":
                attrs.update(cancelActivity="false", attachedToRef=node["host"])
            if node["kind"] == "exclusiveGateway" and node.get("default"):
                attrs["default"] = f"{node['id']}__revisi" if node["default"] is True else node["default"]
            el = etree.SubElement(container, etree.QName(BPMN, node["kind"]), attrs)
            if node["doc"]:
                etree.SubElement(el, etree.QName(BPMN, "documentation")).text = node["doc"]
            if node["kind"] == "userTask":
                ext = etree.SubElement(el, etree.QName(BPMN, "extensionElements"))
                props = etree.SubElement(ext, etree.QName(SPIFF, "properties"))
                etree.SubElement(props, etree.QName(SPIFF, "property"), name="formJsonSchemaFilename", value=node["form"])
                etree.SubElement(props, etree.QName(SPIFF, "property"), name="formUiSchemaFilename",
                                 value=node["form"].replace(".schema.json", ".uischema.json"))
            for fid in incoming.get(node["id"], []):
                etree.SubElement(el, etree.QName(BPMN, "incoming")).text = fid
            for fid in outgoing.get(node["id"], []):
                etree.SubElement(el, etree.QName(BPMN, "outgoing")).text = fid
            if node["kind"] == "boundaryEvent":
                timer = etree.SubElement(el, etree.QName(BPMN, "timerEventDefinition"), id=f"{node['id']}_def")
                duration = etree.SubElement(timer, etree.QName(BPMN, "timeDuration"))
                duration.set(etree.QName(XSI, "type"), "bpmn:tFormalExpression")
                duration.text = node["due"]
            if node["kind"] == "subProcess":
                self._fill(el, node["id"], node["id"], self.sub_lanes[node["id"]])
        for f in flows:
            attrs = {"id": f["id"], "sourceRef": f["source"], "targetRef": f["target"]}
            if f["name"]:
                attrs["name"] = f["name"]
            el = etree.SubElement(container, etree.QName(BPMN, "sequenceFlow"), attrs)
            if f["condition"]:
                cond = etree.SubElement(el, etree.QName(BPMN, "conditionExpression"))
                cond.set(etree.QName(XSI, "type"), "bpmn:tFormalExpression")
                cond.text = f["condition"]

    def write(self, root: Path = ROOT) -> None:
        (root / "processes").mkdir(exist_ok=True)
        (root / "processes" / f"{self.key}.bpmn").write_bytes(self.xml())
        shutil.rmtree(root / "forms" / self.key, ignore_errors=True)  # forms of steps that no longer exist
        for path, schema in self.forms.items():
            for field, posts in self.sensitive.get(path, {}).items():
                schema["properties"][field]["x-sensitive"] = posts
            target = root / "forms" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            ui_path = target.with_name(target.name.replace(".schema.json", ".uischema.json"))
            ui = {**self.ui_extra.get(path, {}), **formkit.ui(schema["properties"])}
            ui_path.write_text(json.dumps(ui, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if self.rows:
            (root / "processes" / "rows").mkdir(exist_ok=True)
            lines = [f"# Every numbered row of {self.name}, from the SOP table.", ""]
            for row in self.rows:
                lines.append("[[row]]")
                lines.append(f"key = {json.dumps(row.key)}")
                lines.append(f"text = {json.dumps(row.text, ensure_ascii=False)}")
                for field in ("kelengkapan", "waktu", "output"):
                    value = getattr(row, field, "")
                    if value:
                        lines.append(f"{field} = {json.dumps(value, ensure_ascii=False)}")
                if getattr(row, "mark", ""):
                    lines.append(f"mark = {json.dumps(row.mark, ensure_ascii=False)}")
                if getattr(row, "reconstructed", False):
                    lines.append("reconstructed = true")
                lines.append("")
            (root / "processes" / "rows" / f"{self.key}.toml").write_text("\n".join(lines), encoding="utf-8")


def row_doc(sop_key: str, rows: list[Any], *notes: str) -> str:
    """``[sop07 16.3] <text>`` per row (a mark in brackets when the text is not the seed's), the row's
    KELENGKAPAN / WAKTU / OUTPUT facts, then ``ASUMSI:`` notes for analysts."""
    lines = [f"[{sop_key} {r.key}] " + (f"({r.mark}) " if r.mark else "") + r.text for r in rows]
    lines = [line.rstrip() for line in lines]
    for r in rows:
        facts = [f"{label}: {value}" for label, value in (("Kelengkapan", r.kelengkapan), ("Waktu", r.waktu),
                                                          ("Output", r.output)) if value]
        if facts:
            lines.append(f"({r.key}) " + "; ".join(facts))
    lines += [f"ASUMSI: {n}" for n in notes if n]
    return "\n".join(lines)


def _human(iso: str) -> str:
    return (iso.replace("PT", "").replace("P", "").replace("H", " jam").replace("M", " menit")
            .replace("D", " hari"))
