"""The append-only audit log: one hash chain of events per instance."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..safety import bounds
from ..records import EventInfo
from ..store.models import Event, Instance

EVENT_TYPES = (
    "instance_started",
    "task_ready",
    "task_claimed",
    "task_unclaimed",
    "task_delegated",
    "task_completed",
    "task_cancelled",
    "timer_fired",
    "message_received",
    "gateway_taken",
    "instance_completed",
    "instance_error",
    "instance_migrated",
    "sensitive_read",
)


def canonical_json(value: Any) -> str:
    """One spelling of a JSON value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def event_hash(prev_hash: str, instance_id: str, seq: int, type_: str, actor: str, at: datetime, payload_json: str) -> str:
    body = canonical_json(
        {"instance_id": instance_id, "seq": seq, "type": type_, "actor": actor, "at": at.isoformat(),
         "payload": bounds.loads_stored(payload_json, "an event payload")}
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def append(session: Session, instance: Instance, type_: str, actor: str, at: datetime, payload: dict[str, Any]) -> Event:
    """Add one event to ``instance``'s chain (the caller holds the instance row lock)."""
    if type_ not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type_}")
    seq = instance.event_count + 1
    payload_json = canonical_json(payload)
    prev = instance.last_hash or ""
    digest = event_hash(prev, instance.id, seq, type_, actor, at, payload_json)
    event = Event(instance_id=instance.id, seq=seq, type=type_, actor=actor, at=at, payload=payload_json,
                  prev_hash=prev, hash=digest)
    session.add(event)
    instance.event_count = seq
    instance.last_hash = digest
    return event


def events_of(session: Session, instance_id: str) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.instance_id == instance_id).order_by(Event.seq)))


def to_info(event: Event) -> EventInfo:
    return EventInfo(
        instance_id=event.instance_id, seq=event.seq, type=event.type, actor=event.actor, at=event.at,
        payload=bounds.loads_stored(event.payload, f"event {event.seq} of instance {event.instance_id}"), prev_hash=event.prev_hash, hash=event.hash,
    )


def check_chain(events: list[Event], instance: Instance) -> tuple[int | None, str]:
    """The first event (by position) whose chain link is wrong, and why; ``(None, "")`` when intact."""
    prev = ""
    for position, event in enumerate(events, start=1):
        if event.seq != position:
            return position, f"event {position} is missing or out of order (found seq {event.seq})"
        if event.prev_hash != prev:
            return event.seq, f"event {event.seq} does not link to the event before it"
        try:
            expected = event_hash(prev, event.instance_id, event.seq, event.type, event.actor, event.at, event.payload)
        except (ValueError, TypeError, RecursionError, bounds.StoredDataUnreadable):
            return event.seq, f"event {event.seq} has an unreadable payload"
        if expected != event.hash:
            return event.seq, f"event {event.seq} ({event.type}) was altered: its hash does not match its content"
        prev = event.hash
    if len(events) != instance.event_count:
        return len(events) + 1, f"the instance records {instance.event_count} events but {len(events)} are stored"
    if prev != (instance.last_hash or ""):
        return len(events), "the last event is not the one the instance records"
    return None, ""
