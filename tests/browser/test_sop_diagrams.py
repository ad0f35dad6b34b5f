"""Every SOP diagram imports into bpmn-js without a single warning, and shows all its lanes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted((ROOT / "processes").glob("*.bpmn")), ids=lambda p: p.stem)
def test_imports_cleanly_in_bpmn_js(page, live, path):
    page.goto(f"{live.url}/login")  # same origin as the static assets
    page.set_content(f"""<html><body><div id="c" style="width:1600px;height:900px"></div>
        <script src="{live.url}/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js"></script></body></html>""")
    result = page.evaluate("""async (xml) => {
        const viewer = new BpmnJS({container: '#c'});
        const r = await viewer.importXML(xml);
        return {warnings: r.warnings.map(w => w.message),
                lanes: viewer.get('elementRegistry').filter(e => e.type === 'bpmn:Lane').length};
    }""", path.read_text(encoding="utf-8"))
    assert result["warnings"] == []
    assert result["lanes"] >= 6
