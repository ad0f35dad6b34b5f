"""The names people gave BPMN elements (tasks, gateways, flows), by id, for pages that speak in words."""

from __future__ import annotations

from functools import lru_cache

from ..safety.xmlsafe import parse_xml


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


@lru_cache(maxsize=32)
def _graph(bpmn_xml: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """({element id: ids it flows to}, {element id: BPMN kind such as "userTask"})."""
    root = parse_xml(bpmn_xml.encode("utf-8")).getroot()
    outgoing: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for e in root.iter():
        if not isinstance(e.tag, str) or not e.get("id"):
            continue
        kind = e.tag.rsplit("}", 1)[-1]
        kinds[e.get("id")] = kind
        if kind == "sequenceFlow":
            outgoing.setdefault(e.get("sourceRef", ""), []).append(e.get("targetRef", ""))
    return outgoing, kinds


def next_steps(bpmn_xml: str, active: list[str]) -> list[str]:
    """The user tasks that can come right after ``active`` (through gateways and events), in order."""
    outgoing, kinds = _graph(bpmn_xml)
    found: list[str] = []
    seen = set(active)
    queue = [t for a in active for t in outgoing.get(a, [])]
    while queue:
        element = queue.pop(0)
        if element in seen:
            continue
        seen.add(element)
        if kinds.get(element) in ("userTask", "manualTask", "task"):
            found.append(element)
        else:
            queue.extend(outgoing.get(element, []))
    return found
