"""Signed checkpoints: the heads of every instance's hash chain, signed with a key the database never holds.

Each instance's log is a hash chain, but whoever can write the database can change an event and
recompute every hash after it; the chain then looks intact. A checkpoint records, for every
instance, how many events its chain had and the hash of the last one, and signs that with an
Ed25519 key kept outside the database. A later rewrite of anything a checkpoint covers changes a
head, and without the private key no new matching checkpoint can be made.

The key: ``SOPFLOW_CHECKPOINT_KEY_FILE`` (a PEM file, made by ``sopflow checkpoint --new-key FILE``)
or ``SOPFLOW_CHECKPOINT_KEY`` (the PEM text). Verifiers that must not hold the private key set
``SOPFLOW_CHECKPOINT_PUBLIC_KEY`` (64 hex digits) instead.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from . import log as audit
from .log import canonical_json
from ..errors import InvalidInput, NotFound
from ..store.models import Checkpoint, Event, EventSegment, Instance

log = logging.getLogger(__name__)


# -- keys ---------------------------------------------------------------------------------------------


def new_key_file(path: Path) -> str:
    """Write a new private key (PEM, mode 600) to ``path``; returns its public key in hex."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return public_hex(key.public_key())


def private_key(env: Mapping[str, str] = os.environ) -> Ed25519PrivateKey | None:
    text = env.get("SOPFLOW_CHECKPOINT_KEY")
    if not text and env.get("SOPFLOW_CHECKPOINT_KEY_FILE"):
        text = Path(env["SOPFLOW_CHECKPOINT_KEY_FILE"]).read_text()
    if not text:
        return None
    key = serialization.load_pem_private_key(text.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput("the checkpoint key must be an Ed25519 key")
    return key


def public_key(env: Mapping[str, str] = os.environ) -> Ed25519PublicKey | None:
    """The key checkpoints are verified with: configured explicitly, or that of the private key."""
    if env.get("SOPFLOW_CHECKPOINT_PUBLIC_KEY"):
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(env["SOPFLOW_CHECKPOINT_PUBLIC_KEY"].strip()))
    key = private_key(env)
    return key.public_key() if key else None


def public_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


# -- writing ---------------------------------------------------------------------------------------------


def heads(session: Any) -> dict[str, list[Any]]:
    """``instance id -> [event count, hash of the last event]`` for every instance, read from the events."""
    rows = session.execute(
        select(Instance.id, Instance.event_count, Event.hash, EventSegment.head)
        .outerjoin(Event, (Event.instance_id == Instance.id) & (Event.seq == Instance.event_count))
        .outerjoin(EventSegment, (EventSegment.instance_id == Instance.id)
                   & (EventSegment.event_count == Instance.event_count))
    ).all()
    return {instance_id: [count, (last or sealed or b"").hex()] for instance_id, count, last, sealed in rows}


def create(db: Any, key: Ed25519PrivateKey, now: datetime) -> dict[str, Any]:
    """Sign the heads of all chains and store the checkpoint; returns it in its exportable form."""
    with db.transaction() as session:
        body = canonical_json({"created_at": now.isoformat(), "heads": heads(session)})
        row = Checkpoint(created_at=now, body=body, public_key=public_hex(key.public_key()),
                         signature=base64.b64encode(key.sign(body.encode("utf-8"))).decode("ascii"))
        session.add(row)
        session.flush()
        return exported(row)


def exported(row: Checkpoint) -> dict[str, Any]:
    return {"id": row.id, "created_at": row.created_at.isoformat(), "body": row.body,
            "signature": row.signature, "public_key": row.public_key}


def all_exported(db: Any) -> list[dict[str, Any]]:
    with db.reading() as session:
        return [exported(r) for r in session.scalars(select(Checkpoint).order_by(Checkpoint.id))]


def latest(db: Any) -> dict[str, Any] | None:
    with db.reading() as session:
        row = session.scalars(select(Checkpoint).order_by(Checkpoint.id.desc()).limit(1)).first()
        return exported(row) if row else None


# -- checking --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Report:
    """How the database compares with one checkpoint."""

    checkpoint_id: int | None
    created_at: str
    signature_ok: bool
    #: instance id -> what changed since the checkpoint
    changed: dict[str, str]
    covered: int
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.signature_ok and not self.changed and not self.problem

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "ok": self.ok}


def check(db: Any, checkpoint: Mapping[str, Any], key: Ed25519PublicKey) -> Report:
    """Compare every chain with ``checkpoint`` (from the database or an exported copy), signature first."""
    ident, created = checkpoint.get("id"), str(checkpoint.get("created_at", ""))
    try:
        key.verify(base64.b64decode(checkpoint["signature"]), str(checkpoint["body"]).encode("utf-8"))
        covered_heads = json.loads(checkpoint["body"])["heads"]
    except (InvalidSignature, KeyError, ValueError, TypeError):
        return Report(ident, created, False, {}, 0, "the checkpoint's signature is not valid for the configured key")
    changed: dict[str, str] = {}
    with db.reading() as session:
        for instance_id, (count, head) in sorted(covered_heads.items()):
            at = audit.hash_at(session, instance_id, count)
            if session.get(Instance, instance_id) is None:
                changed[instance_id] = f"the instance was deleted since checkpoint {ident}"
            elif at is None:
                changed[instance_id] = f"its log lost events since checkpoint {ident} (it had {count})"
            elif at != head:
                changed[instance_id] = (f"its log was rewritten since checkpoint {ident}: "
                                        f"event {count} no longer has the signed hash")
    return Report(ident, created, True, changed, len(covered_heads))


def check_latest(db: Any, env: Mapping[str, str] = os.environ) -> Report | None:
    """The database against its newest checkpoint; None when no key is configured."""
    key = public_key(env)
    if key is None:
        return None
    found = latest(db)
    if found is None:
        return Report(None, "", True, {}, 0, "no checkpoint has been written yet (sopflow checkpoint)")
    return check(db, found, key)


def load_exported(path: Path) -> dict[str, Any]:
    """The newest checkpoint in an exported file (one checkpoint, or a list of them)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise NotFound(f"cannot read checkpoint file {path}: {e}") from None
    if isinstance(data, list):
        data = data[-1] if data else None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path} holds no checkpoint")
    return data


# -- at intervals --------------------------------------------------------------------------------------------


def periodic(db: Any, clock_now: Callable[[], datetime], fire: Callable[[], Any],
             env: Mapping[str, str] = os.environ, monotonic: Callable[[], float] = time.monotonic) -> Callable[[], Any]:
    """``fire`` (the timer sweep) followed, every ``SOPFLOW_CHECKPOINT_INTERVAL`` seconds (default 3600),
    by a new checkpoint when a key is configured."""
    interval = float(env.get("SOPFLOW_CHECKPOINT_INTERVAL", "3600"))
    state = {"last": None}

    def sweep() -> Any:
        result = fire()
        if interval > 0 and (state["last"] is None or monotonic() - state["last"] >= interval):
            try:
                key = private_key(env)
                if key is not None:
                    create(db, key, clock_now())
            except Exception:  # a missing key file must not stop the timers
                log.exception("writing a checkpoint failed")
            state["last"] = monotonic()
        return result

    return sweep
