"""`sopflow trace`: rows of an SOP split into several processes are traced over all its files."""

from __future__ import annotations

from engine.definitions.trace import build_trace

ROWS = '''[[row]]
key = "1"
text = "Menerima surat"

[[row]]
key = "2"
text = "Menangani kejadian"
mark = "disusun ulang"

[[row]]
key = "3"
text = "Melaporkan"
'''


def _bpmn(pid: str, docs: dict[str, str]) -> str:
    tasks = "".join(f'<bpmn:userTask id="{eid}" name="{eid}"><bpmn:documentation>{doc}</bpmn:documentation>'
                    f'</bpmn:userTask>' for eid, doc in docs.items())
    return (f'<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            f'id="d_{pid}"><bpmn:process id="{pid}" isExecutable="true"><bpmn:laneSet id="ls_{pid}">'
            f'<bpmn:lane id="l_{pid}" name="PETUGAS">'
            + "".join(f"<bpmn:flowNodeRef>{eid}</bpmn:flowNodeRef>" for eid in docs)
            + f"</bpmn:lane></bpmn:laneSet>{tasks}</bpmn:process></bpmn:definitions>")


def test_rows_of_a_split_sop_are_traced_over_all_its_processes(tmp_path):
    (tmp_path / "rows").mkdir()
    (tmp_path / "rows" / "sopx.toml").write_text(ROWS, encoding="utf-8")
    (tmp_path / "sopx.bpmn").write_text(_bpmn("sopx", {"a": "[sopx 1] Menerima surat"}), encoding="utf-8")
    (tmp_path / "sopx_kejadian.bpmn").write_text(
        _bpmn("sopx_kejadian", {"b": "[sopx 2] (disusun ulang) Menangani kejadian\nASUMSI: baris hilang"}),
        encoding="utf-8")
    markdown, problems = build_trace(tmp_path)
    assert problems == ["sopx 3: row covered by no element"]
    assert "| 1 | Menerima surat | a |" in markdown
    assert "| 2 | *disusun ulang:* Menangani kejadian | b |" in markdown
