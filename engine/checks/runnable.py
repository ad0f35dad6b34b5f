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
#: add(element, english, indonesian)
Add = Callable[[etree._Element, str, str], None]
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
                add(el, f"call activity {el.get('id')!r} calls nothing: name the process to call in calledElement",
                    f"aktivitas panggil {el.get('id')!r} tidak memanggil apa pun: sebutkan prosesnya di calledElement")
            elif kind in REFERENCES:
                attr, target = REFERENCES[kind]
                ref = el.get(attr)
                event = el.getparent()
                if kind == "messageEventDefinition" and _local(event) in support.THROWS:
                    continue  # refused as a message throw
                if kind == "messageEventDefinition" and not ref:
                    add(event, f"message event {event.get('id')!r} names no message (messageRef)",
                        f"peristiwa pesan {event.get('id')!r} tidak menyebut pesan (messageRef)")
                elif ref and ref not in declared[target]:
                    add(event, f"{_local(event)} {event.get('id')!r} refers to {target} {ref!r}, which the file "
                               f"does not declare (bpmn:{target})",
                        f"{_local(event)} {event.get('id')!r} merujuk {target} {ref!r} yang tidak dinyatakan di berkas "
                        f"(bpmn:{target})")
            elif kind == "timerEventDefinition" and not any(
                    el.find(f"{{{BPMN}}}{t}") is not None for t in ("timeDuration", "timeDate", "timeCycle")):
                event = el.getparent()
                add(event, f"timer {event.get('id')!r} has no time: give it a timeDuration (PT1H), timeDate or "
                           "timeCycle (R3/PT1H)",
                    f"pewaktu {event.get('id')!r} tanpa waktu: isi timeDuration (PT1H), timeDate atau timeCycle "
                    "(R3/PT1H)")
            elif kind == "multiInstanceLoopCharacteristics" and _local(el.getparent()) == "userTask" \
                    and not _has_count(el):
                task = el.getparent()
                add(task, f"multi-instance task {task.get('id')!r} has neither a count (loopCardinality) nor a "
                          "collection to go over (loopDataInputRef)",
                    f"tugas multi-instans {task.get('id')!r} tanpa jumlah (loopCardinality) maupun kumpulan yang "
                    "dijalani (loopDataInputRef)")
        _check_links(process, add)
        _check_event_gateways(process, add)


def _check_event_gateways(process: etree._Element, add: Add) -> None:
    """After an event-based gateway the process waits for the first of several events: each outgoing flow
    must lead to a timer or message catch event."""
    for scope in [process, *process.iter(f"{{{BPMN}}}subProcess")]:
        nodes = {el.get("id"): el for el in scope if isinstance(el.tag, str) and el.get("id")}
        for flow in scope.findall(f"{{{BPMN}}}sequenceFlow"):
            source, target = nodes.get(flow.get("sourceRef")), nodes.get(flow.get("targetRef"))
            if source is None or target is None or _local(source) != "eventBasedGateway":
                continue
            waits = _local(target) == "intermediateCatchEvent" and any(
                target.find(f"{{{BPMN}}}{d}") is not None for d in ("timerEventDefinition", "messageEventDefinition"))
            if not waits:
                add(target, f"{_local(target)} {target.get('id')!r} follows event-based gateway {source.get('id')!r}, "
                            "which may only lead to timer or message catch events",
                    f"{_local(target)} {target.get('id')!r} mengikuti gerbang berbasis peristiwa {source.get('id')!r}, "
                    "yang hanya boleh menuju peristiwa tangkap pewaktu atau pesan")


def _check_sub_process(scope: etree._Element, add: Add) -> None:
    starts = scope.findall(f"{{{BPMN}}}startEvent")
    ends = scope.findall(f"{{{BPMN}}}endEvent")
    if _local(scope) != "subProcess":
        return  # transactions and ad-hoc sub-processes are refused as such
    if len(starts) != 1:
        add(scope, f"sub-process {scope.get('id')!r} must have exactly one start event; it has {len(starts)}",
            f"sub-proses {scope.get('id')!r} harus punya tepat satu peristiwa mulai; ada {len(starts)}")
    if not ends:
        add(scope, f"sub-process {scope.get('id')!r} has no end event",
            f"sub-proses {scope.get('id')!r} tanpa peristiwa akhir")


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
                        "name is in the same process or sub-process",
                    f"tautan {link.get('name')!r} dilempar oleh {ev.get('id')!r} tetapi tidak ada peristiwa tangkap "
                    "tautan bernama itu di proses atau sub-proses yang sama")


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
