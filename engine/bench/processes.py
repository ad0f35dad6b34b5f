"""The generated processes of `sopflow bench` and the temporary workspace they are deployed from.

* ``seq30``: 30 user tasks in a row, alternating between two lanes, each with a PT1H time standard
  (a boundary timer, as every SOP step has); ``seq30n`` is the same without the timers;
* ``loop``: one user task and a gateway that loops back, for the cost of step n of a long instance.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..config import Settings

ROLES = """
[roles.staf]
id = "Staf"
en = "Staff"
lanes = ["STAF"]

[roles.kepala]
id = "Kepala"
en = "Head"
lanes = ["KEPALA"]
"""
FORM = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
        "properties": {"catatan": {"type": "string", "maxLength": 500}, "lanjut": {"type": "boolean"}},
        "additionalProperties": False}
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
        'id="d_{pid}" targetNamespace="http://sopflow/bench"><bpmn:process id="{pid}" name="{pid}" isExecutable="true">')
FORM_EXT = ('<bpmn:extensionElements><spiffworkflow:properties><spiffworkflow:property name="formJsonSchemaFilename" '
            'value="b/form.schema.json"/></spiffworkflow:properties></bpmn:extensionElements>')


def _lanes(pid: str, staf: list[str], kepala: list[str]) -> str:
    refs = lambda ids: "".join(f"<bpmn:flowNodeRef>{i}</bpmn:flowNodeRef>" for i in ids)  # noqa: E731
    return (f'<bpmn:laneSet id="{pid}_ls"><bpmn:lane id="{pid}_l1" name="STAF">{refs(staf)}</bpmn:lane>'
            f'<bpmn:lane id="{pid}_l2" name="KEPALA">{refs(kepala)}</bpmn:lane></bpmn:laneSet>')


def seq_bpmn(n: int, timers: bool = True) -> str:
    pid = f"seq{n}" if timers else f"seq{n}n"
    parts, staf, kepala = [], ["s"], []
    prev = "s"
    parts.append('<bpmn:startEvent id="s"/>')
    for i in range(1, n + 1):
        tid = f"t{i}"
        (staf if i % 2 else kepala).append(tid)
        parts.append(f'<bpmn:userTask id="{tid}" name="Langkah {i}">{FORM_EXT}</bpmn:userTask>')
        parts.append(f'<bpmn:sequenceFlow id="f{i}" sourceRef="{prev}" targetRef="{tid}"/>')
        if timers:
            (staf if i % 2 else kepala).extend([f"{tid}_w", f"{tid}_e"])
            parts.append(f'<bpmn:boundaryEvent id="{tid}_w" cancelActivity="false" attachedToRef="{tid}">'
                         f'<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H'
                         f'</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'
                         f'<bpmn:endEvent id="{tid}_e"/>'
                         f'<bpmn:sequenceFlow id="{tid}_fe" sourceRef="{tid}_w" targetRef="{tid}_e"/>')
        prev = tid
    staf.append("e")
    parts.append('<bpmn:endEvent id="e"/>')
    parts.append(f'<bpmn:sequenceFlow id="fend" sourceRef="{prev}" targetRef="e"/>')
    return HEAD.format(pid=pid) + _lanes(pid, staf, kepala) + "".join(parts) + "</bpmn:process></bpmn:definitions>"


def loop_bpmn() -> str:
    pid = "loop"
    body = (f'<bpmn:startEvent id="s"/><bpmn:userTask id="t" name="Langkah">{FORM_EXT}</bpmn:userTask>'
            '<bpmn:exclusiveGateway id="g" default="back"/><bpmn:endEvent id="e"/>'
            '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="g"/>'
            '<bpmn:sequenceFlow id="done" sourceRef="g" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
            'lanjut == False</bpmn:conditionExpression></bpmn:sequenceFlow>'
            '<bpmn:sequenceFlow id="back" sourceRef="g" targetRef="t"/>')
    return HEAD.format(pid=pid) + _lanes(pid, ["s", "t", "g", "e"], []) + body + "</bpmn:process></bpmn:definitions>"


def _workspace(root: Path) -> Settings:
    (root / "processes").mkdir()
    (root / "forms" / "b").mkdir(parents=True)
    (root / "processes" / "roles.toml").write_text(ROLES)
    (root / "forms" / "b" / "form.schema.json").write_text(json.dumps(FORM))
    (root / "processes" / "seq30.bpmn").write_text(seq_bpmn(30))
    (root / "processes" / "seq30n.bpmn").write_text(seq_bpmn(30, timers=False))
    (root / "processes" / "loop.bpmn").write_text(loop_bpmn())
    return Settings(database_url=f"sqlite:///{root / 'bench.db'}", processes_dir=root / "processes",
                    forms_dir=root / "forms")


def workspace(root: Path) -> Settings:
    return _workspace(root)
