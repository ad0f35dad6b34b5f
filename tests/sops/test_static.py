"""The SOP files themselves: forms, lanes, rows, diagram interchange and the checker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from lxml import etree

from engine.checks import checker
from engine.org.roles import RoleCatalog
from engine.definitions.trace import build_trace

ROOT = Path(__file__).resolve().parents[2]
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
BPMNDI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
FILES = sorted((ROOT / "processes").glob("*.bpmn"))


def test_all_eight_sops_are_there():
    assert [f.stem for f in FILES] == ["fkpm", "sop01", "sop02", "sop03", "sop04", "sop05", "sop06", "sop07",
                                       "sop07_kejadian"]


@pytest.mark.parametrize("path", sorted((ROOT / "forms").rglob("*.schema.json")), ids=lambda p: p.name)
def test_every_form_is_a_valid_2020_12_schema(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema") and schema["type"] == "object"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_sop_file_is_clean_complete_and_drawn(path):
    catalog = RoleCatalog.load(ROOT / "processes" / "roles.toml")
    result = checker.check_file(path, ROOT / "forms", catalog)
    assert [p for p in result.problems if p.severity == "error"] == []
    root = etree.parse(str(path)).getroot()
    process = root.find(f"{BPMN}process")
    assert process.get("id") == path.stem and process.get("isExecutable") == "true"
    assert len(root.findall(f"{BPMN}collaboration/{BPMN}participant")) == 1
    lanes = process.findall(f".//{BPMN}lane")
    assert all(catalog.role_for_lane(lane.get("name")) for lane in lanes)
    in_lane = {ref.text for lane in lanes for ref in lane.findall(f"{BPMN}flowNodeRef")}
    nodes = [el for el in process if isinstance(el.tag, str) and el.tag.split("}")[1] not in
             ("laneSet", "sequenceFlow", "documentation", "extensionElements")]
    assert {n.get("id") for n in nodes} <= in_lane
    drawn = {s.get("bpmnElement") for s in root.iter(f"{BPMNDI}BPMNShape")} | \
            {e.get("bpmnElement") for e in root.iter(f"{BPMNDI}BPMNEdge")}
    expected = {n.get("id") for n in nodes} | {l.get("id") for l in lanes} | \
               {f.get("id") for f in process.findall(f"{BPMN}sequenceFlow")}
    assert expected <= drawn
    for task in process.findall(f"{BPMN}userTask"):
        doc = task.find(f"{BPMN}documentation").text
        assert doc.startswith(f"[{path.stem.split('_')[0]} "), task.get("id")
        form = task.find(f".//*[@name='formJsonSchemaFilename']").get("value")
        assert (ROOT / "forms" / form).exists()


def test_traceability_covers_every_row_and_is_current():
    markdown, problems = build_trace(ROOT / "processes")
    assert problems == []
    assert (ROOT / "processes" / "TRACEABILITY.md").read_text(encoding="utf-8") == markdown


def test_reconstructed_rows_are_marked_as_assumptions():
    import tomllib

    rows = tomllib.loads((ROOT / "processes" / "rows" / "sop07.toml").read_text(encoding="utf-8"))["row"]
    reconstructed = {r["key"] for r in rows if r.get("reconstructed")}
    assert {"1", "2", "3", "4", "5", "6", "11", "12", "15"} <= reconstructed
    for name, keys in (("sop07", ("1", "11")), ("sop07_kejadian", ("15",))):
        text = (ROOT / "processes" / f"{name}.bpmn").read_text(encoding="utf-8")
        for key in keys:
            start = text.index(f"[sop07 {key}] (disusun ulang)")
            assert "ASUMSI" in text[start:start + 2000]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_step_waits_for_an_external_partner(path):
    """Partners do not log in: the officer who deals with them records their part (who, what was agreed)."""
    catalog = RoleCatalog.load(ROOT / "processes" / "roles.toml")
    external = {r.code for r in catalog.all() if r.external}
    process = etree.parse(str(path)).getroot().find(f"{BPMN}process")
    tasks = {t.get("id") for t in process.iter(f"{BPMN}userTask")}
    for lane in process.iter(f"{BPMN}lane"):
        if catalog.role_for_lane(lane.get("name")) in external:
            assert not tasks & {ref.text for ref in lane.findall(f"{BPMN}flowNodeRef")}, lane.get("name")
