"""Steps inside an embedded sub-process keep the lane that names them (engine/spiff/lanes.py)."""

from __future__ import annotations

from lxml import etree

from engine.spiff.parsing import parse_process

DOC = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="l_boss" name="BOSS"><bpmn:flowNodeRef>s</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>order</bpmn:flowNodeRef><bpmn:flowNodeRef>sub</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="order" name="Order"/>
    <bpmn:subProcess id="sub" name="Work">
      <bpmn:laneSet id="sub_ls">
        <bpmn:lane id="sl_a" name="CLERK"><bpmn:flowNodeRef>write</bpmn:flowNodeRef></bpmn:lane>
        <bpmn:lane id="sl_b" name="FIELD"><bpmn:flowNodeRef>visit</bpmn:flowNodeRef></bpmn:lane>
      </bpmn:laneSet>
      <bpmn:startEvent id="ss"/>
      <bpmn:userTask id="write" name="Write"/>
      <bpmn:userTask id="visit" name="Visit"/>
      <bpmn:userTask id="sign" name="Sign"/>
      <bpmn:endEvent id="se"/>
      <bpmn:sequenceFlow id="sf1" sourceRef="ss" targetRef="write"/>
      <bpmn:sequenceFlow id="sf2" sourceRef="write" targetRef="visit"/>
      <bpmn:sequenceFlow id="sf3" sourceRef="visit" targetRef="sign"/>
      <bpmn:sequenceFlow id="sf4" sourceRef="sign" targetRef="se"/>
    </bpmn:subProcess>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="order"/>
    <bpmn:sequenceFlow id="f2" sourceRef="order" targetRef="sub"/>
    <bpmn:sequenceFlow id="f3" sourceRef="sub" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_each_step_of_a_sub_process_keeps_its_own_lane():
    process, = parse_process(etree.fromstring(DOC), "p.bpmn")
    lanes = {eid: meta.lane for eid, meta in process.user_tasks.items()}
    # a step no lane of the sub-process names keeps the sub-process's own lane, as before
    assert lanes == {"order": "BOSS", "write": "CLERK", "visit": "FIELD", "sign": "BOSS"}
