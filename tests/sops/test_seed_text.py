"""Every SOP row in processes/ is the seed's own text, unless marked; the diagrams quote the rows exactly.

The seeds live beside the repository (``../shared/seeds``, as in CI); ``SOPFLOW_SEEDS`` points elsewhere.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("SOPFLOW_SEEDS") or ROOT.parent / "shared" / "seeds")
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
MARKS = ("disusun ulang", "diringkas", "disimpulkan", "kosong")
ROW_LINE = re.compile(r"^\[(\S+) ([^\]]+)\] ?(?:\((" + "|".join(MARKS) + r")\)(?: |$))?(.*)$")
#: words of the flowchart legend that the extraction glued to the last row of a table
LEGEND = ("ARAH GIAT", "MULAI GIAT")
ROW_FILES = sorted((ROOT / "processes" / "rows").glob("*.toml"))

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seeds are not at {SEEDS} (../shared/seeds beside "
                                                             "the repository, or set SOPFLOW_SEEDS)")


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _seed_text(column_only: bool) -> str:
    """All seeds as one line of words: no HTML, no repeated table headers, no page breaks. With
    ``column_only`` a table line contributes only its URAIAN KEGIATAN cell, so a row's text that goes on
    below its other cells reads on without them."""
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("NO\t", "No.\t", "1\t2\t3")) or line.startswith("\t\t"):
                continue
            cells = line.split("\t")
            lines.append(cells[1] if column_only and len(cells) > 1 else line)
    text = re.sub(r"<[^>]+>", " ", "\n".join(lines)).replace("**", "")
    return _words(text)


def _rows(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["row"]


@pytest.fixture(scope="module")
def seed() -> dict[str, str]:
    return {"text": _seed_text(column_only=True), "cells": _seed_text(column_only=False)}


@pytest.mark.parametrize("path", ROW_FILES, ids=lambda p: p.stem)
def test_every_unmarked_row_is_the_seeds_text(seed, path):
    wrong = []
    for row in _rows(path):
        assert row.get("mark", "") in ("",) + MARKS, row
        for field in ("text", "kelengkapan", "output"):
            value = _words(row.get(field, ""))
            if field == "text" and row.get("mark"):
                continue
            if value and value not in seed["text" if field == "text" else "cells"]:
                wrong.append(f"{row['key']} {field}: {value[:120]}")
            if any(word in value for word in LEGEND):
                wrong.append(f"{row['key']} {field}: diagram legend in the text")
    assert wrong == []


@pytest.mark.parametrize("path", ROW_FILES, ids=lambda p: p.stem)
def test_diagrams_quote_the_rows_exactly_and_explain_marks(path):
    rows = {r["key"]: r for r in _rows(path)}
    quoted: set[str] = set()
    for bpmn in [ROOT / "processes" / f"{path.stem}.bpmn", *sorted((ROOT / "processes").glob(f"{path.stem}_*.bpmn"))]:
        for el in etree.parse(str(bpmn)).getroot().iter():
            doc = el.find(f"{BPMN}documentation") if isinstance(el.tag, str) else None
            if doc is None or not doc.text:
                continue
            for line in doc.text.splitlines():
                m = ROW_LINE.match(line)
                if not m:
                    continue
                sop, key, mark, text = m.groups()
                assert sop == path.stem, f"{el.get('id')}: row of {sop} in a {path.stem} diagram"
                assert key in rows, f"{el.get('id')}: unknown row {key}"
                assert (mark or "") == rows[key].get("mark", ""), f"{el.get('id')} {key}: mark {mark!r}"
                assert _words(text) == _words(rows[key]["text"]), f"{el.get('id')} {key}: not the row's text"
                if mark:
                    assert "ASUMSI:" in doc.text, f"{el.get('id')} {key}: marked row without its reason"
                quoted.add(key)
    assert set(rows) <= quoted, f"rows no diagram quotes: {sorted(set(rows) - quoted)}"
