"""What changed between two versions of a process, in the analyst's terms.

Elements (tasks, events, gateways), sequence flows, lanes, forms and time standards are compared
by their ids, so a renamed task shows as *changed*, a new one as *added*.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..safety import xmlsafe
from ..records import DefinitionInfo
from ..spiff import BPMN_NS

_FLOW_NODES = {
    "userTask", "manualTask", "task", "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
    "boundaryEvent", "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
    "subProcess", "callActivity", "scriptTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask",
}
_SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"


def _text(el: etree._Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _elements(root: etree._Element) -> dict[str, dict[str, Any]]:
    lane_of: dict[str, str] = {}
    for lane in root.iter(f"{{{BPMN_NS}}}lane"):
        for ref in lane.findall(f"{{{BPMN_NS}}}flowNodeRef"):
            lane_of[_text(ref)] = lane.get("name", "")
    timers: dict[str, str] = {}
    for boundary in root.iter(f"{{{BPMN_NS}}}boundaryEvent"):
        duration = boundary.find(f".//{{{BPMN_NS}}}timeDuration")
        if duration is not None:
            timers[boundary.get("attachedToRef", "")] = _text(duration).strip('"\'')
    out: dict[str, dict[str, Any]] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(f"{{{BPMN_NS}}}"):
            continue
        kind = etree.QName(el).localname
        if kind not in _FLOW_NODES:
            continue
        props = {p.get("name"): p.get("value") for p in el.iter(f"{_SPIFF}property")}
        out[el.get("id", "")] = {
            "type": kind,
            "name": el.get("name", ""),
            "lane": lane_of.get(el.get("id", ""), ""),
            "form": props.get("formJsonSchemaFilename"),
            "time_standard": timers.get(el.get("id", "")),
            "documentation": _text(el.find(f"{{{BPMN_NS}}}documentation")),
        }
    return out


def _flows(root: etree._Element) -> dict[str, dict[str, Any]]:
    defaults = {el.get("default") for el in root.iter() if isinstance(el.tag, str) and el.get("default")}
    return {
        flow.get("id", ""): {
            "source": flow.get("sourceRef", ""),
            "target": flow.get("targetRef", ""),
            "name": flow.get("name", ""),
            "condition": _text(flow.find(f"{{{BPMN_NS}}}conditionExpression")) or None,
            "default": flow.get("id") in defaults,
        }
        for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow")
    }


def _compare(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> dict[str, Any]:
    changed = []
    for key in sorted(set(old) & set(new)):
        changes = {f: [old[key].get(f), new[key].get(f)] for f in sorted(set(old[key]) | set(new[key]))
                   if old[key].get(f) != new[key].get(f)}
        if changes:
            changed.append({"id": key, "changes": changes})
    return {
        "added": [{"id": k, **new[k]} for k in sorted(set(new) - set(old))],
        "removed": [{"id": k, **old[k]} for k in sorted(set(old) - set(new))],
        "changed": changed,
    }


def _form_fields(schema: Any) -> dict[str, Any]:
    if not isinstance(schema, dict):
        return {}
    required = set(schema.get("required") or [])
    return {name: {"type": sub.get("type") if isinstance(sub, dict) else None,
                   "title": sub.get("title") if isinstance(sub, dict) else None,
                   "required": name in required,
                   "schema": sub}
            for name, sub in (schema.get("properties") or {}).items()}


def diff_definitions(old: DefinitionInfo, new: DefinitionInfo) -> dict[str, Any]:
    """The semantic difference of two versions of one process."""
    old_root = xmlsafe.parse_xml(old.bpmn_xml.encode("utf-8")).getroot()
    new_root = xmlsafe.parse_xml(new.bpmn_xml.encode("utf-8")).getroot()
    elements = _compare(_elements(old_root), _elements(new_root))
    flows = _compare(_flows(old_root), _flows(new_root))
    old_lanes = [lane.get("name", "") for lane in old_root.iter(f"{{{BPMN_NS}}}lane")]
    new_lanes = [lane.get("name", "") for lane in new_root.iter(f"{{{BPMN_NS}}}lane")]
    forms: dict[str, Any] = {"added": sorted(set(new.forms) - set(old.forms)),
                             "removed": sorted(set(old.forms) - set(new.forms)), "changed": []}
    for path in sorted(set(old.forms) & set(new.forms)):
        if old.forms[path] != new.forms[path]:
            fields = _compare(_form_fields(old.forms[path]), _form_fields(new.forms[path]))
            forms["changed"].append({"path": path, "fields": {
                "added": [f["id"] for f in fields["added"]], "removed": [f["id"] for f in fields["removed"]],
                "changed": [f["id"] for f in fields["changed"]]}})
    time_standards = [
        {"id": c["id"], "from": c["changes"]["time_standard"][0], "to": c["changes"]["time_standard"][1]}
        for c in elements["changed"] if "time_standard" in c["changes"]
    ] + [{"id": e["id"], "from": None, "to": e["time_standard"]} for e in elements["added"] if e["time_standard"]]
    return {
        "process_id": new.process_id,
        "from_version": old.version,
        "to_version": new.version,
        "elements": elements,
        "flows": flows,
        "lanes": {"added": [n for n in new_lanes if n not in old_lanes],
                  "removed": [n for n in old_lanes if n not in new_lanes]},
        "forms": forms,
        "time_standards": time_standards,
        "unchanged": not any([elements["added"], elements["removed"], elements["changed"], flows["added"],
                              flows["removed"], flows["changed"], forms["added"], forms["removed"],
                              forms["changed"], old_lanes != new_lanes]),
    }
