"""Diagrams a person can read: every BPMN file's DI has zero crossings, overlaps, unplaced labels and
cut words (engine/checks/diagram.py), and the layout tool keeps it so for any valid file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from engine.checks import diagram as geometry
from tools.layout.engine import lay_out

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "processes").glob("*.bpmn")) + sorted((ROOT / "tests" / "data" / "processes").glob("*.bpmn"))
ELK = ROOT / "tools" / "layout" / "node_modules" / "elkjs"
needs_elk = pytest.mark.skipif(not ELK.is_dir() or shutil.which("node") is None,
                               reason="elkjs not installed (scripts/setup runs npm ci in tools/layout)")
ZERO = {"crossings": 0, "overlaps": 0, "unplaced": 0, "broken_words": 0}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_diagram_has_no_readability_defects(path):
    d = geometry.diagrams(path)[0]
    assert geometry.crossings(d) == []
    assert geometry.overlaps(d) == []
    assert geometry.unplaced(d) == []
    assert geometry.broken_words(d) == []
    assert geometry.check(path) == ZERO


@needs_elk
def test_committed_diagrams_are_the_tools_output():
    """Running the tool again changes nothing: the committed DI is current and the layout idempotent."""
    datas = [p.read_bytes() for p in FILES]
    for path, data, (out, counts) in zip(FILES, datas, lay_out(datas)):
        assert counts == ZERO, path.name
        assert out == data, f"{path.name}: run python -m tools.layout {path.relative_to(ROOT)}"


DEFECTS = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" name="Mulai"/>
    <bpmn:userTask id="a" name="Pemberitahuan"/>
    <bpmn:userTask id="b" name="B"/>
    <bpmn:exclusiveGateway id="g" name="Disetujui?"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="b" name="lewat"/>
    <bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="g"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dd"><bpmndi:BPMNPlane id="pl" bpmnElement="p">
    <bpmndi:BPMNShape id="s_di" bpmnElement="s"><dc:Bounds x="0" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="a_di" bpmnElement="a"><dc:Bounds x="100" y="78" width="80" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="b_di" bpmnElement="b"><dc:Bounds x="300" y="78" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="g_di" bpmnElement="g"><dc:Bounds x="500" y="93" width="50" height="50"/>
      <bpmndi:BPMNLabel><dc:Bounds x="300" y="100" width="40" height="14"/></bpmndi:BPMNLabel></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="36" y="118"/><di:waypoint x="300" y="118"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="400" y="118"/><di:waypoint x="500" y="118"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


def test_checks_find_each_kind_of_defect():
    d = geometry.read(DEFECTS)
    assert geometry.crossings(d) == [("f1", 0, "a")]  # runs through task a
    assert set(geometry.unplaced(d)) == {"s", "f1"}  # the gateway has a label, start and flow not
    assert ("g", "b") in geometry.overlaps(d)  # the gateway's label sits on task b
    # "Pemberitahuan" (12px) is wider than an 80px task less padding; "Disetujui?" wider than 40px
    assert geometry.broken_words(d) == ["a", "g"]


ROBUST = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="d" targetNamespace="x">
  <bpmn:collaboration id="c">
    <bpmn:participant id="pool_a" name="Laporan kejadian" processRef="pa"/>
    <bpmn:participant id="pool_b" name="Pimpinan" processRef="pb"/>
    <bpmn:messageFlow id="m1" sourceRef="a_lapor" targetRef="b_start"/>
  </bpmn:collaboration>
  <bpmn:process id="pa" isExecutable="true">
    <bpmn:laneSet id="ls">
      <bpmn:lane id="l1" name="BHABINKAMTIBMAS"><bpmn:flowNodeRef>a_start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>a_catat</bpmn:flowNodeRef><bpmn:flowNodeRef>a_jenis</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>a_timer</bpmn:flowNodeRef><bpmn:flowNodeRef>a_join</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>a_lapor</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="l2" name="KANIT"><bpmn:flowNodeRef>a_periksa</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>a_ok</bpmn:flowNodeRef><bpmn:flowNodeRef>a_eskalasi</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="l3" name="KAPOLSEK"><bpmn:flowNodeRef>a_bencana</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>a_konflik</bpmn:flowNodeRef><bpmn:flowNodeRef>a_sub</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>a_end</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="a_start" name="Kejadian dilaporkan"/>
    <bpmn:userTask id="a_catat" name="Mencatat laporan kejadian dengan penanganan pengungsi dan keamanan lingkungan"/>
    <bpmn:userTask id="a_periksa" name="Memeriksa laporan"/>
    <bpmn:exclusiveGateway id="a_ok" name="Laporan lengkap?" default="f_revisi"/>
    <bpmn:exclusiveGateway id="a_jenis" name="Jenis kejadian?"/>
    <bpmn:userTask id="a_bencana" name="Penanganan bencana alam"/>
    <bpmn:userTask id="a_konflik" name="Penanganan konflik sosial"/>
    <bpmn:subProcess id="a_sub" name="Penanganan kasus pidana">
      <bpmn:startEvent id="s_start"/><bpmn:userTask id="s_olah" name="Olah TKP"/><bpmn:endEvent id="s_end"/>
      <bpmn:sequenceFlow id="s_f1" sourceRef="s_start" targetRef="s_olah"/>
      <bpmn:sequenceFlow id="s_f2" sourceRef="s_olah" targetRef="s_end"/>
    </bpmn:subProcess>
    <bpmn:exclusiveGateway id="a_join"/>
    <bpmn:userTask id="a_lapor" name="Laporan ke pimpinan"/>
    <bpmn:endEvent id="a_end" name="Selesai"/>
    <bpmn:boundaryEvent id="a_timer" name="Waktu 2 jam" attachedToRef="a_periksa" cancelActivity="false">
      <bpmn:timerEventDefinition id="td"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="a_eskalasi" name="Eskalasi ke KAPOLSEK"/>
    <bpmn:sequenceFlow id="f1" sourceRef="a_start" targetRef="a_catat"/>
    <bpmn:sequenceFlow id="f2" sourceRef="a_catat" targetRef="a_periksa"/>
    <bpmn:sequenceFlow id="f3" sourceRef="a_periksa" targetRef="a_ok"/>
    <bpmn:sequenceFlow id="f_revisi" name="perbaiki" sourceRef="a_ok" targetRef="a_catat"/>
    <bpmn:sequenceFlow id="f4" name="lengkap" sourceRef="a_ok" targetRef="a_jenis"/>
    <bpmn:sequenceFlow id="f5" name="bencana alam" sourceRef="a_jenis" targetRef="a_bencana"/>
    <bpmn:sequenceFlow id="f6" name="konflik sosial" sourceRef="a_jenis" targetRef="a_konflik"/>
    <bpmn:sequenceFlow id="f7" name="kasus pidana" sourceRef="a_jenis" targetRef="a_sub"/>
    <bpmn:sequenceFlow id="f8" sourceRef="a_bencana" targetRef="a_join"/>
    <bpmn:sequenceFlow id="f9" sourceRef="a_konflik" targetRef="a_join"/>
    <bpmn:sequenceFlow id="f10" sourceRef="a_sub" targetRef="a_join"/>
    <bpmn:sequenceFlow id="f11" name="pecah lagi" sourceRef="a_konflik" targetRef="a_konflik"/>
    <bpmn:sequenceFlow id="f12" sourceRef="a_join" targetRef="a_lapor"/>
    <bpmn:sequenceFlow id="f13" sourceRef="a_lapor" targetRef="a_end"/>
    <bpmn:sequenceFlow id="f14" sourceRef="a_timer" targetRef="a_eskalasi"/>
  </bpmn:process>
  <bpmn:process id="pb" isExecutable="false">
    <bpmn:startEvent id="b_start" name="Laporan diterima"/>
    <bpmn:userTask id="b_baca" name="Membaca laporan"/>
    <bpmn:endEvent id="b_end"/>
    <bpmn:sequenceFlow id="g1" sourceRef="b_start" targetRef="b_baca"/>
    <bpmn:sequenceFlow id="g2" sourceRef="b_baca" targetRef="b_end"/>
  </bpmn:process>
</bpmn:definitions>
"""


@needs_elk
def test_any_valid_file_is_laid_out_cleanly_and_idempotently():
    """Several pools, lanes, loops and a self-loop, a boundary timer, a collapsed sub-process, and a
    file that had no DI at all: zero defects, the model untouched, and a second run changes nothing."""
    (out, counts), = lay_out([ROBUST])
    assert counts == ZERO
    assert out.startswith(ROBUST[:ROBUST.index(b"</bpmn:definitions>")])  # the model, byte for byte
    assert out.endswith(b"</bpmn:definitions>\n")
    root = etree.fromstring(out)
    planes = root.findall(f"{{{geometry.BPMNDI}}}BPMNDiagram/{{{geometry.BPMNDI}}}BPMNPlane")
    assert [p.get("bpmnElement") for p in planes] == ["c", "a_sub"]
    main, inner = geometry.diagrams(out)
    assert {"pool_a", "pool_b", "l1", "l2", "l3"} <= set(main.containers)
    assert {"a_timer", "a_sub", "b_baca"} <= set(main.shapes) and {"s_olah"} <= set(inner.shapes)
    assert {"f11", "f_revisi", "f14", "m1"} <= set(main.edges)
    lane_of = {"a_catat": "l1", "a_periksa": "l2", "a_bencana": "l3", "a_eskalasi": "l2"}
    for node, lane in lane_of.items():  # every node inside its own lane's band
        x, y, w, h = main.shapes[node]
        lx, ly, lw, lh = main.containers[lane]
        assert ly <= y and y + h <= ly + lh, node
    tx, ty, tw, th = main.shapes["a_timer"]
    hx, hy, hw, hh = main.shapes["a_periksa"]
    assert hx <= tx and tx + tw <= hx + hw and ty + th / 2 == hy + hh  # on the task's lower border
    (again, _), = lay_out([out])
    assert again == out


def test_diagrams_open_readable_on_a_1280px_screen():
    """Opened in the web viewer's box on a 1280px screen, text is drawn at half size or more and every
    lane is in view, for every plane: the process and each collapsed sub-process's drill-down."""
    failing = {}
    for path in FILES:
        for index, d in enumerate(geometry.diagrams(path)):
            figures = geometry.viewport(d)
            plane = f"{path.stem} plane {index + 1}"
            print(f"{plane}: {figures['width']:.0f} x {figures['height']:.0f} px, "
                  f"fitted at {figures['fit_scale']:.2f}, opens at {figures['open_scale']:.2f}")
            if not geometry.readable(d):
                failing[plane] = figures
    assert failing == {}


# The shared corpora folder beside the repository (or beside a folder above it).
CORPORA = next((p / "shared" / "corpora" for p in ROOT.parents if (p / "shared" / "corpora").is_dir()),
               ROOT.parent / "shared" / "corpora")


@needs_elk
@pytest.mark.skipif(not CORPORA.exists(), reason="the shared corpora folder is not beside the repository")
def test_foreign_models_are_laid_out_cleanly():
    """The OMG interchange reference models (pools, lanes, sub-processes, data, every event type): zero
    defects, only the diagrams replaced, and a second run changes nothing."""
    paths = sorted(CORPORA.rglob("*.bpmn"))
    datas = [p.read_bytes() for p in paths]
    results = lay_out(datas)
    for path, data, (out, counts) in zip(paths, datas, results):
        assert counts == ZERO, path.name
        start = data.index(b"BPMNDiagram")
        start = data.rindex(b"\n", 0, start) + 1
        assert out[:start] == data[:start], path.name
        assert out.endswith(data[data.rindex(b"BPMNDiagram>") + len(b"BPMNDiagram>"):].lstrip(b"\r\n")), path.name
    again = lay_out([out for out, _ in results])
    assert [a for a, _ in again] == [out for out, _ in results]


NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:collaboration id="c"><bpmn:participant id="pool" name="Polsek" processRef="p"/></bpmn:collaboration>
  <bpmn:process id="p" isExecutable="true">
    <bpmn:laneSet id="ls">
      <bpmn:lane id="kapolsek" name="KAPOLSEK"><bpmn:flowNodeRef>s</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="unit" name="UNIT BINMAS">
        <bpmn:childLaneSet id="cls">
          <bpmn:lane id="kanit" name="KANIT"><bpmn:flowNodeRef>t</bpmn:flowNodeRef></bpmn:lane>
          <bpmn:lane id="bhabin" name="BHABINKAMTIBMAS"><bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane>
        </bpmn:childLaneSet>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="s" name="Mulai"/>
    <bpmn:userTask id="t" name="Memeriksa"/>
    <bpmn:endEvent id="e" name="Selesai"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>
"""


@needs_elk
def test_lanes_inside_lanes_get_their_own_header_column():
    (out, counts), = lay_out([NESTED])
    assert counts == ZERO
    d = geometry.read(out)
    unit, kanit, bhabin = d.containers["unit"], d.containers["kanit"], d.containers["bhabin"]
    assert kanit[0] == bhabin[0] == unit[0] + 30 and d.containers["kapolsek"][0] == unit[0]
    assert unit[1] == kanit[1] and unit[1] + unit[3] == bhabin[1] + bhabin[3]
    assert all(d.shapes[n][0] > kanit[0] + 30 for n in ("s", "t", "e"))


@needs_elk
def test_command_writes_nothing_when_one_file_is_bad(tmp_path, capsys):
    from tools.layout.__main__ import main

    good, bad = tmp_path / "good.bpmn", tmp_path / "bad.bpmn"
    good.write_bytes(ROBUST)
    bad.write_bytes(b"<bpmn:definitions")
    assert main([str(good), str(bad)]) == 2
    assert good.read_bytes() == ROBUST
    assert "bad.bpmn: not well-formed XML" in capsys.readouterr().err
    assert main([str(good)]) == 0 and good.read_bytes() != ROBUST
    assert main(["--check", str(good)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("{'crossings': 0, 'overlaps': 0, 'unplaced': 0, 'broken_words': 0}")
