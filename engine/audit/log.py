"""The append-only audit log: one hash chain of events per instance.

Each event's hash is sha256(previous hash + canonical JSON of the event). Rows keep the hash (32 bytes)
and a compact payload (:mod:`engine.audit.eventcodec`); the previous hash is the previous row's, so it is not
stored twice. A completed instance's events are sealed into one compressed segment
(:mod:`engine.audit.sealing`); events logged after that (a sensitive value read) are rows again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from . import eventcodec
from ..safety import bounds
from ..records import EventInfo
from ..store.models import Event, EventSegment, Instance

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


def append(session: Session, instance: Instance, type_: str, actor: str, at: datetime, payload: dict[str, Any]) -> str:
    """Add one event to ``instance``'s chain (the caller holds the instance row lock); returns its hash."""
    return append_step(session, instance, actor, at, [(type_, payload)])[-1]


def append_step(session: Session, instance: Instance, actor: str, at: datetime,
                events: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Add the events of one step, written in one INSERT (executemany); returns their hashes."""
    rows = chain_rows(instance, actor, at, events)
    insert_rows(session, rows)
    return [row["hash"].hex() for row in rows]


def chain_rows(instance: Instance, actor: str, at: datetime,
               events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The rows of one step's events, chained onto the instance's last hash; the instance's event count
    and last hash are moved on at once, so its row is written once for the whole step."""
    rows = []
    seq, prev = instance.event_count, instance.last_hash or ""
    for type_, payload in events:
        if type_ not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type_}")
        seq += 1
        text = canonical_json(payload)
        prev = event_hash(prev, instance.id, seq, type_, actor, at, text)
        rows.append({"instance_id": instance.id, "seq": seq, "type": type_, "actor": actor, "at": at,
                     "payload": eventcodec.pack_payload(type_, json.loads(text)),
                     "hash": bytes.fromhex(prev)})
    if rows:
        instance.event_count, instance.last_hash = seq, prev
    return rows


def insert_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """One INSERT for the rows, after the step's other rows (an event points at its instance).

    A plain table INSERT on the session's connection: the ORM's bulk path costs several times the
    statement itself, and these rows are never read back as objects in the same transaction."""
    if rows:
        session.flush()
        session.connection().execute(_EVENT_INSERT, rows)


_EVENT_INSERT = insert(Event.__table__)


@dataclasses.dataclass(frozen=True)
class StoredEvent:
    """One event as read back: from its row, or from its instance's sealed history."""

    instance_id: str
    seq: int
    type: str
    actor: str
    at: datetime
    #: canonical JSON of the payload (what the hash covers); None when the stored form is unreadable
    payload: str | None
    #: the hash stored for this event; "" for a sealed event other than the segment's last
    stored_hash: str
    sealed: bool = False


def _row_event(row: Event) -> StoredEvent:
    try:
        payload: str | None = canonical_json(eventcodec.unpack_payload(row.type, row.payload))
    except (eventcodec.HistoryUnreadable, ValueError, TypeError):
        payload = None
    return StoredEvent(row.instance_id, row.seq, row.type, row.actor, row.at, payload,
                       row.hash.hex() if isinstance(row.hash, bytes) else "")


def sealed_events(segment: EventSegment) -> list[StoredEvent]:
    """The events of a sealed history; raises :class:`eventcodec.HistoryUnreadable` when damaged."""
    unpacked = eventcodec.unpack_segment(segment.body)
    last = len(unpacked)
    head = segment.head.hex() if isinstance(segment.head, bytes) else ""
    return [StoredEvent(segment.instance_id, seq, type_, actor, at, canonical_json(payload),
                        head if seq == last else "", sealed=True)
            for seq, (type_, actor, at, payload) in enumerate(unpacked, start=1)]


def _segment(session: Session, instance_id: str) -> EventSegment | None:
    return session.scalars(select(EventSegment).where(EventSegment.instance_id == instance_id)).first()


def events_of(session: Session, instance_id: str) -> list[StoredEvent]:
    """Every event of an instance in seq order: its sealed history (if any), then its rows."""
    segment = _segment(session, instance_id)
    sealed = sealed_events(segment) if segment is not None else []
    return sealed + row_events(session, instance_id)


def row_events(session: Session, instance_id: str) -> list[StoredEvent]:
    """The events of an instance kept as rows (all of them unless it is sealed), in seq order."""
    rows = session.scalars(select(Event).where(Event.instance_id == instance_id).order_by(Event.seq))
    return [_row_event(r) for r in rows]


class Logged(NamedTuple):
    seq: int
    type: str
    payload: dict[str, Any]


def payloads_of(session: Session, instance_id: str, types: tuple[str, ...]) -> list[Logged]:
    """``(seq, type, payload)`` of an instance's events of ``types``, in seq order (sealed or not)."""
    out = []
    segment = _segment(session, instance_id)
    if segment is not None:
        for seq, (type_, _actor, _at, payload) in enumerate(eventcodec.unpack_segment(segment.body), start=1):
            if type_ in types:
                out.append(Logged(seq, type_, payload))
    rows = session.execute(select(Event.seq, Event.type, Event.payload).where(
        Event.instance_id == instance_id, Event.type.in_(types)).order_by(Event.seq))
    for seq, type_, text in rows:
        out.append(Logged(seq, type_, eventcodec.unpack_payload(type_, text)))
    return out


def to_info(event: StoredEvent, prev_hash: str = "") -> EventInfo:
    if event.payload is None:
        raise bounds.StoredDataUnreadable(f"event {event.seq} of instance {event.instance_id} has an unreadable payload")
    return EventInfo(
        instance_id=event.instance_id, seq=event.seq, type=event.type, actor=event.actor, at=event.at,
        payload=bounds.loads_stored(event.payload, f"event {event.seq} of instance {event.instance_id}"),
        prev_hash=prev_hash, hash=event.stored_hash,
    )


def infos(events: list[StoredEvent]) -> list[EventInfo]:
    """The events as records, with each one's previous hash and its own (recomputed along the chain)."""
    out, prev = [], ""
    for event in events:
        own = event.stored_hash
        if not own and event.payload is not None:
            own = event_hash(prev, event.instance_id, event.seq, event.type, event.actor, event.at, event.payload)
        out.append(dataclasses.replace(to_info(event, prev), hash=own))
        prev = own
    return out


def chain_hashes(events: list[StoredEvent]) -> list[str]:
    """The hash of every event recomputed from its content (the chain as it should be)."""
    out, prev = [], ""
    for event in events:
        prev = event_hash(prev, event.instance_id, event.seq, event.type, event.actor, event.at, event.payload or "")
        out.append(prev)
    return out


def hash_at(session: Session, instance_id: str, seq: int) -> str | None:
    """The hash of event ``seq`` of an instance as stored; a sealed one is recomputed from the sealed
    content, which must give back the segment's head. None when there is no such event or the sealed
    history no longer matches its head."""
    row = session.scalar(select(Event.hash).where(Event.instance_id == instance_id, Event.seq == seq))
    if row is not None:
        return row.hex()
    segment = _segment(session, instance_id)
    if segment is None or not 1 <= seq <= segment.event_count:
        return None
    try:
        events = sealed_events(segment)
    except eventcodec.HistoryUnreadable:
        return None
    hashes = chain_hashes(events)
    if len(hashes) != segment.event_count or hashes[-1] != segment.head.hex():
        return None
    return hashes[seq - 1]


def check_chain(events: list[StoredEvent], instance: Instance) -> tuple[int | None, str]:
    """The first event (by position) whose chain link is wrong, and why; ``(None, "")`` when intact."""
    prev = ""
    for position, event in enumerate(events, start=1):
        if event.seq != position:
            return position, f"event {position} is missing or out of order (found seq {event.seq})"
        if event.payload is None:
            return event.seq, f"event {event.seq} has an unreadable payload"
        try:
            expected = event_hash(prev, event.instance_id, event.seq, event.type, event.actor, event.at, event.payload)
        except (ValueError, TypeError, RecursionError, bounds.StoredDataUnreadable):
            return event.seq, f"event {event.seq} has an unreadable payload"
        if event.sealed and event.stored_hash and expected != event.stored_hash:
            return 1, (f"the sealed history (events 1-{event.seq}) was altered: "
                       "its content no longer gives its recorded hash")
        if not event.sealed and expected != event.stored_hash:
            return event.seq, f"event {event.seq} ({event.type}) was altered: its hash does not match its content"
        prev = expected
    if len(events) != instance.event_count:
        return len(events) + 1, f"the instance records {instance.event_count} events but {len(events)} are stored"
    if prev != (instance.last_hash or ""):
        return len(events), "the last event is not the one the instance records"
    return None, ""
