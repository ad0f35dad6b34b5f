"""What a task works on: the earlier steps of its instance, read back from the audit log.

The log records every completed step with its data, so the context needs no workflow loaded:
each step's values come out labelled by its form's schema (titles in Indonesian and English),
attachments by file name, plus the note that sent the work back, the delegation reason, and a
short account of who did what.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ..records import AttachmentInfo, EventInfo, Record

#: field names that carry the reviewer's words when a draft is returned
NOTE_WORDS = ("catatan", "koreksi", "alasan", "revisi", "note")
#: how many entries "who did what" keeps (the newest)
HISTORY_LIMIT = 30


@dataclasses.dataclass(frozen=True)
class ContextValue(Record):
    """One labelled value of an earlier step; ``children`` for groups and table rows."""

    key: str
    label_id: str
    label_en: str
    kind: str  # text | bool | choice | number | attachment | group | rows
    text: str = ""
    attachments: list[AttachmentInfo] = dataclasses.field(default_factory=list)
    children: list[list[ContextValue]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class ContextStep(Record):
    element_id: str
    name: str
    actor: str
    at: datetime
    values: list[ContextValue]
    #: how many times this step was done before its latest completion (a revision loop)
    earlier_rounds: int = 0


@dataclasses.dataclass(frozen=True)
class ContextEntry(Record):
    at: datetime
    actor: str
    kind: str  # started | claimed | unclaimed | delegated | completed | overdue | migrated
    step: str
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class TaskContext(Record):
    """Everything the task page shows above the form, read-only."""

    steps: list[ContextStep]
    #: the step that sent this one back, with the values that say why (None on a first round)
    returned_by: ContextStep | None
    delegated_by: str | None
    delegation_reason: str
    history: list[ContextEntry]
    start_values: list[ContextValue]


def build(events: list[EventInfo], *, task_id: str, element_id: str, task_names: Mapping[str, str],
          schema_of: Callable[[str], Mapping[str, Any] | None], attachment: Callable[[str], AttachmentInfo | None],
          only: list[str] | None = None) -> TaskContext:
    """The context of task ``task_id`` (element ``element_id``) from its instance's ``events``.

    :param only: element ids to show (a UI schema's ``ui:context``); ``None`` shows every earlier step.
    """
    own = next((e.seq for e in events if e.type == "task_ready" and e.payload.get("task_id") == task_id), None)
    before = [e for e in events if own is None or e.seq < own]
    latest: dict[str, EventInfo] = {}
    rounds: dict[str, int] = {}
    for event in before:
        if event.type == "task_completed":
            el = event.payload.get("element_id", "")
            rounds[el] = rounds.get(el, 0) + 1
            latest.pop(el, None)
            latest[el] = event  # re-inserted: ordered by latest completion

    def step(event: EventInfo) -> ContextStep:
        el = event.payload.get("element_id", "")
        return ContextStep(element_id=el, name=task_names.get(el, el), actor=event.actor, at=event.at,
                           values=describe(schema_of(el), event.payload.get("data") or {}, attachment),
                           earlier_rounds=rounds.get(el, 1) - 1)

    # the step's own earlier round stays in: it is the work being revised
    steps = [step(e) for el, e in latest.items() if only is None or el in only or el == element_id]
    returned_by = None
    if element_id in rounds:  # this step was done before: whatever came after its last round sent it back
        previous = max(e.seq for e in before if e.type == "task_completed"
                       and e.payload.get("element_id") == element_id)
        after = [e for e in before if e.type == "task_completed" and e.seq > previous]
        if after:
            returned_by = step(after[-1])
    delegated_by, reason = None, ""
    for event in before + [e for e in events if own is not None and e.seq > own]:
        if event.type == "task_delegated" and event.payload.get("task_id") == task_id:
            delegated_by, reason = event.actor, str(event.payload.get("reason") or "")
        elif event.type == "task_unclaimed" and event.payload.get("task_id") == task_id:
            delegated_by, reason = None, ""
    started = next((e for e in events if e.type == "instance_started"), None)
    start_values = describe(None, (started.payload.get("data") or {}) if started else {}, attachment)
    return TaskContext(steps=steps, returned_by=returned_by, delegated_by=delegated_by, delegation_reason=reason,
                       history=_history(events, task_names)[-HISTORY_LIMIT:], start_values=start_values)


def note_values(step: ContextStep) -> list[ContextValue]:
    """The values of ``step`` that read as a note (catatan, koreksi, alasan …), else all its text values."""
    notes = [v for v in step.values if v.kind == "text" and any(w in v.key.lower() for w in NOTE_WORDS)]
    return notes or [v for v in step.values if v.kind == "text"]


def _history(events: list[EventInfo], names: Mapping[str, str]) -> list[ContextEntry]:
    kinds = {"instance_started": "started", "task_claimed": "claimed", "task_unclaimed": "unclaimed",
             "task_delegated": "delegated", "task_completed": "completed", "timer_fired": "overdue",
             "instance_migrated": "migrated"}
    out = []
    for event in events:
        kind = kinds.get(event.type)
        if kind is None:
            continue
        el = event.payload.get("task_element_id") or event.payload.get("element_id") or ""
        detail = ""
        if kind == "delegated":
            detail = f"{event.payload.get('to', '')}: {event.payload.get('reason', '')}"
        elif kind == "unclaimed":
            detail = str(event.payload.get("reason") or "")
        out.append(ContextEntry(at=event.at, actor=event.actor, kind=kind, step=names.get(el, el), detail=detail))
    return out


def describe(schema: Mapping[str, Any] | None, data: Any, attachment: Callable[[str], AttachmentInfo | None],
             key: str = "") -> list[ContextValue]:
    """``data`` as labelled values, in the schema's field order (unknown keys after, by name)."""
    if not isinstance(data, dict):
        return []
    props: Mapping[str, Any] = (schema or {}).get("properties") or {}
    keys = [k for k in props if k in data] + sorted(k for k in data if k not in props)
    out = []
    for name in keys:
        value = _value(props.get(name) or {}, name, data[name], attachment)
        if value is not None:
            out.append(value)
    return out


def _value(schema: Mapping[str, Any], key: str, value: Any,
           attachment: Callable[[str], AttachmentInfo | None]) -> ContextValue | None:
    label_id = str(schema.get("title") or key.replace("_", " ").capitalize())
    label_en = str(schema.get("x-title-en") or label_id)
    base = {"key": key, "label_id": label_id, "label_en": label_en}
    if value is None or value == "" or value == []:
        return None
    if _is_attachment(schema, value):
        refs = value if isinstance(value, list) else [value]
        found = [attachment(r) for r in refs if isinstance(r, str)]
        return ContextValue(kind="attachment", attachments=[a for a in found if a is not None], **base)
    if isinstance(value, bool):
        return ContextValue(kind="bool", text="1" if value else "0", **base)
    if isinstance(value, dict):
        return ContextValue(kind="group", children=[describe(schema, value, attachment)], **base)
    if isinstance(value, list):
        items = schema.get("items") or {}
        if all(isinstance(v, dict) for v in value):
            return ContextValue(kind="rows", children=[describe(items, v, attachment) for v in value], **base)
        return ContextValue(kind="choice", text=", ".join(_choice_title(items, v) for v in value), **base)
    if isinstance(value, (int, float)):
        text = f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)
        return ContextValue(kind="number", text=text, **base)
    return ContextValue(kind="text", text=_choice_title(schema, value), **base)


def _choice_title(schema: Mapping[str, Any], value: Any) -> str:
    for option in schema.get("oneOf") or schema.get("anyOf") or []:
        if isinstance(option, dict) and option.get("const") == value:
            return str(option.get("title") or value)
    return str(value)


def _is_attachment(schema: Mapping[str, Any], value: Any) -> bool:
    if schema.get("format") in ("attachment", "attachments"):
        return True
    if (schema.get("items") or {}).get("format") == "attachment":
        return True
    values = value if isinstance(value, list) else [value]
    return bool(values) and all(isinstance(v, str) and v.startswith("sha256:") and len(v) == 71 for v in values)
