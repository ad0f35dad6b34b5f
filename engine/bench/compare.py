"""`sopflow bench --compare FILE`: the change of every figure against an earlier run's JSON."""

from __future__ import annotations

from typing import Any


def _flatten(figures: dict[str, Any], prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and "median" in value:
            out[name] = value["median"]
        elif isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[name] = value
    return out


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per figure found in either run: before, after and after/before (None where unknown)."""
    old, new = _flatten(before), _flatten(after)
    rows = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        ratio = round(b / a, 3) if a and b is not None else None
        rows.append({"figure": name, "before": a, "after": b, "ratio": ratio})
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    width = max((len(r["figure"]) for r in rows), default=10)
    lines = [f"{'figure':<{width}}  {'before':>12}  {'after':>12}  {'after/before':>12}"]
    for r in rows:
        show = lambda v: "-" if v is None else f"{v:g}"  # noqa: E731
        lines.append(f"{r['figure']:<{width}}  {show(r['before']):>12}  {show(r['after']):>12}  {show(r['ratio']):>12}")
    return "\n".join(lines)
