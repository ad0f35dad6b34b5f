"""What the engine runs: every BPMN element of an executable process either runs to its end or is
refused here, with what to draw instead. Descriptive pools (isExecutable="false") are not checked.

Runs: user, manual and plain tasks (user tasks also multi-instance), embedded, event and called
sub-processes, exclusive / parallel / inclusive / event-based gateways, none / timer / message starts,
timer / message / link catch events, timer / message / error / escalation boundary events, none /
error / escalation / terminate ends and none / link / escalation throws.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from . import messages

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"

REFUSED_ELEMENTS = ("scriptTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask", "complexGateway",
                    "transaction", "adHocSubProcess", "dataStoreReference", "standardLoopCharacteristics")
REFUSED_DEFINITIONS = ("signalEventDefinition", "conditionalEventDefinition", "compensateEventDefinition",
                       "cancelEventDefinition")
THROWS = ("intermediateThrowEvent", "endEvent")

Add = Callable[[etree._Element, str, str], None]


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _owner(el: etree._Element) -> etree._Element:
    """The nearest ancestor (or itself) with an id: the element a modeler can find."""
    node = el
    while node is not None and not node.get("id"):
        node = node.getparent()
    return node if node is not None else el


def executable_processes(root: etree._Element) -> list[etree._Element]:
    return [p for p in root.findall(f"{{{BPMN}}}process") if p.get("isExecutable") == "true"]


def check(root: etree._Element, add: Add) -> None:
    """Report, through ``add(element, english, indonesian)``, every element the engine would not run."""
    for process in executable_processes(root):
        for el in process.iter():
            if not isinstance(el.tag, str):
                continue
            namespace, kind = etree.QName(el).namespace, _local(el)
            if namespace == SPIFF and kind in ("preScript", "postScript"):
                add(_owner(el), *messages.unsupported(kind))
                continue
            if namespace != BPMN:
                continue
            if kind in REFUSED_ELEMENTS:
                add(_owner(el), *messages.unsupported(kind))
            elif kind == "subProcess" and el.get("{http://www.w3.org/2001/XMLSchema-instance}type", "").endswith(
                    ("tAdHocSubProcess", "tTransaction")):
                add(el, *messages.unsupported("adHocSubProcess"))
            elif kind in REFUSED_DEFINITIONS:
                add(_owner(el.getparent()), *messages.unsupported(kind))
            elif kind == "messageEventDefinition" and _local(el.getparent()) in THROWS:
                add(_owner(el.getparent()), *messages.unsupported("messageThrow"))
            elif kind == "multiInstanceLoopCharacteristics" and _local(el.getparent()) != "userTask":
                add(_owner(el.getparent()), *messages.unsupported("multiInstanceElsewhere"))
            elif kind in ("task", "userTask", "manualTask", "subProcess", "callActivity") \
                    and el.get("isForCompensation") == "true":
                add(el, *messages.unsupported("compensateEventDefinition"))
