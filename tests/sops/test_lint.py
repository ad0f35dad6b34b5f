"""Each SOP passes bpmnlint's recommended rules (tools/lint, installed by scripts/setup)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = ROOT / "tools" / "lint"


@pytest.mark.skipif(not (LINT / "node_modules" / ".bin" / "bpmnlint").exists() or shutil.which("node") is None,
                    reason="bpmnlint not installed (scripts/setup installs it)")
@pytest.mark.parametrize("path", sorted((ROOT / "processes").glob("*.bpmn")), ids=lambda p: p.stem)
def test_bpmnlint_recommended(path):
    result = subprocess.run([str(LINT / "node_modules" / ".bin" / "bpmnlint"), str(path)], cwd=LINT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "problem" not in result.stdout, result.stdout
