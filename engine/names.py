"""The names people gave BPMN elements (tasks, gateways, flows), by id, for pages that speak in words."""

from __future__ import annotations

from functools import lru_cache

from .xmlsafe import parse_xml


@lru_cache(maxsize=32)
def element_names(bpmn_xml: str) -> dict[str, str]:
    """{element id: name} for every element with a name; flows keep their source and target too."""
    root = parse_xml(bpmn_xml.encode("utf-8") if isinstance(bpmn_xml, str) else bpmn_xml).getroot()
    names: dict[str, str] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        ident, name = element.get("id"), element.get("name")
        if ident and name:
            names[ident] = " ".join(name.split())
    return names


@lru_cache(maxsize=32)
def flow_targets(bpmn_xml: str) -> dict[str, str]:
    """{sequence flow id: target element id}, to name an unnamed flow by where it leads."""
    root = parse_xml(bpmn_xml.encode("utf-8")).getroot()
    return {e.get("id"): e.get("targetRef", "") for e in root.iter()
            if isinstance(e.tag, str) and e.tag.endswith("}sequenceFlow") and e.get("id")}
