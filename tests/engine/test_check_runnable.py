"""Engine-level problems are reported all at once, each with its line and element, in plain words."""

from __future__ import annotations

import pytest

from engine.checks import checker
from engine.checks.runnable import plain_engine_message
from engine.org.roles import RoleCatalog

from ..conftest import DATA
from .test_support import FORM, diagram


@pytest.fixture
def catalog():
    return RoleCatalog.load(DATA / "processes" / "roles.toml")


def test_every_engine_level_problem_at_once_each_with_its_line(catalog):
    middle = f'''<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_s"/><bpmn:manualTask id="sub_t"/>
      <bpmn:sequenceFlow id="sub_f" sourceRef="sub_s" targetRef="sub_t"/></bpmn:subProcess>
    <bpmn:callActivity id="call"/>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="wait_d"/></bpmn:intermediateCatchEvent>
    <bpmn:userTask id="many">{FORM}<bpmn:multiInstanceLoopCharacteristics/></bpmn:userTask>
    <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition id="reply_d" messageRef="nowhere"/></bpmn:intermediateCatchEvent>
    <bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition id="jump_d" name="ke_akhir"/></bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="m1" sourceRef="sub" targetRef="call"/><bpmn:sequenceFlow id="m2" sourceRef="call" targetRef="wait"/>
    <bpmn:sequenceFlow id="m3" sourceRef="wait" targetRef="many"/><bpmn:sequenceFlow id="m4" sourceRef="many" targetRef="reply"/>
    <bpmn:sequenceFlow id="m5" sourceRef="reply" targetRef="jump"/>'''
    text = diagram(middle, ["sub", "reply"], extra_ids=("call", "wait", "many", "jump"))
    problems = [p for p in checker.check_document(text.encode(), "k.bpmn", DATA / "forms", catalog).problems
                if p.code == "engine"]
    lines = {p.element_id: p.line for p in problems}
    assert set(lines) == {"sub", "call", "wait", "many", "reply", "jump"}, problems
    rows = text.splitlines()
    for element, line in lines.items():
        assert f'id="{element}"' in rows[line - 1]
    assert all("Error" not in p.message and "Traceback" not in p.message for p in problems)
    assert all(p.detail_id and p.message_id.startswith("Mesin tidak dapat") for p in problems)  # and in Indonesian


def test_a_file_with_two_executable_pools_yields_both(catalog):
    one = diagram(f'<bpmn:userTask id="u">{FORM}</bpmn:userTask>', ["u"])
    second = one[one.index("<bpmn:process"):one.index("</bpmn:process>") + len("</bpmn:process>")]
    for old in ('id="k"', 'id="ls"', 'id="l"', 'id="s"', 'id="u"', 'id="e"', 'id="f_in"', 'id="f_out"',
                ">s<", ">u<", ">e<", '"s"', '"u"', '"e"'):
        second = second.replace(old, old.replace("k", "k2").replace("s", "s2").replace("u", "u2").replace("e", "e2")
                                .replace("l", "l2").replace("f_in", "g_in").replace("f_out", "g_out"))
    text = one.replace("</bpmn:process>", "</bpmn:process>" + second, 1)
    result = checker.check_document(text.encode(), "k.bpmn", DATA / "forms", catalog)
    assert [p for p in result.problems if p.severity == "error"] == []
    assert sorted(p.process_id for p in result.processes) == ["k", "k2"]


@pytest.mark.parametrize("raw, plain", [
    ("the engine cannot read this process (KeyError: 'Flow_9')", "it refers to 'Flow_9', which it cannot find"),
    ("There is no support implemented for this task type..", "the engine has no support for this kind of element"),
])
def test_engine_messages_are_reworded(raw, plain):
    text = plain_engine_message(raw)
    assert plain in text and "KeyError" not in text and not text.endswith("..")


def test_an_event_based_gateway_must_lead_to_catch_events(catalog):
    middle = '''<bpmn:eventBasedGateway id="g"/>
    <bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition id="wd"><bpmn:timeDuration>P1D</bpmn:timeDuration>
    </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:manualTask id="t"/><bpmn:endEvent id="e2"/>
    <bpmn:sequenceFlow id="g1" sourceRef="g" targetRef="w"/><bpmn:sequenceFlow id="g2" sourceRef="g" targetRef="t"/>
    <bpmn:sequenceFlow id="g3" sourceRef="t" targetRef="e2"/>'''
    text = diagram(middle, ["g", "w"], extra_ids=("t", "e2"))
    problems = [p for p in checker.check_document(text.encode(), "k.bpmn", DATA / "forms", catalog).problems
                if p.severity == "error"]
    assert [(p.code, p.element_id) for p in problems] == [("engine", "t")]
