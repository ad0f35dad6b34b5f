"""Time standards report: per SOP, step and role, how long steps took against their standard."""

from __future__ import annotations

import csv
import dataclasses
import statistics
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..core import Engine


@dataclasses.dataclass
class SlaRow:
    """One step of one SOP and role.

    Completed and open work are kept apart: ``count``/``median_hours``/``p90_hours`` describe the
    completed tasks (time from ready to done), ``open_count``/``open_median_hours`` the tasks still
    open (age now). A step without a time standard has ``standard_hours`` None and ``overdue_share``
    None: nothing can be late against no standard, so the report says so instead of "0% late".
    """

    process_id: str
    element_id: str
    name: str
    role: str
    lane: str
    count: int
    median_hours: float | None
    p90_hours: float | None
    standard_hours: float | None
    overdue_share: float | None
    open_overdue: int
    late_completed: int = 0
    open_count: int = 0
    open_median_hours: float | None = None
    #: the instances' unit, when the report is broken down by unit ("" otherwise)
    unit: str = ""

    @property
    def has_standard(self) -> bool:
        return self.standard_hours is not None

    @property
    def overdue_total(self) -> int:
        return self.late_completed + self.open_overdue

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def sla_report(engine: Engine, process_id: str | None = None, since: datetime | None = None,
               until: datetime | None = None, viewer: str | None = None, unit: str | None = None,
               by_unit: bool = False) -> list[SlaRow]:
    """Per step: completed durations, open ages, and how many of both broke the standard.

    An open task past its due time counts as late now, so a step whose only task is three days
    overdue reports 1 of 1 late, not "n=0, 0%".
    """
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    now = engine.clock.now()
    for inst in engine.instances(process_id=process_id, limit=10**9, viewer=viewer, unit=unit):
        for task in engine.tasks(instance_id=inst.id, all_states=True):
            if task.state == "cancelled":
                continue
            if (since and task.created_at < since) or (until and task.created_at > until):
                continue
            g = groups.setdefault((task.process_id, task.element_id, task.role, (inst.unit or "") if by_unit else ""), {
                "name": task.name, "lane": task.lane, "durations": [], "ages": [], "late": 0, "open_overdue": 0,
                "standard": None})
            if task.due_at is not None:
                g["standard"] = round((task.due_at - task.created_at).total_seconds() / 3600, 2)
            if task.state == "completed" and task.completed_at is not None:
                g["durations"].append((task.completed_at - task.created_at).total_seconds() / 3600)
                if task.due_at is not None and task.completed_at > task.due_at:
                    g["late"] += 1
            else:
                g["ages"].append((now - task.created_at).total_seconds() / 3600)
                if task.due_at is not None and task.due_at <= now:
                    g["open_overdue"] += 1
    rows = []
    for (pid, element, role, unit_code), g in sorted(groups.items()):
        d, ages = g["durations"], g["ages"]
        measured = len(d) + len(ages)
        share = None
        if g["standard"] is not None and measured:
            share = round((g["late"] + g["open_overdue"]) / measured, 3)
        rows.append(SlaRow(pid, element, g["name"], role, g["lane"], len(d), _median(d),
                           round(_p90(d), 2) if d else None, g["standard"], share, g["open_overdue"],
                           late_completed=g["late"], open_count=len(ages), open_median_hours=_median(ages),
                           unit=unit_code))
    return rows


def write_csv(rows: list[SlaRow], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f.name for f in dataclasses.fields(SlaRow)])
        writer.writeheader()
        for row in rows:
            writer.writerow(row.to_dict())


def sla_svg(rows: list[SlaRow], lang: str = "id") -> str:
    """A bar chart: per step, median (dark) and p90 (light) against the standard (red tick)."""
    shown = [r for r in rows if r.count or r.open_count][:40]
    label_w, bar_w, row_h = 330, 420, 22
    height = 40 + row_h * max(len(shown), 1)
    scale_max = max([r.p90_hours or 0 for r in shown] + [r.standard_hours or 0 for r in shown] + [1])
    x = lambda h: label_w + bar_w * (h / scale_max)  # noqa: E731
    title = "Median dan p90 (jam) terhadap waktu standar" if lang != "en" else "Median and p90 (hours) against the standard"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + bar_w + 120} {height}" '
             f'role="img" aria-label="{escape(title)}" style="max-width:100%;font:12px sans-serif">',
             f'<text x="4" y="16" font-weight="bold">{escape(title)}</text>']
    for i, r in enumerate(shown):
        y = 30 + i * row_h
        parts.append(f'<text x="4" y="{y + 14}">{escape((r.process_id + " · " + r.name)[:48])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{x(r.p90_hours or 0) - label_w:.1f}" height="14" fill="#9bb7d4"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 6}" width="{x(r.median_hours or 0) - label_w:.1f}" height="8" fill="#13294b"/>')
        if r.standard_hours:
            parts.append(f'<line x1="{x(r.standard_hours):.1f}" x2="{x(r.standard_hours):.1f}" y1="{y}" y2="{y + 20}" '
                         f'stroke="#c62828" stroke-width="2"/>')
        if r.overdue_share is None:  # no standard: nothing to be late against, and no green "0%"
            note = "tanpa standar" if lang != "en" else "no standard"
            parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 14}" fill="#666">{note}</text>')
        else:
            colour = "#c62828" if r.overdue_total else "#2e7d32"
            parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 14}" fill="{colour}">{r.overdue_share:.0%}</text>')
    if not shown:
        parts.append('<text x="4" y="40">—</text>')
    parts.append("</svg>")
    return "".join(parts)
