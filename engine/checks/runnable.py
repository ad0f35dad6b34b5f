"""What SpiffWorkflow's parser would refuse one problem at a time, found here all at once, each with
its line: sub-processes without exactly one start or without an end, call activities that call nothing,
events that refer to messages, errors or escalations that do not exist, timers without a time,
multi-instance tasks without a count or a collection, links thrown where nothing catches them.

Also rewords the parser's own complaints for what is left, never showing a Python error's repr.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from . import support

BPMN = support.BPMN
Add = Callable[[etree._Element, str], None]
SCOPES = ("subProcess", "transaction", "adHocSubProcess")
REFERENCES = {"messageEventDefinition": ("messageRef", "message"), "errorEventDefinition": ("errorRef", "error"),
              "escalationEventDefinition": ("escalationRef", "escalation")}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def check(root: etree._Element, add: Add) -> None:
    declared = {kind: {el.get("id") for el in root.iter(f"{{{BPMN}}}{kind}")} for kind in ("message", "error",
                                                                                              "escalation")}
    for process in support.executable_processes(root):
        for el in process.iter(f"{{{BPMN}}}*"):
            kind = _local(el)
            if kind in SCOPES:
                _check_sub_process(el, add)
            elif kind == "callActivity" and not el.get("calledElement"):
                add(el, f"call activity {el.get('id')!r} calls nothing: name the process to call in calledElement")
            elif kind in REFERENCES:
                attr, target = REFERENCES[kind]
                ref = el.get(attr)
                event = el.getparent()
                if kind == "messageEventDefinition" and _local(event) in support.THROWS:
                    continue  # refused as a message throw
                if kind == "messageEventDefinition" and not ref:
                    add(event, f"message event {event.get('id')!r} names no message (messageRef)")
                elif ref and ref not in declared[target]:
                    add(event, f"{_local(event)} {event.get('id')!r} refers to {target} {ref!r}, which the file "
                               f"does not declare (bpmn:{target})")
            elif kind == "timerEventDefinition" and not any(
                    el.find(f"{{{BPMN}}}{t}") is not None for t in ("timeDuration", "timeDate", "timeCycle")):
                event = el.getparent()
                add(event, f"timer {event.get('id')!r} has no time: give it a timeDuration (PT1H), timeDate or "
                           "timeCycle (R3/PT1H)")
            elif kind == "multiInstanceLoopCharacteristics" and _local(el.getparent()) == "userTask" \
                    and not _has_count(el):
                task = el.getparent()
                add(task, f"multi-instance task {task.get('id')!r} has neither a count (loopCardinality) nor a "
                          "collection to go over (loopDataInputRef)")
        _check_links(process, add)


def _check_sub_process(scope: etree._Element, add: Add) -> None:
    starts = scope.findall(f"{{{BPMN}}}startEvent")
    ends = scope.findall(f"{{{BPMN}}}endEvent")
    if _local(scope) != "subProcess":
        return  # transactions and ad-hoc sub-processes are refused as such
    if len(starts) != 1:
        add(scope, f"sub-process {scope.get('id')!r} must have exactly one start event; it has {len(starts)}")
    if not ends:
        add(scope, f"sub-process {scope.get('id')!r} has no end event")


def _has_count(mi: etree._Element) -> bool:
    if mi.find(f"{{{BPMN}}}loopCardinality") is not None or mi.find(f"{{{BPMN}}}loopDataInputRef") is not None:
        return True
    # SpiffWorkflow's own way of naming the collection
    return any(_local(child) in ("loopDataInputRef", "inputDataItem") for child in mi)


def _check_links(process: etree._Element, add: Add) -> None:
    scopes = [process, *[el for el in process.iter(f"{{{BPMN}}}subProcess")]]
    for scope in scopes:
        caught = {ev.find(f"{{{BPMN}}}linkEventDefinition").get("name")
                  for ev in scope.findall(f"{{{BPMN}}}intermediateCatchEvent")
                  if ev.find(f"{{{BPMN}}}linkEventDefinition") is not None}
        for ev in scope.findall(f"{{{BPMN}}}intermediateThrowEvent"):
            link = ev.find(f"{{{BPMN}}}linkEventDefinition")
            if link is not None and link.get("name") not in caught:
                add(ev, f"link {link.get('name')!r} is thrown by {ev.get('id')!r} but no link catch event of that "
                        "name is in the same process or sub-process")


_PYTHON_ERROR = re.compile(r"\((?:KeyError|AttributeError|TypeError|ValueError|IndexError): (.*)\)\s*$", re.S)
_PHRASES = {
    "There is no support implemented for this task type.": "the engine has no support for this kind of element",
    "No start event found": "no start event",
    "Non-default exclusive outgoing sequence flow without condition":
        "a gateway's outgoing flow has no condition and is not the default",
}


def plain_engine_message(text: str) -> str:
    """The parser's complaint in plain words: known phrases rewritten, Python error reprs removed."""
    text = " ".join(str(text).split()).rstrip(".")
    for phrase, plain in _PHRASES.items():
        text = text.replace(phrase.rstrip("."), plain)
    match = _PYTHON_ERROR.search(text)
    if match:
        detail = match.group(1).strip().strip("'\"")
        text = _PYTHON_ERROR.sub("", text).rstrip(" (") + (f": it refers to {detail!r}, which it cannot find"
                                                          if detail else "")
    return text
