"""How event payloads and sealed histories are stored: compact, and exactly reversible.

The hash chain is computed over the canonical JSON of each payload (see :mod:`engine.audit`), so what is
stored only has to give that JSON back byte for byte. A payload is kept as a JSON array: a bit mask of
which of its type's usual keys it has, their values in a fixed order, and an object of any other keys
last. The keys themselves, repeated in every row, are not stored.

A sealed history is every event of a completed instance in one zlib stream, each event as
``[type, actor, at, packed payload]`` (seq is the position); its hashes are recomputed on unpacking.
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from typing import Any

#: The usual keys of each event type, in the order they are stored. Never reorder or remove a key:
#: stored rows depend on the positions (add new keys at the end only).
FIELDS: dict[str, tuple[str, ...]] = {
    "instance_started": ("process_id", "version", "sha256", "data", "state_sha256", "message", "clock_due"),
    "task_ready": ("task_id", "element_id", "due_at"),
    "task_claimed": ("task_id", "element_id"),
    "task_unclaimed": ("task_id", "element_id", "reason"),
    "task_delegated": ("task_id", "element_id", "to", "reason"),
    "task_completed": ("task_id", "element_id", "data", "state_sha256"),
    "task_cancelled": ("task_id", "state_sha256"),
    "timer_fired": ("element_id", "task_id", "task_element_id", "due_at", "escalated_to", "state_sha256"),
    "message_received": ("name", "data", "state_sha256"),
    "gateway_taken": ("element_id", "flows", "targets", "state_sha256"),
    "instance_completed": ("state_sha256",),
    "instance_error": ("message", "state_sha256"),
    "instance_migrated": ("from_version", "to_version", "sha256", "reason", "state_sha256"),
    "sensitive_read": ("task_id", "element_id", "fields", "state_sha256"),
}

#: First byte of a sealed history: the format it is written in.
SEGMENT_FORMAT = 1
#: Words that recur in every history, given to zlib as a preset dictionary. Part of format 1: never change.
_ZDICT = ("".join(f'"{t}"' for t in FIELDS) + '"sha256:"T00:00:00+00:00"},{"data":[null,true,false]]'
          ).encode("utf-8")


class HistoryUnreadable(ValueError):
    """A stored payload or sealed history cannot be decoded: it was damaged or altered."""


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def pack_values(type_: str, payload: dict[str, Any]) -> list[Any]:
    fields = FIELDS.get(type_, ())
    mask, values = 0, []
    for bit, key in enumerate(fields):
        if key in payload:
            mask |= 1 << bit
            values.append(payload[key])
    extra = {k: v for k, v in payload.items() if k not in fields}
    if extra:
        mask |= 1 << len(fields)
        values.append(extra)
    return [mask, *values]


def unpack_values(type_: str, packed: Any) -> dict[str, Any]:
    if not isinstance(packed, list) or not packed or not isinstance(packed[0], int) or isinstance(packed[0], bool):
        raise HistoryUnreadable("a stored payload is not in the compact form")
    fields = FIELDS.get(type_, ())
    mask, values = packed[0], iter(packed[1:])
    payload: dict[str, Any] = {}
    try:
        for bit, key in enumerate(fields):
            if mask & (1 << bit):
                payload[key] = next(values)
        if mask & (1 << len(fields)):
            extra = next(values)
            if not isinstance(extra, dict) or set(extra) & set(fields):
                raise HistoryUnreadable("a stored payload has a malformed extra part")
            payload.update(extra)
    except StopIteration:
        raise HistoryUnreadable("a stored payload has fewer values than its mask says") from None
    if mask >> (len(fields) + 1) or next(values, _END) is not _END:
        raise HistoryUnreadable("a stored payload has more values than its mask says")
    return payload


_END = object()


def pack_payload(type_: str, payload: dict[str, Any]) -> str:
    """The text stored in an event row for ``payload``."""
    return _dumps(pack_values(type_, payload))


def unpack_payload(type_: str, text: str) -> dict[str, Any]:
    try:
        packed = json.loads(text)
    except (ValueError, RecursionError):
        raise HistoryUnreadable("a stored payload is not valid JSON") from None
    return unpack_values(type_, packed)


def pack_segment(events: list[tuple[str, str, datetime, dict[str, Any]]]) -> bytes:
    """One compressed blob for ``(type, actor, at, payload)`` of every event, in seq order."""
    rows = [[type_, actor, at.isoformat(), pack_values(type_, payload)] for type_, actor, at, payload in events]
    packer = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, _ZDICT)
    return bytes([SEGMENT_FORMAT]) + packer.compress(_dumps(rows).encode("utf-8")) + packer.flush()


def unpack_segment(blob: bytes, limit: int = 64 * 1024 * 1024) -> list[tuple[str, str, datetime, dict[str, Any]]]:
    """The events of a sealed history; :class:`HistoryUnreadable` when it cannot be read back."""
    if not blob or blob[0] != SEGMENT_FORMAT:
        raise HistoryUnreadable("the sealed history has an unknown format")
    try:
        unpacker = zlib.decompressobj(15, _ZDICT)
        text = unpacker.decompress(blob[1:], limit)
        if unpacker.unconsumed_tail or not unpacker.eof or unpacker.unused_data:
            raise HistoryUnreadable("the sealed history is truncated, too large or has bytes after its end")
        rows = json.loads(text.decode("utf-8"))
    except (zlib.error, ValueError, RecursionError):
        raise HistoryUnreadable("the sealed history cannot be decompressed or decoded") from None
    if not isinstance(rows, list):
        raise HistoryUnreadable("the sealed history is not a list of events")
    out = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 4 and all(isinstance(x, str) for x in row[:3])):
            raise HistoryUnreadable("a sealed event is malformed")
        try:
            at = datetime.fromisoformat(row[2])
        except ValueError:
            raise HistoryUnreadable("a sealed event has an unreadable time") from None
        out.append((row[0], row[1], at, unpack_values(row[0], row[3])))
    return out
