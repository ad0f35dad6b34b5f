"""The modeler bundle runs under a strict CSP: no eval, no Function constructor, no inline script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "webui" / "static" / "vendor" / "sopflow" / "modeler.js"
TEMPLATE = ROOT / "webui" / "templates" / "analyst" / "modeler.html"


def test_bundle_needs_no_unsafe_eval():
    if not BUNDLE.exists():
        pytest.skip("modeler bundle not built: run webui/build_assets.py after npm ci")
    code = BUNDLE.read_text(encoding="utf-8")
    assert "bpmn-js-properties-panel" in code or "bio-properties-panel" in code
    assert not re.search(r"(?<![\w.$])eval\(", code)
    assert not re.search(r"new Function\(|(?<![\w.$])Function\(\s*['\"]", code)


def test_workbench_pages_have_no_inline_script_or_handler():
    for name in ("modeler.html", "diff.html", "migrate.html"):
        text = (TEMPLATE.parent / name).read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), name
        assert not re.search(r"\son[a-z]+\s*=", text), name
