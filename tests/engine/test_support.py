"""What check accepts, runs: each BPMN element kind the engine does not run is refused by check (and
so by deploy) with file, line, element id and what to use instead; the kinds it runs are accepted."""

from __future__ import annotations

import pytest

from engine import DefinitionError
from engine.checks import checker
from engine.cli import main
from engine.org.roles import RoleCatalog

from ..conftest import DATA

FORM = ('<bpmn:extensionElements><spiffworkflow:properties><spiffworkflow:property '
        'name="formJsonSchemaFilename" value="fx/note.schema.json"/></spiffworkflow:properties></bpmn:extensionElements>')


def diagram(middle: str, ids: list[str], extra_nodes: str = "", extra_ids: tuple[str, ...] = ()) -> str:
    """start -> <middle, whose first node is ids[0] and last ids[-1]> -> end, all in the PETUGAS lane."""
    refs = "".join(f"<bpmn:flowNodeRef>{i}</bpmn:flowNodeRef>" for i in ["s", *ids, *extra_ids, "e"])
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://sopflow.test/k">
  <bpmn:process id="k" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="l" name="PETUGAS">{refs}</bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="s"/>
    {middle}
    {extra_nodes}
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f_in" sourceRef="s" targetRef="{ids[0]}"/>
    <bpmn:sequenceFlow id="f_out" sourceRef="{ids[-1]}" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>'''


REFUSED = {
    "script task": ('<bpmn:scriptTask id="x" scriptFormat="python"><bpmn:script>a = 1</bpmn:script></bpmn:scriptTask>',
                    "x", "user task"),
    "service task": ('<bpmn:serviceTask id="x"/>', "x", "user task"),
    "service task with an operator": (
        '<bpmn:serviceTask id="x"><bpmn:extensionElements><spiffworkflow:serviceTaskOperator id="http/GetRequest">'
        '<spiffworkflow:parameters><spiffworkflow:parameter id="url" type="str" value="\'http://x\'"/>'
        '</spiffworkflow:parameters></spiffworkflow:serviceTaskOperator></bpmn:extensionElements></bpmn:serviceTask>',
        "x", "user task"),
    "send task": ('<bpmn:sendTask id="x"/>', "x", "user task"),
    "receive task": ('<bpmn:receiveTask id="x"/>', "x", "message catch event"),
    "business-rule task": ('<bpmn:businessRuleTask id="x"/>', "x", "exclusive gateway"),
    "complex gateway": ('<bpmn:complexGateway id="x"/>', "x", "inclusive or exclusive gateway"),
    "transaction": ('<bpmn:transaction id="x"><bpmn:startEvent id="xs"/></bpmn:transaction>', "x", "error boundary"),
    "ad-hoc sub-process": ('<bpmn:adHocSubProcess id="x"><bpmn:task id="xt"/></bpmn:adHocSubProcess>', "x",
                           "parallel gateway"),
    "signal catch event": ('<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition id="xd"/>'
                           '</bpmn:intermediateCatchEvent>', "x", "message event"),
    "conditional catch event": ('<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition id="xd">'
                                '<bpmn:condition>a</bpmn:condition></bpmn:conditionalEventDefinition>'
                                '</bpmn:intermediateCatchEvent>', "x", "exclusive gateway"),
    "compensation throw": ('<bpmn:intermediateThrowEvent id="x"><bpmn:compensateEventDefinition id="xd"/>'
                           '</bpmn:intermediateThrowEvent>', "x", "error boundary"),
    "message throw": ('<bpmn:intermediateThrowEvent id="x"><bpmn:messageEventDefinition id="xd"/>'
                      '</bpmn:intermediateThrowEvent>', "x", "user task"),
    "loop marker": (f'<bpmn:userTask id="x">{FORM}<bpmn:standardLoopCharacteristics/></bpmn:userTask>', "x",
                    "gateway that flows back"),
    "data association": (
        f'<bpmn:userTask id="x">{FORM}<bpmn:dataOutputAssociation id="xa"><bpmn:targetRef>sprin</bpmn:targetRef>'
        '</bpmn:dataOutputAssociation><bpmn:dataOutputAssociation id="xb"><bpmn:targetRef>sprin</bpmn:targetRef>'
        '</bpmn:dataOutputAssociation></bpmn:userTask><bpmn:dataObject id="sprin_obj"/>'
        '<bpmn:dataObjectReference id="sprin" dataObjectRef="sprin_obj"/>', "x", "formInputs"),
    "preScript": ('<bpmn:userTask id="x"><bpmn:extensionElements><spiffworkflow:properties><spiffworkflow:property '
                  'name="formJsonSchemaFilename" value="fx/note.schema.json"/></spiffworkflow:properties>'
                  '<spiffworkflow:preScript>catatan = "x"</spiffworkflow:preScript></bpmn:extensionElements>'
                  '</bpmn:userTask>', "x", "formInputs"),
    "postScript": ('<bpmn:manualTask id="x"><bpmn:extensionElements>'
                   '<spiffworkflow:postScript>a = 1</spiffworkflow:postScript></bpmn:extensionElements>'
                   '</bpmn:manualTask>', "x", "gateway condition"),
}


@pytest.fixture
def catalog():
    return RoleCatalog.load(DATA / "processes" / "roles.toml")


def problems_of(text: str, catalog) -> list[checker.Problem]:
    return checker.check_document(text.encode(), "k.bpmn", DATA / "forms", catalog).problems


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_refused_with_line_id_and_what_to_use_instead(kind, catalog):
    middle, element, instead = REFUSED[kind]
    text = diagram(middle, [element])
    found = [p for p in problems_of(text, catalog) if p.code == "unsupported"]
    assert len(found) == 1, found
    [problem] = found
    assert problem.severity == "error" and problem.element_id == element and problem.file == "k.bpmn"
    assert problem.line == next(n for n, row in enumerate(text.splitlines(), 1) if f'id="{element}"' in row)
    assert instead in problem.message
    assert problem.detail_id and problem.message_id.startswith("Unsur BPMN ini tidak dijalankan")
    assert "Traceback" not in problem.message and "Error(" not in problem.message


def test_a_refused_element_is_not_deployed(fx_engine, tmp_path):
    path = tmp_path / "k.bpmn"
    path.write_text(diagram(REFUSED["service task with an operator"][0], ["x"]))
    before = [p.id for p in fx_engine.processes()]
    with pytest.raises(DefinitionError) as err:
        fx_engine.deploy([path], actor="tester")
    assert "service tasks are not run" in str(err.value.problems)
    assert [p.id for p in fx_engine.processes()] == before


def test_cli_says_it_in_indonesian(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(DATA / "processes"))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(DATA / "forms"))
    path = tmp_path / "k.bpmn"
    path.write_text(diagram(REFUSED["script task"][0], ["x"]))
    assert main(["check", "--lang", "id", str(path)]) == 1
    out = capsys.readouterr().out
    assert "k.bpmn:" in out and "[x]" in out and "tugas skrip tidak dijalankan" in out


def test_a_descriptive_pool_is_not_refused(catalog):
    text = diagram('<bpmn:userTask id="u">' + FORM + '</bpmn:userTask>', ["u"]).replace(
        '</bpmn:process>', '</bpmn:process><bpmn:process id="other" isExecutable="false">'
        '<bpmn:scriptTask id="sc"/><bpmn:serviceTask id="sv"/></bpmn:process>')
    assert [p for p in problems_of(text, catalog) if p.code == "unsupported"] == []


ACCEPTED = {
    "user task": (f'<bpmn:userTask id="x">{FORM}</bpmn:userTask>', ["x"]),
    "manual task": ('<bpmn:manualTask id="x"/>', ["x"]),
    "data object drawn without associations": (
        '<bpmn:manualTask id="x"/><bpmn:dataObject id="sprin_obj"/>'
        '<bpmn:dataObjectReference id="sprin" dataObjectRef="sprin_obj"/>', ["x"]),
    "plain task": ('<bpmn:task id="x"/>', ["x"]),
    "multi-instance user task": (
        f'<bpmn:userTask id="x">{FORM}<bpmn:multiInstanceLoopCharacteristics isSequential="true">'
        '<bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>', ["x"]),
    "timer catch": ('<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition id="xd">'
                    '<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>'
                    '</bpmn:intermediateCatchEvent>', ["x"]),
    "message catch": ('<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition id="xd" messageRef="m"/>'
                      '</bpmn:intermediateCatchEvent>', ["x"]),
    "parallel split and join": (
        '<bpmn:parallelGateway id="x"/><bpmn:manualTask id="a"/><bpmn:manualTask id="b"/><bpmn:parallelGateway id="y"/>'
        '<bpmn:sequenceFlow id="p1" sourceRef="x" targetRef="a"/><bpmn:sequenceFlow id="p2" sourceRef="x" targetRef="b"/>'
        '<bpmn:sequenceFlow id="p3" sourceRef="a" targetRef="y"/><bpmn:sequenceFlow id="p4" sourceRef="b" targetRef="y"/>',
        ["x", "a", "b", "y"]),
    "embedded sub-process": (
        '<bpmn:subProcess id="x"><bpmn:startEvent id="xs"/><bpmn:manualTask id="xt"/><bpmn:endEvent id="xe"/>'
        '<bpmn:sequenceFlow id="x1" sourceRef="xs" targetRef="xt"/><bpmn:sequenceFlow id="x2" sourceRef="xt" targetRef="xe"/>'
        '</bpmn:subProcess>', ["x"]),
}


@pytest.mark.parametrize("kind", sorted(ACCEPTED))
def test_accepted_kinds_are_not_refused(kind, catalog):
    middle, ids = ACCEPTED[kind]
    text = diagram(middle, ids)
    if kind == "message catch":
        text = text.replace('<bpmn:process id="k"', '<bpmn:message id="m" name="balasan"/><bpmn:process id="k"')
    errors = [p for p in problems_of(text, catalog) if p.severity == "error"]
    assert errors == []
