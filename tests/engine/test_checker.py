"""The checker: each rule fails on a broken file and passes on the good one; nothing ever crashes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.checks import checker
from engine.cli import main
from engine.org.roles import RoleCatalog

from ..conftest import DATA

GOOD = (DATA / "processes" / "fx_review.bpmn").read_text()
#: the shared corpora folder beside the repository (or beside a folder above it)
CORPORA = next((p / "shared" / "corpora" for p in Path(__file__).resolve().parents[3:5]
                if (p / "shared" / "corpora").is_dir()), Path("/nonexistent"))


@pytest.fixture
def catalog():
    return RoleCatalog.load(DATA / "processes" / "roles.toml")


def run(text: str, catalog) -> list[checker.Problem]:
    return checker.check_document(text.encode(), "t.bpmn", DATA / "forms", catalog).problems


def codes(text: str, catalog) -> set[str]:
    return {p.code for p in run(text, catalog)}


def test_the_good_file_is_clean(catalog):
    assert run(GOOD, catalog) == []


@pytest.mark.parametrize("change, code", [
    (("<bpmn:process ", "<bpmn:proces "), "xml"),
    (('isExecutable="true"', 'isExecutable="false"'), "not_executable"),
    (('name="KEPALA"', 'name="BUPATI"'), "lane_role"),
    (("fx/review.schema.json", "fx/missing.schema.json"), "form_invalid"),
    (('keputusan == "setuju"', "__import__('os').system('id')"), "expression"),
    ((">PT1H<", ">nanti saja<"), "timer"),
    (('default="f_revise"', ""), "gateway_condition"),
    (('id="f2"', 'id="f1"'), "duplicate_id"),
    (('targetRef="fx_review_task"/>', 'targetRef="nowhere"/>'), "dangling_flow"),
    (("<bpmn:flowNodeRef>fx_end</bpmn:flowNodeRef>", ""), "outside_lane"),
    (('<bpmn:sequenceFlow id="f_late"', '<bpmn:sequenceFlow id="f_late" bogus="1"'), "xsd"),
    (('bpmnElement="fx_end"', 'bpmnElement="fx_end_gone"'), "missing_di"),
])
def test_each_rule(change, code, catalog):
    old, new = change
    assert old in GOOD
    broken = GOOD.replace(old, new, 1)
    problems = run(broken, catalog)
    assert code in {p.code for p in problems}, problems
    hit = next(p for p in problems if p.code == code)
    assert hit.file == "t.bpmn" and hit.message
    if code not in ("xml",):
        assert hit.line is not None or hit.element_id is not None


def test_unreachable_and_dead_end_are_warnings(catalog):
    text = GOOD.replace("<bpmn:endEvent id=\"fx_end\"", "<bpmn:task id=\"lost\"/><bpmn:endEvent id=\"fx_end\"")
    text = text.replace("<bpmn:flowNodeRef>fx_end</bpmn:flowNodeRef>",
                        "<bpmn:flowNodeRef>fx_end</bpmn:flowNodeRef><bpmn:flowNodeRef>lost</bpmn:flowNodeRef>")
    problems = [p for p in run(text, catalog) if p.element_id == "lost"]
    assert {p.code for p in problems} >= {"unreachable"} and all(p.severity == "warning" for p in problems
                                                                 if p.code in ("unreachable", "dead_end"))


@pytest.mark.parametrize("payload", [
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>',
    '<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://127.0.0.1:9/evil.dtd"><d/>',
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>',
])
def test_hostile_xml_is_refused_without_expansion(payload, catalog):
    problems = run(payload, catalog)
    assert [p.code for p in problems] == ["xml"] and "DOCTYPE" in problems[0].message


def test_oversize_file_is_refused(catalog):
    problems = run("<x>" + " " * (6 * 1024 * 1024) + "</x>", catalog)
    assert problems[0].code == "xml" and "limit" in problems[0].message


def test_cli_exit_codes(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(DATA / "processes"))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(DATA / "forms"))
    good = tmp_path / "good.bpmn"
    good.write_text(GOOD)
    bad = tmp_path / "bad.bpmn"
    bad.write_text(GOOD.replace('name="KEPALA"', 'name="BUPATI"'))
    assert main(["check", str(good)]) == 0
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "bad.bpmn:" in out and "BUPATI" in out
    assert main(["check", str(tmp_path / "absent.bpmn")]) == 2
    assert main(["check", "--json", str(bad)]) == 1
    proc = subprocess.run([sys.executable, "-m", "engine.cli", "check", str(bad)], capture_output=True, text=True,
                          env={**__import__("os").environ})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


#: reasons a foreign executable model may honestly be refused (never a structural false alarm)
HONEST = {"unsupported", "vendor", "expression", "lane_role", "form_missing", "no_lanes", "gateway_condition",
          "engine", "timer"}


@pytest.mark.skipif(not CORPORA.exists(), reason="the shared corpora folder is not beside the repository")
def test_corpora_never_crash_and_say_why(catalog):
    files = sorted(CORPORA.rglob("*.bpmn"))
    assert len(files) >= 21
    for path in files:
        result = checker.check_file(path, DATA / "forms", catalog)
        errors = [p for p in result.problems if p.severity == "error"]
        assert errors, f"{path.name}: none of these models is made executable for sopflow, so each must be refused"
        for p in result.problems:
            assert p.message and p.file == str(path) and p.code != "internal", p
            assert not any(word in p.message for word in ("Traceback", "KeyError", "Error(", "<lxml")), p
            assert p.line or p.element_id, p
        executable = root_is_executable(path)
        if not executable:
            # a descriptive model is described, not checked for lanes, forms, conditions or paths
            assert [p.code for p in errors] == ["not_executable"], (path.name, errors)
            assert {p.code for p in result.problems} <= {"not_executable", "descriptive", "missing_di", "no_di"}
        else:
            assert {p.code for p in errors} <= HONEST, (path.name, errors)


def root_is_executable(path: Path) -> bool:
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    return any(p.get("isExecutable") == "true" for p in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}process"))


@pytest.mark.skipif(not CORPORA.exists(), reason="the shared corpora folder is not beside the repository")
def test_corpora_camunda_flavour_says_what_sopflow_uses(catalog):
    c10 = checker.check_file(CORPORA / "miwg-reference" / "C.1.0.bpmn", DATA / "forms", catalog).problems
    who = [p for p in c10 if p.code == "vendor" and p.severity == "error"]
    assert {p.element_id for p in who} >= {"approveInvoice", "prepareBankTransfer"}
    assert all("lane" in p.message for p in who)
    juel = [p for p in c10 if p.code == "expression"]
    assert juel and all("JUEL" in p.message for p in juel)
    c90 = checker.check_file(CORPORA / "miwg-reference" / "C.9.0.bpmn", DATA / "forms", catalog).problems
    assert any("FEEL" in p.message and "e.g. approved" in p.message for p in c90)
    refused = {p.element_id: p.message for p in c90 if p.code == "unsupported"}
    assert "business-rule" in refused["BusinessRuleTask_CheckApplicationAutomatically"]


def test_messages_in_indonesian(tmp_path, capsys, monkeypatch, catalog):
    bad = GOOD.replace('name="KEPALA"', 'name="BUPATI"')
    [problem] = [p for p in run(bad, catalog) if p.code == "lane_role"]
    assert problem.message_id.startswith("Lajur tidak terdaftar") and "BUPATI" in problem.message_id
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(DATA / "processes"))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(DATA / "forms"))
    path = tmp_path / "bad.bpmn"
    path.write_text(bad)
    assert main(["check", "--lang", "id", str(path)]) == 1
    assert "Lajur tidak terdaftar" in capsys.readouterr().out


@pytest.mark.parametrize("value, fragment", [("a.b.c", "not 'field'"), ("nowhere.catatan", "'nowhere' is not a user task")])
def test_form_inputs_are_checked(value, fragment, catalog):
    assert 'value="fx_review_task.catatan_koreksi"' in GOOD
    text = GOOD.replace('value="fx_review_task.catatan_koreksi"', f'value="{value}"', 1)
    [problem] = [p for p in run(text, catalog) if p.code == "form_inputs"]
    assert fragment in problem.message and problem.element_id == "fx_draft" and problem.line
