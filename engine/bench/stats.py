"""Figures as medians over rounds with their spread, and a counter of SQL statements."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def spread(per_round: list[float], digits: int = 3) -> dict[str, Any]:
    """The median of per-round figures, with the lowest and highest round, so noise shows."""
    return {"median": round(statistics.median(per_round), digits), "min": round(min(per_round), digits),
            "max": round(max(per_round), digits), "rounds": len(per_round)}


class SqlCounter:
    """Counts statements (an executemany is one) and commits sent through a SQLAlchemy engine."""

    def __init__(self, sql_engine: Any):
        from sqlalchemy import event

        self.statements = 0
        self.commits = 0
        self.counting = False
        event.listen(sql_engine, "before_cursor_execute", self._statement)
        event.listen(sql_engine, "commit", self._commit)

    def _statement(self, *_args: Any) -> None:
        if self.counting:
            self.statements += 1

    def _commit(self, *_args: Any) -> None:
        if self.counting:
            self.commits += 1

    @contextmanager
    def counted(self) -> Iterator[None]:
        self.counting = True
        try:
            yield
        finally:
            self.counting = False
