"""Camunda-flavoured files: each vendor setting gets a message saying what sopflow uses instead, and
whatever decides who may act is an error, never silently ignored."""

from __future__ import annotations

import pytest

from engine.checks import checker
from engine.org.roles import RoleCatalog

from ..conftest import DATA

GOOD = (DATA / "processes" / "fx_review.bpmn").read_text()
CAMUNDA = 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:bpmn='


@pytest.fixture
def catalog():
    return RoleCatalog.load(DATA / "processes" / "roles.toml")


def problems_of(text: str, catalog) -> list[checker.Problem]:
    return checker.check_document(text.encode(), "t.bpmn", DATA / "forms", catalog).problems


def camunda(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace("xmlns:bpmn=", CAMUNDA, 1).replace(old, new, 1)


@pytest.mark.parametrize("attribute", ['camunda:candidateGroups="kasat"', 'camunda:assignee="${starter}"',
                                       'camunda:candidateUsers="budi"'])
def test_who_may_act_is_an_error_pointing_to_lanes(attribute, catalog):
    text = camunda('<bpmn:userTask id="fx_review_task"', f'<bpmn:userTask id="fx_review_task" {attribute}')
    [problem] = [p for p in problems_of(text, catalog) if p.code == "vendor"]
    assert problem.severity == "error" and problem.element_id == "fx_review_task" and problem.line
    assert attribute.split("=")[0] in problem.message and "lane" in problem.message
    assert "lajur" in problem.message_id


def test_a_task_listener_is_an_error(catalog):
    text = camunda("<spiffworkflow:properties>", '<camunda:taskListener event="create" class="x.Assign"/>'
                   "<spiffworkflow:properties>")
    [problem] = [p for p in problems_of(text, catalog) if p.code == "vendor"]
    assert problem.severity == "error" and problem.element_id == "fx_draft" and "camunda:taskListener" in problem.message


def test_form_key_and_engine_settings_are_warnings_saying_what_sopflow_uses(catalog):
    text = camunda('<bpmn:userTask id="fx_review_task"',
                   '<bpmn:userTask id="fx_review_task" camunda:formKey="embedded:app:forms/x.html" camunda:asyncBefore="true"')
    found = {p.message: p for p in problems_of(text, catalog) if p.code == "vendor"}
    assert all(p.severity == "warning" for p in found.values())
    assert any("formJsonSchemaFilename" in m and "camunda:formKey" in m for m in found)
    assert any("camunda:asyncBefore" in m and "not used" in m for m in found)


@pytest.mark.parametrize("condition, suggestion", [
    ("${keputusan == 'setuju'}", "e.g. keputusan == 'setuju'"),
    ("${!ditolak &amp;&amp; lengkap}", "e.g. not ditolak and lengkap"),
    ('= keputusan = "setuju"', 'e.g. keputusan == "setuju"'),
])
def test_juel_and_feel_conditions_say_how_to_write_them(condition, suggestion, catalog):
    text = GOOD.replace('keputusan == "setuju"', condition.replace('"', "&quot;"), 1)
    [problem] = [p for p in problems_of(text, catalog) if p.code == "expression"]
    assert suggestion in problem.message and ("JUEL" in problem.message or "FEEL" in problem.message)
    assert problem.element_id == "f_ok" and problem.line and "tidak dijalankan" in problem.message_id


def test_vendor_settings_of_a_descriptive_pool_are_not_reported(catalog):
    text = camunda('isExecutable="true"', 'isExecutable="false"').replace(
        '<bpmn:userTask id="fx_review_task"', '<bpmn:userTask id="fx_review_task" camunda:candidateGroups="x"', 1)
    assert [p for p in problems_of(text, catalog) if p.code == "vendor"] == []
