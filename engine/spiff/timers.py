"""Timers: whether a literal can run, and when a waiting timer falls due.

Every timer the engine waits for is bounded: a duration or repetition longer than a century, a
date outside the years 2000–2200 or a zero-length cycle is refused at check, and a timer computed
from data that breaks these bounds stops the step with a clear error instead of a crash.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from .parsing import is_iso_timer_literal

MAX_SPAN = timedelta(days=36525)
MAX_REPEATS = 100000
_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
_KIND = {"timeDuration": "duration", "timeDate": "date", "timeCycle": "cycle"}
_EXAMPLE = {"duration": "PT4H or P2D", "date": "2026-03-02T08:00:00+07:00", "cycle": "R3/PT1H or R/P7D"}


def _span(text: str, start: datetime = _EPOCH) -> timedelta:
    parsed = TimerEventDefinition.parse_iso_duration(text)
    return TimerEventDefinition.get_timedelta_from_start(parsed, start)


def literal_kind(text: str) -> str:
    text = text.strip().upper()
    return "cycle" if text.startswith("R") else "duration" if text.startswith("P") else "date"


def literal_problem(tag: str, text: str) -> str | None:
    """Why the literal ``text`` of a ``timeDuration``/``timeDate``/``timeCycle`` cannot run; None if it can."""
    text = text.strip()
    expected = _KIND.get(tag, "duration")
    if not is_iso_timer_literal(text):
        return f"{text!r} is not an ISO 8601 {expected}; write it like {_EXAMPLE[expected]}"
    kind = literal_kind(text)
    if kind != expected:
        return f"{tag} holds a {kind} ({text!r}); a {tag} needs a {expected}, like {_EXAMPLE[expected]}"
    try:
        if kind == "duration":
            return _span_problem(text)
        if kind == "date":
            when = TimerEventDefinition.get_datetime(text)
            if not (_EPOCH <= when <= _EPOCH.replace(year=2200)):
                return f"date {text!r} is outside the years 2000-2200"
            return None
        parts = text.upper().split("/")
        repeats = parts[0][1:]
        if repeats and int(repeats) > MAX_REPEATS:
            return f"cycle {text!r} repeats more than {MAX_REPEATS} times"
        if len(parts) == 3:
            when = TimerEventDefinition.get_datetime(parts[1])
            if not (_EPOCH <= when <= _EPOCH.replace(year=2200)):
                return f"cycle {text!r} starts outside the years 2000-2200"
        span_problem = _span_problem(parts[-1])
        if span_problem:
            return span_problem
        if _span(parts[-1]) < timedelta(minutes=1):
            return f"cycle {text!r} repeats more often than once a minute"
        return None
    except (ValueError, OverflowError, ArithmeticError):
        return f"{text!r} is not a usable ISO 8601 {expected}"
    except Exception:  # SpiffWorkflow's own parser raises a bare Exception("Invalid duration")
        return f"{text!r} is not a usable ISO 8601 {expected}"


def _span_problem(text: str) -> str | None:
    try:
        span = _span(text)
    except (OverflowError, ValueError):
        return f"duration {text!r} is far too long (at most 100 years)"
    if span > MAX_SPAN:
        return f"duration {text!r} is longer than 100 years"
    return None


def duration_due(start: datetime, iso_duration: str) -> datetime:
    """When a time standard of ``iso_duration`` started at ``start`` falls due (wall-clock)."""
    return start + _span(iso_duration, start)


def due_of(task: Any) -> datetime | None:
    """When a waiting timer task next fires; None when it has no (more) due time."""
    definition = timer_definition(task.task_spec)
    value = task.internal_data.get("event_value")
    if value is None:
        return None
    if isinstance(definition, CycleTimerEventDefinition):
        if not isinstance(value, dict) or value.get("cycles") == 0:
            return None
        return to_utc(datetime.fromisoformat(value["next"]))
    if isinstance(definition, TimeDateEventDefinition):
        return to_utc(TimerEventDefinition.get_datetime(str(value)))
    return to_utc(datetime.fromisoformat(str(value)))


def to_utc(value: Any) -> datetime:
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _definitions(task_spec: Any) -> list[Any]:
    """The event definitions a catching spec waits for (an event-based gateway waits for several)."""
    definition = getattr(task_spec, "event_definition", None)
    if isinstance(definition, MultipleEventDefinition):
        return list(definition.event_definitions)
    return [definition] if definition is not None else []


def timer_definition(task_spec: Any) -> TimerEventDefinition | None:
    return next((d for d in _definitions(task_spec) if isinstance(d, TimerEventDefinition)), None)


def message_definitions(task_spec: Any) -> list[MessageEventDefinition]:
    return [d for d in _definitions(task_spec) if isinstance(d, MessageEventDefinition)]


def is_timer(task_spec: Any) -> bool:
    return timer_definition(task_spec) is not None


def latest_start_due(text: str, anchor: datetime, now: datetime) -> datetime | None:
    """The latest due time at or before ``now`` of a timer start event written as ``text``.

    ``anchor`` is when the version was deployed: a duration or a cycle without a start date counts
    from it. None when nothing is due yet, or the timer is not a literal the clock can schedule.
    """
    text = text.strip()
    if not is_iso_timer_literal(text):
        return None
    kind = literal_kind(text)
    if kind == "date":
        when = TimerEventDefinition.get_datetime(text)
        return when if anchor <= when <= now else None
    if kind == "duration":
        when = duration_due(anchor, text)
        return when if when <= now else None
    parts = text.upper().split("/")
    repeats = int(parts[0][1:]) if parts[0][1:] else None
    first = TimerEventDefinition.get_datetime(parts[1]) if len(parts) == 3 else duration_due(anchor, parts[-1])
    parsed = TimerEventDefinition.parse_iso_duration(parts[-1])
    latest = None
    if not parsed.get("years") and not parsed.get("months"):
        step = TimerEventDefinition.get_timedelta_from_start(parsed, first)
        if first <= now:
            count = int((now - first) / step)
            if repeats is not None:
                count = min(count, repeats - 1)
            latest = first + count * step
    else:  # calendar months differ in length: walk them (at most 1200 in a century)
        when, count = first, 0
        while when <= now and (repeats is None or count < repeats) and count < 1200:
            latest, count = when, count + 1
            when = duration_due(when, parts[-1])
    return latest if latest is not None and latest >= anchor else None
