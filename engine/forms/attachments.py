"""Documents attached to forms, stored once by their sha256."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..safety import filetypes
from ..config import Settings
from ..errors import InvalidInput, NotFound, TooLarge
from ..records import AttachmentInfo
from ..store.models import Attachment, AttachmentUpload, Event

def refs_in(value: Any) -> list[str]:
    """Every ``sha256:`` attachment reference inside submitted form data, in order."""
    if isinstance(value, str):
        return [value] if value.startswith("sha256:") and len(value) == 71 else []
    if isinstance(value, dict):
        return [r for v in value.values() for r in refs_in(v)]
    if isinstance(value, list):
        return [r for v in value for r in refs_in(v)]
    return []


def sniff_media_type(content: bytes, filename: str, declared: str | None = None) -> str | None:
    """The media type of ``content`` judged by its bytes (``declared`` is ignored: browsers guess)."""
    return filetypes.sniff(content, safe_filename(filename))


def safe_filename(name: str) -> str:
    """The last path part of ``name``, without control characters: never a path."""
    base = (name or "").replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    base = base.strip(" .")
    return base[:200] or "lampiran"


def store(
    session: Session, settings: Settings, content: bytes, actor: str, now: datetime,
    filename: str = "", media_type: str | None = None,
) -> AttachmentInfo:
    if len(content) > settings.max_attachment_bytes:
        raise TooLarge(f"attachment is {len(content)} bytes; the limit is {settings.max_attachment_bytes} bytes")
    if not content:
        raise InvalidInput("attachment is empty")
    kind = sniff_media_type(content, filename, media_type)
    if kind is None or kind not in settings.allowed_media_types:
        raise InvalidInput("this kind of file is not accepted: send a PDF, an image, an office document or plain text")
    digest = hashlib.sha256(content).hexdigest()
    row = session.get(Attachment, digest)
    if row is None:
        row = Attachment(
            sha256=digest, size=len(content), media_type=kind, filename=safe_filename(filename),
            content=content, uploaded_by=actor, uploaded_at=now,
        )
        session.add(row)
        session.flush()
    if session.get(AttachmentUpload, (digest, actor)) is None:
        session.add(AttachmentUpload(sha256=digest, username=actor, uploaded_at=now))
        session.flush()
    return info(row)


def info(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(
        ref=f"sha256:{row.sha256}", size=row.size, media_type=row.media_type, filename=row.filename,
        uploaded_by=row.uploaded_by, uploaded_at=row.uploaded_at,
    )


def digest_of(ref: str) -> str:
    if not isinstance(ref, str) or not ref.startswith("sha256:") or len(ref) != 71:
        raise NotFound(f"not an attachment reference: {ref!r}")
    return ref[len("sha256:"):]


def load(session: Session, ref: str) -> tuple[AttachmentInfo, bytes]:
    row = session.get(Attachment, digest_of(ref))
    if row is None:
        raise NotFound(f"no attachment {ref}")
    return info(row), row.content


def unusable(session: Session, refs: list[str], actor: str, instance_id: str) -> list[str]:
    """The refs ``actor`` may not put into a form of ``instance_id``.

    A reference is a capability: usable only by someone who uploaded the document, or when the
    instance already holds it. Knowing a document's hash is not enough. Unknown and forbidden
    refs are reported alike, so nobody learns whether a document exists.
    """
    refs = list(dict.fromkeys(refs))
    if not refs:
        return []
    digests = {digest_of(r): r for r in refs}
    mine = set(session.scalars(select(AttachmentUpload.sha256).where(
        AttachmentUpload.sha256.in_(list(digests)), AttachmentUpload.username == actor)))
    refused = []
    for digest, ref in digests.items():
        if digest in mine:
            continue
        if instance_id not in instances_holding(session, ref, instance_id):
            refused.append(ref)
    return refused


def uploaded_by(session: Session, ref: str, username: str) -> bool:
    try:
        return session.get(AttachmentUpload, (digest_of(ref), username)) is not None
    except NotFound:
        return False


def instances_holding(session: Session, ref: str, only: str | None = None) -> set[str]:
    """Instances (or just ``only``) whose form data holds ``ref`` as a value, not merely inside a text."""
    from ..audit import eventcodec, sealing

    found = set()
    query = select(Event.instance_id, Event.type, Event.payload).where(
        Event.type.in_(("task_completed", "instance_started")), Event.payload.contains(ref))
    rows = session.execute(query.where(Event.instance_id == only) if only else query)
    for instance_id, type_, payload in rows:
        try:
            data = eventcodec.unpack_payload(type_, payload).get("data")
        except eventcodec.HistoryUnreadable:
            continue
        if ref in refs_in(data):
            found.add(instance_id)
    try:
        found |= sealing.holding(session, digest_of(ref), only)
    except NotFound:
        pass
    return found


def names(session: Session, refs: list[str]) -> dict[str, str]:
    """{ref: file name} for the references that exist, reading no file content."""
    digests = {r[len("sha256:"):]: r for r in refs if isinstance(r, str) and r.startswith("sha256:") and len(r) == 71}
    if not digests:
        return {}
    rows = session.execute(select(Attachment.sha256, Attachment.filename).where(Attachment.sha256.in_(list(digests))))
    return {digests[digest]: filename for digest, filename in rows if filename}


def missing(session: Session, refs: list[str]) -> list[str]:
    digests = {digest_of(r): r for r in refs}
    if not digests:
        return []
    found = set(session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(list(digests)))))
    return [ref for d, ref in digests.items() if d not in found]


def integrity_problem(session: Session, ref: str) -> str | None:
    """Why the stored document behind ``ref`` cannot be trusted, or None when it is intact."""
    try:
        digest = digest_of(ref)
    except NotFound:
        return f"{ref!r} is not an attachment reference"
    row = session.get(Attachment, digest)
    if row is None:
        return f"attachment {ref} is missing"
    if hashlib.sha256(row.content).hexdigest() != digest or len(row.content) != row.size:
        return f"attachment {ref} was altered: its content no longer matches its sha256"
    return None
