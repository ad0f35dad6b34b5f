"""Reads the numbered rows of an SOP table out of the plain-text seed (tab-separated extraction)."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

#: the seeds sit in ../shared/seeds beside the repository; SOPFLOW_SEEDS points elsewhere
SEEDS = Path(os.environ.get("SOPFLOW_SEEDS") or Path(__file__).resolve().parents[3] / "shared" / "seeds")
_WAKTU = re.compile(r"^\s*(\d+)\s*(hari|jam|menit)?\s*$", re.IGNORECASE)
_HTML = re.compile(r"<[^>]+>")


@dataclasses.dataclass
class Row:
    key: str
    text: str
    kelengkapan: str = ""
    waktu: str = ""
    output: str = ""
    #: missing from the source text and rebuilt from the rows around it
    reconstructed: bool = False
    #: how the text departs from the seed: "disusun ulang" (rebuilt), "diringkas" (abridged), "kosong" (empty row)
    mark: str = ""

    def __post_init__(self) -> None:
        if self.reconstructed and not self.mark:
            self.mark = "disusun ulang"
        self.reconstructed = self.reconstructed or self.mark in ("disusun ulang", "kosong")


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _HTML.sub(" ", text.replace("**", ""))).strip()


def section(seed_text: str, number: str) -> str:
    """The text of SOP ``number`` ("01" … "07") in the combined seed file."""
    starts = [(m.start(), m.group(1)) for m in re.finditer(r"Nomor : SOP - (\d\d)", seed_text)]
    for i, (pos, num) in enumerate(starts):
        if num == number:
            # the table of an SOP sits before the next SOP's header page (which repeats the letterhead)
            end = starts[i + 1][0] if i + 1 < len(starts) else len(seed_text)
            return seed_text[pos:end]
    raise KeyError(number)


def three_stage_rows(text: str) -> list[Row]:
    """Rows of the Persiapan / Pelaksanaan / Tahap akhir tables (SOP-01 … SOP-05)."""
    rows: list[Row] = []
    stage, letter = "", ""
    started = False
    for line in text.splitlines():
        if line.startswith("NO\t") or line.startswith("\t\t") or line.startswith("1\t2\t3"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        head, body = fields[0].strip(), fields[1].strip()
        if re.fullmatch(r"[123]", head) and body:
            stage, letter, started = head, "", True
            rows.append(Row(stage, _clean(body)))
            continue
        if not started or not body or body.startswith("="):  # "= ARAH GIAT …": the flowchart legend
            continue
        extra = [f.strip() for f in fields[2:]]
        m_letter = re.match(r"^([a-k])\.\s+(.*)", body)
        m_num = re.match(r"^(\d+)\)\s*(.*)", body)
        if m_letter:
            letter = m_letter.group(1)
            row = Row(f"{stage}.{letter}", _clean(m_letter.group(2)))
        elif m_num and letter and (stage != "3" or letter == "e"):
            row = Row(f"{stage}.{letter}.{m_num.group(1)}", _clean(m_num.group(2)))
        else:
            if rows:
                rows[-1].text = _clean(rows[-1].text + " " + body)
            continue
        for i, value in enumerate(extra):
            if _WAKTU.match(value) and i > 0:
                row.waktu, row.kelengkapan = value, extra[i - 1]
                row.output = extra[i + 1] if i + 1 < len(extra) else ""
                break
        rows.append(row)
    return _dedupe(rows)


def _dedupe(rows: list[Row]) -> list[Row]:
    seen: dict[str, Row] = {}
    out = []
    for row in rows:
        if row.key in seen:  # "e. Membuat pelaporan ... : 1) ..." lists its items again below
            continue
        seen[row.key] = row
        out.append(row)
    return out


def duration(waktu: str) -> str | None:
    """MUTU BAKU time as ISO 8601: "30 menit" -> PT30M, "1 jam" -> PT1H, "2 Hari" or "2" -> P2D."""
    m = _WAKTU.match(waktu or "")
    if not m:
        return None
    n, unit = int(m.group(1)), (m.group(2) or "hari").lower()
    return {"hari": f"P{n}D", "jam": f"PT{n}H", "menit": f"PT{n}M"}[unit]


def minutes(iso: str | None) -> int:
    if not iso:
        return 0
    m = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", iso)
    d, h, mi = (int(x) if x else 0 for x in m.groups())
    return d * 1440 + h * 60 + mi


def from_minutes(total: int) -> str | None:
    if total <= 0:
        return None
    if total % 1440 == 0:
        return f"P{total // 1440}D"
    h, m = divmod(total, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "")
