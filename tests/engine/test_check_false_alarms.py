"""Valid files pass check without false alarms: vendor ids, event sub-processes, links, boundary paths,
descriptive pools, odd namespace URIs and declared encodings."""

from __future__ import annotations

import pytest

from engine.checks import checker
from engine.cli import main
from engine.org.roles import RoleCatalog

from ..conftest import DATA
from .test_support import FORM, diagram

GOOD = (DATA / "processes" / "fx_review.bpmn").read_text()


@pytest.fixture
def catalog():
    return RoleCatalog.load(DATA / "processes" / "roles.toml")


def problems_of(text: str | bytes, catalog) -> list[checker.Problem]:
    data = text.encode() if isinstance(text, str) else text
    return checker.check_document(data, "t.bpmn", DATA / "forms", catalog).problems


def _with_vendor_ids() -> str:
    # the same vendor ids in both tasks, and one equal to a task's and one to a flow's id
    return GOOD.replace('xmlns:bpmn=', 'xmlns:ext="http://vendor.example/ext" xmlns:bpmn=', 1).replace(
        "<spiffworkflow:properties>", '<ext:meta id="fx_draft"><ext:field id="f1"/></ext:meta><spiffworkflow:properties>')


def test_ids_inside_vendor_extension_elements_are_not_bpmn_ids(catalog):
    assert problems_of(_with_vendor_ids(), catalog) == []


def test_a_file_with_vendor_ids_deploys_and_runs(fx_engine, tmp_path):
    path = tmp_path / "fx_review.bpmn"
    path.write_text(_with_vendor_ids())
    assert fx_engine.deploy([path], actor="tester")[0].version == 2
    inst = fx_engine.start("fx_review", actor="petugas")
    assert [t.element_id for t in fx_engine.tasks(instance_id=inst.id)] == ["fx_draft"]


def test_event_subprocess_link_and_boundary_paths_are_not_unreachable_or_dead_ends(catalog):
    middle = f'''
    <bpmn:userTask id="u">{FORM}</bpmn:userTask>
    <bpmn:boundaryEvent id="u_late" attachedToRef="u" cancelActivity="false">
      <bpmn:timerEventDefinition id="u_late_d"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition id="go_d" name="lanjut"/></bpmn:intermediateThrowEvent>
    <bpmn:intermediateCatchEvent id="come"><bpmn:linkEventDefinition id="come_d" name="lanjut"/></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="g1" sourceRef="u" targetRef="go"/>
    <bpmn:subProcess id="ev" triggeredByEvent="true">
      <bpmn:startEvent id="ev_s" isInterrupting="false">
        <bpmn:messageEventDefinition id="ev_sd" messageRef="m"/></bpmn:startEvent>
      <bpmn:userTask id="ev_u">{FORM}</bpmn:userTask>
      <bpmn:endEvent id="ev_e"/>
      <bpmn:sequenceFlow id="ev1" sourceRef="ev_s" targetRef="ev_u"/>
      <bpmn:sequenceFlow id="ev2" sourceRef="ev_u" targetRef="ev_e"/>
    </bpmn:subProcess>'''
    text = diagram(middle, ["u", "come"], extra_ids=("u_late", "go", "ev")).replace(
        '<bpmn:process id="k"', '<bpmn:message id="m" name="laporan_susulan"/><bpmn:process id="k"')
    found = [p for p in problems_of(text, catalog) if p.code != "no_di"]
    assert found == []


def test_really_unreachable_nodes_are_still_found(catalog):
    text = diagram('<bpmn:manualTask id="a"/><bpmn:manualTask id="lost"/>', ["a"], extra_ids=("lost",))
    assert {(p.code, p.element_id) for p in problems_of(text, catalog)} >= {("unreachable", "lost")}


def test_a_descriptive_pool_is_described_not_checked(catalog):
    descriptive = '''<bpmn:process id="other" isExecutable="false">
      <bpmn:laneSet id="ols"><bpmn:lane id="ol" name="Lane 1"><bpmn:flowNodeRef>os</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
      <bpmn:startEvent id="os"/><bpmn:userTask id="ou"/><bpmn:exclusiveGateway id="og"/>
      <bpmn:endEvent id="oe1"/><bpmn:endEvent id="oe2"/>
      <bpmn:sequenceFlow id="o1" sourceRef="os" targetRef="ou"/><bpmn:sequenceFlow id="o2" sourceRef="ou" targetRef="og"/>
      <bpmn:sequenceFlow id="o3" sourceRef="og" targetRef="oe1"><bpmn:conditionExpression>${ok}</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="o4" sourceRef="og" targetRef="oe2"/>
    </bpmn:process>'''
    text = diagram(f'<bpmn:userTask id="u">{FORM}</bpmn:userTask>', ["u"]).replace(
        "</bpmn:process>", "</bpmn:process>" + descriptive)
    found = [p for p in problems_of(text, catalog) if p.code != "no_di"]
    assert [(p.code, p.severity, p.element_id) for p in found] == [("descriptive", "warning", "other")]


def test_namespace_uris_with_spaces_are_well_formed(catalog):
    text = GOOD.replace('xmlns:bpmn=', 'xmlns:ext="http://vendor.example/my extension" xmlns:bpmn=', 1)
    assert problems_of(text, catalog) == []


def _latin1() -> bytes:
    text = GOOD.replace("encoding='UTF-8'", "encoding='ISO-8859-1'").replace(
        'name="Memeriksa dan paraf"', 'name="Memeriksa dan paraf (café, Ñ)"')
    assert "ISO-8859-1" in text
    return text.encode("latin-1")


def test_a_latin1_file_passes_check(catalog):
    assert problems_of(_latin1(), catalog) == []


def test_a_latin1_file_deploys_and_runs(fx_engine, tmp_path):
    path = tmp_path / "fx_review.bpmn"
    path.write_bytes(_latin1())
    [result] = fx_engine.deploy([path], actor="tester")
    assert result.created and result.version == 2
    inst = fx_engine.start("fx_review", actor="petugas")
    fx_engine.complete(fx_engine.tasks(instance_id=inst.id)[0].id, actor="petugas", data={"nomor_surat": "B/1"})
    [review] = fx_engine.tasks(instance_id=inst.id)
    assert review.name == "Memeriksa dan paraf (café, Ñ)"
    assert "café" in fx_engine.definition("fx_review").bpmn_xml
    assert fx_engine.verify(inst.id)[0].ok


def test_a_non_xml_file_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(DATA / "processes"))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(DATA / "forms"))
    path = tmp_path / "notes.bpmn"
    path.write_bytes(b"%PDF-1.4 this is not a diagram")
    assert main(["check", str(path)]) == 2
    assert "notes.bpmn" in capsys.readouterr().out


def test_two_files_sharing_a_process_id_are_refused_by_check(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(DATA / "processes"))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(DATA / "forms"))
    (tmp_path / "a.bpmn").write_text(GOOD)
    (tmp_path / "b.bpmn").write_text(GOOD.replace('id="fx_review_defs"', 'id="another_diagram"'))
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "b.bpmn:6: [fx_review] process id 'fx_review' is also defined in" in out and "a.bpmn (line 6)" in out


def test_a_different_diagram_reusing_a_process_id_is_not_deployed_as_its_next_version(fx_engine, tmp_path):
    from engine import DefinitionError

    other = tmp_path / "rencana_lain.bpmn"
    other.write_text(GOOD.replace('id="fx_review_defs"', 'id="another_diagram"').replace("Membuat konsep", "Lain"))
    with pytest.raises(DefinitionError) as err:
        fx_engine.deploy([other], actor="tester")
    [problem] = err.value.problems
    assert problem.code == "duplicate_process" and "fx_review.bpmn" in problem.message and problem.line == 6
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1]
    renamed = tmp_path / "fx_review (salinan).bpmn"  # the same diagram saved under another name is a version
    renamed.write_text(GOOD.replace("Membuat konsep", "Menyusun konsep"))
    assert fx_engine.deploy([renamed], actor="tester")[0].version == 2
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.bpmn").write_text(GOOD.replace('id="fx_review"', 'id="fx_new"').replace("Membuat konsep", "A"))
    (folder / "b.bpmn").write_text(GOOD.replace('id="fx_review"', 'id="fx_new"').replace("Membuat konsep", "B"))
    with pytest.raises(DefinitionError) as err:
        fx_engine.deploy([folder], actor="tester")
    assert [p.code for p in err.value.problems] == ["duplicate_process"]


@pytest.mark.parametrize("encoding", ["UTF-16", "windows-1252"])
def test_other_declared_encodings_pass_check(encoding, catalog):
    text = GOOD.replace("encoding='UTF-8'", f"encoding='{encoding}'").replace(
        'name="Memeriksa dan paraf"', 'name="Memeriksa dan paraf (café €)"')
    assert problems_of(text.encode(encoding), catalog) == []
