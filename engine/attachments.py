"""Documents attached to forms, stored once by their sha256."""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .config import Settings
from .errors import InvalidInput, NotFound, TooLarge
from .records import AttachmentInfo
from .store.models import Attachment

# Leading bytes that identify the types we accept, so a renamed executable is not taken for a PDF.
_MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"RIFF", "image/webp"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0", "application/x-ole"),
]


def refs_in(value: Any) -> list[str]:
    """Every ``sha256:`` attachment reference inside submitted form data, in order."""
    if isinstance(value, str):
        return [value] if value.startswith("sha256:") and len(value) == 71 else []
    if isinstance(value, dict):
        return [r for v in value.values() for r in refs_in(v)]
    if isinstance(value, list):
        return [r for v in value for r in refs_in(v)]
    return []


def sniff_media_type(content: bytes, filename: str, declared: str | None) -> str:
    """The media type of ``content``: from its leading bytes, the name, or the declared type."""
    guessed = declared or mimetypes.guess_type(filename or "")[0] or "application/octet-stream"
    for magic, kind in _MAGIC:
        if content.startswith(magic):
            if kind == "application/zip" and guessed.startswith("application/vnd.openxmlformats"):
                return guessed  # .docx / .xlsx are zip files
            if kind == "application/x-ole" and guessed in ("application/msword", "application/vnd.ms-excel"):
                return guessed
            if kind == "image/webp" and content[8:12] != b"WEBP":
                continue
            return kind
    if guessed.startswith("text/"):
        try:
            content.decode("utf-8")
            return guessed
        except UnicodeDecodeError:
            return "application/octet-stream"
    return guessed


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
    if kind not in settings.allowed_media_types:
        raise InvalidInput(f"files of type {kind} are not accepted")
    digest = hashlib.sha256(content).hexdigest()
    row = session.get(Attachment, digest)
    if row is None:
        row = Attachment(
            sha256=digest, size=len(content), media_type=kind, filename=safe_filename(filename),
            content=content, uploaded_by=actor, uploaded_at=now,
        )
        session.add(row)
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
