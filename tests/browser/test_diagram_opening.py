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
