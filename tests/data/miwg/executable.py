"""Make a MIWG reference model runnable without changing its structure (see README.md here)."""

from __future__ import annotations

import re

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
FLOW_NODES = {"userTask", "manualTask", "task", "scriptTask", "serviceTask", "sendTask", "receiveTask",
              "businessRuleTask", "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
              "boundaryEvent", "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
              "complexGateway", "subProcess", "callActivity", "transaction"}
FORM = "fx/note.schema.json"
TIMER_EXAMPLE = {"timeDuration": "PT1H", "timeDate": "2026-03-03T08:00:00+00:00", "timeCycle": "R2/PT1H"}


def q(tag: str) -> str:
    return f"{{{BPMN}}}{tag}"


def make_executable(data: bytes) -> tuple[bytes, set[str]]:
    """The runnable document, and the lane names it uses."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    lanes: set[str] = set()
    for process in root.iter(q("process")):
        process.set("isExecutable", "true")
        drawn = [lane for lane in process.iter(q("lane")) if lane.find(q("childLaneSet")) is None]
        for lane in drawn:
            lane.set("name", (lane.get("name") or lane.get("id") or "lane").strip() or "lane")
            lanes.add(lane.get("name"))
        if not drawn:
            _add_lane(process)
            lanes.add("PETUGAS")
    for task in root.iter(q("userTask")):
        _add_form(task)
    for gateway_tag in ("exclusiveGateway", "inclusiveGateway"):
        for gateway in root.iter(q(gateway_tag)):
            _give_conditions(root, gateway)
    for condition in root.iter(q("conditionExpression")):
        if not (condition.text or "").strip() or not _runnable(condition.text):
            condition.text = "True"  # a conditional flow out of a task: always taken
    for loop in root.iter(q("multiInstanceLoopCharacteristics")):
        if loop.find(q("loopCardinality")) is None and loop.find(q("loopDataInputRef")) is None:
            cardinality = etree.Element(q("loopCardinality"))
            cardinality.text = "2"
            leading = [c for c in loop if isinstance(c.tag, str) and etree.QName(c).localname in
                       ("documentation", "extensionElements")]
            loop.insert(len(leading), cardinality)
    for message in root.iter(q("message")):
        message.set("name", message.get("name") or message.get("id"))  # a message is sent by its name
    for sub in root.iter(q("subProcess")):
        _add_start(sub)
    for process in root.iter(q("process")):
        _put_in_lanes(process)
    for definition in root.iter(q("timerEventDefinition")):
        if not any(definition.find(q(tag)) is not None for tag in ("timeDuration", "timeDate", "timeCycle")):
            etree.SubElement(definition, q("timeDuration")).text = "PT1H"  # drawn without a time
    for tag in ("timeDuration", "timeDate", "timeCycle"):
        for timer in root.iter(q(tag)):
            if not (timer.text or "").strip() or "$" in timer.text or "{" in timer.text or "=" in timer.text:
                timer.text = TIMER_EXAMPLE[tag]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), lanes


def _runnable(text: str) -> bool:
    """Whether a condition is already in sopflow's expression language (not JUEL, FEEL or XPath)."""
    from engine.spiff import expressions

    try:
        expressions.check(text.strip())
    except expressions.ExpressionError:
        return False
    return not re.search(r"[${}#]", text)


def _add_start(sub: etree._Element) -> None:
    """Give a sub-process drawn without a start event one, before the node where its work begins."""
    if sub.get("triggeredByEvent") == "true" or sub.find(q("startEvent")) is not None:
        return
    nodes = [el for el in sub if isinstance(el.tag, str) and etree.QName(el).localname in FLOW_NODES
             and etree.QName(el).localname != "boundaryEvent"]
    if not nodes:  # drawn collapsed and empty: its content is a start and an end
        start = etree.SubElement(sub, q("startEvent"), id=f"{sub.get('id')}_start")
        end = etree.SubElement(sub, q("endEvent"), id=f"{sub.get('id')}_end")
        etree.SubElement(sub, q("sequenceFlow"), id=f"{sub.get('id')}_flow", sourceRef=start.get("id"),
                         targetRef=end.get("id"))
        return
    entered = {f.get("targetRef") for f in sub.findall(q("sequenceFlow"))}
    first = [n for n in nodes if n.get("id") not in entered]
    if len(first) != 1:
        return
    start = etree.Element(q("startEvent"), id=f"{sub.get('id')}_start")
    flow = etree.Element(q("sequenceFlow"), id=f"{sub.get('id')}_start_flow", sourceRef=start.get("id"),
                         targetRef=first[0].get("id"))
    first[0].addprevious(start)
    first[0].addprevious(flow)


def _put_in_lanes(process: etree._Element) -> None:
    """Put a node drawn outside every lane into its host's lane (boundary events) or the first lane."""
    lanes = [lane for lane in process.iter(q("lane")) if lane.find(q("childLaneSet")) is None]
    if not lanes:
        return
    lane_of = {(ref.text or "").strip(): lane for lane in lanes for ref in lane.findall(q("flowNodeRef"))}
    for node in process:
        if not isinstance(node.tag, str) or etree.QName(node).localname not in FLOW_NODES:
            continue
        if node.get("id") in lane_of:
            continue
        lane = lane_of.get(node.get("attachedToRef", ""), lanes[0])
        etree.SubElement(lane, q("flowNodeRef")).text = node.get("id")
        lane_of[node.get("id")] = lane


def _add_lane(process: etree._Element) -> None:
    nodes = [el.get("id") for el in process if isinstance(el.tag, str) and etree.QName(el).localname in FLOW_NODES]
    lane_set = etree.Element(q("laneSet"), id=f"{process.get('id')}_lanes")
    lane = etree.SubElement(lane_set, q("lane"), id=f"{process.get('id')}_lane", name="PETUGAS")
    for node_id in nodes:
        etree.SubElement(lane, q("flowNodeRef")).text = node_id
    position = 0
    for i, child in enumerate(process):
        if isinstance(child.tag, str) and etree.QName(child).localname in (
                "documentation", "extensionElements", "auditing", "monitoring", "categoryValueRef",
                "supportedInterfaceRef", "ioSpecification", "ioBinding", "property"):
            position = i + 1
    process.insert(position, lane_set)


def _add_form(task: etree._Element) -> None:
    ext = task.find(q("extensionElements"))
    if ext is None:
        ext = etree.Element(q("extensionElements"))
        first = task[0] if len(task) else None
        position = 1 if first is not None and isinstance(first.tag, str) and etree.QName(first).localname == "documentation" else 0
        task.insert(position, ext)
    props = etree.SubElement(ext, f"{{{SPIFF}}}properties")
    etree.SubElement(props, f"{{{SPIFF}}}property", name="formJsonSchemaFilename", value=FORM)


def _leads_back(root: etree._Element, flow: etree._Element, node_id: str) -> bool:
    """Whether following ``flow`` can come back to ``node_id`` (a loop)."""
    targets: dict[str, list[str]] = {}
    for f in root.iter(q("sequenceFlow")):
        targets.setdefault(f.get("sourceRef"), []).append(f.get("targetRef"))
    seen, stack = set(), [flow.get("targetRef")]
    while stack:
        current = stack.pop()
        if current == node_id:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(targets.get(current, []))
    return False


def _give_conditions(root: etree._Element, gateway: etree._Element) -> None:
    outgoing = [f for f in root.iter(q("sequenceFlow")) if f.get("sourceRef") == gateway.get("id")]
    if len(outgoing) < 2:
        return
    # The way forward is the default, so a run with no data leaves loops instead of circling.
    outgoing.sort(key=lambda f: _leads_back(root, f, gateway.get("id")))
    default = gateway.get("default")
    for flow in outgoing:
        condition = flow.find(q("conditionExpression"))
        if condition is not None and condition.text and _runnable(condition.text):
            continue
        if default is None:
            default = flow.get("id")
            gateway.set("default", default)
        if flow.get("id") == default:
            if condition is not None:
                flow.remove(condition)
            continue
        if condition is None:
            condition = etree.SubElement(flow, q("conditionExpression"))
        condition.text = "False"
        for attribute in list(condition.attrib):
            if attribute.endswith("language"):
                del condition.attrib[attribute]
