"""What a task's documentation says, split for its readers.

The documentation of an SOP step holds, one per line (see processes/README.md):
``[sop07 16.3] <row text as the SOP writes it>`` (a mark such as ``(disusun ulang)`` after the number when the
text is not the seed's), ``(16.3) Kelengkapan: …; Waktu: …; Output: …`` (the row's MUTU BAKU cells), and
``ASUMSI: …`` (the analyst's reasoning). Staff see the rows and the cells; analysts and auditors also the notes.
"""

from __future__ import annotations

import dataclasses
import re

from ..records import Record

_ROW = re.compile(r"^\[(\S+) ([^\]]+)\] ?(?:\((disusun ulang|diringkas|disimpulkan|kosong)\)(?: |$))?(.*)$")
_FACTS = re.compile(r"^\(([^)]+)\) ((?:Kelengkapan|Waktu|Output): .*)$")
_FACT = re.compile(r"(Kelengkapan|Waktu|Output): (.*?)(?=; (?:Kelengkapan|Waktu|Output): |$)")
_NOTE = "ASUMSI:"
_ISO = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


@dataclasses.dataclass(frozen=True)
class SopRow(Record):
    """One numbered row of the SOP table that a step carries out."""

    sop: str
    number: str
    text: str
    #: "" when the text is the SOP's own; else how it departs ("disusun ulang", "diringkas", "kosong")
    mark: str = ""
    kelengkapan: str = ""
    output: str = ""


@dataclasses.dataclass(frozen=True)
class SopText(Record):
    rows: list[SopRow]
    #: the analyst's notes (ASUMSI): for analysts and auditors, not for the person doing the step
    notes: list[str]
    #: any other line of the documentation, kept as written
    other: list[str]


def split(documentation: str) -> SopText:
    rows: list[SopRow] = []
    facts: dict[str, dict[str, str]] = {}
    notes: list[str] = []
    other: list[str] = []
    for line in (documentation or "").splitlines():
        line = line.strip()
        if not line:
            continue
        row = _ROW.match(line)
        fact = _FACTS.match(line)
        if row:
            rows.append(SopRow(row.group(1), row.group(2), row.group(4).strip(), row.group(3) or ""))
        elif fact:
            facts[fact.group(1)] = {k.lower(): v.strip() for k, v in _FACT.findall(fact.group(2))}
        elif line.startswith(_NOTE):
            notes.append(line[len(_NOTE):].strip())
        else:
            other.append(line)
    rows = [dataclasses.replace(r, kelengkapan=facts.get(r.number, {}).get("kelengkapan", ""),
                                output=facts.get(r.number, {}).get("output", "")) for r in rows]
    return SopText(rows, notes, other)


def duration_label(iso: str | None, english: bool = False) -> str:
    """An ISO 8601 duration as people say it: PT1H -> "1 jam", PT30M -> "30 menit", P2D -> "2 hari"."""
    m = _ISO.match((iso or "").strip().strip("'\""))
    if not iso or not m or not any(m.groups()):
        return ""
    units = ("day", "hour", "minute") if english else ("hari", "jam", "menit")
    parts = []
    for value, unit in zip(m.groups(), units):
        if value and int(value):
            n = int(value)
            parts.append(f"{n} {unit}{'s' if english and n != 1 else ''}")
    return " ".join(parts)
