"""The web viewer opens each SOP diagram at the zoom engine/checks/diagram.py predicts for a 1280px
screen: fitted when that is legible, otherwise all lanes in view at the start of the flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.checks import diagram as geometry

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "processes").glob("*.bpmn"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_viewer_opens_at_the_predicted_zoom(page, live, path):
    width, height = geometry.SCREEN
    page.goto(f"{live.url}/login")  # same origin as the static assets
    page.set_content(f"""<html><body><div id="c" style="width:{width:.0f}px;height:{height:.0f}px"></div>
        <script src="{live.url}/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js"></script>
        <script src="{live.url}/static/js/diagram.js"></script></body></html>""")
    zoom = page.evaluate("""async (xml) => {
        const viewer = new BpmnJS({container: '#c'});
        await viewer.importXML(xml);
        const canvas = viewer.get('canvas');
        window.sopflowDiagram.open(canvas);
        return canvas.zoom();
    }""", path.read_text(encoding="utf-8"))
    expected = geometry.opening_scale(geometry.diagrams(path)[0])
    assert zoom == pytest.approx(expected, abs=0.03)
    assert zoom >= geometry.MIN_SCALE


def test_a_wide_diagram_brings_the_active_step_into_view(page, live):
    """An instance of a long SOP opens panned to its first active step, still at a legible zoom."""
    path = max(FILES, key=lambda p: geometry.extent(geometry.diagrams(p)[0])[2])  # the widest SOP
    d = geometry.diagrams(path)[0]
    last = max((n for n, k in d.kinds.items() if k == "userTask" and n in d.shapes), key=lambda n: d.shapes[n][0])
    width, height = geometry.SCREEN
    page.goto(f"{live.url}/login")
    page.set_content(f"""<html><body><div id="c" style="width:{width:.0f}px;height:{height:.0f}px"></div>
        <script src="{live.url}/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js"></script>
        <script src="{live.url}/static/js/diagram.js"></script></body></html>""")
    seen = page.evaluate("""async ([xml, id]) => {
        const viewer = new BpmnJS({container: '#c'});
        await viewer.importXML(xml);
        const canvas = viewer.get('canvas');
        const panned = window.sopflowDiagram.open(canvas);
        const before = canvas.viewbox().x;
        window.sopflowDiagram.focus(viewer, [id]);
        const box = canvas.viewbox(), el = viewer.get('elementRegistry').get(id);
        return {panned, before, zoom: canvas.zoom(), x: box.x, width: box.width, centre: el.x + el.width / 2};
    }""", [path.read_text(encoding="utf-8"), last])
    assert seen["panned"] and seen["zoom"] >= geometry.MIN_SCALE
    assert seen["x"] > seen["before"] and seen["x"] <= seen["centre"] <= seen["x"] + seen["width"]


def test_a_step_inside_a_sub_process_opens_its_drill_down_and_marks_the_sub_process(page, live):
    """FKPM's activities are collapsed sub-processes: an instance whose open steps are inside one opens
    on that sub-process's plane with the steps in view, and the collapsed shape above is marked open."""
    width, height = geometry.SCREEN
    page.goto(f"{live.url}/login")
    page.set_content(f"""<html><body><div><div id="c" style="width:{width:.0f}px;height:{height:.0f}px"></div></div>
        <script src="{live.url}/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js"></script>
        <script src="{live.url}/static/js/diagram.js"></script></body></html>""")
    seen = page.evaluate("""async (xml) => {
        const c = document.getElementById('c');
        const viewer = new BpmnJS({container: c});
        await viewer.importXML(xml);
        const canvas = viewer.get('canvas'), registry = viewer.get('elementRegistry');
        const state = {completed: ['fkpm_mulai', 'fkpm_kasat_perintah', 'fkpm_b_kbo'], flows: [], overdue: [],
                       active: ['fkpm_b_binkamsa', 'fkpm_b_binpolmas', 'fkpm_b_bintibmas']};
        window.sopflowDiagram.mark(viewer, state);
        const before = canvas.getRootElement().businessObject.id;
        window.sopflowDiagram.focusActive(viewer, c, state, false);
        const box = canvas.viewbox(), el = registry.get('fkpm_b_binkamsa');
        return {before, after: canvas.getRootElement().businessObject.id, zoom: canvas.zoom(),
                host: canvas.hasMarker('fkpm_b', 'sf-active'), other: canvas.hasMarker('fkpm_a', 'sf-active'),
                step: canvas.hasMarker('fkpm_b_binkamsa', 'sf-active'),
                inView: box.x <= el.x && el.x + el.width <= box.x + box.width
                        && box.y <= el.y && el.y + el.height <= box.y + box.height};
    }""", (ROOT / "processes" / "fkpm.bpmn").read_text(encoding="utf-8"))
    assert seen["before"] == "fkpm_collaboration" and seen["after"] == "fkpm_b"
    assert seen["host"] and seen["step"] and not seen["other"]
    assert seen["inView"] and seen["zoom"] >= geometry.MIN_SCALE
