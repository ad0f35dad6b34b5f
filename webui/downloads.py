"""Sending stored documents: always as a download, with a name any browser and any server can carry."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import quote

from flask import Response


def content_disposition(filename: str, fallback: str = "lampiran", disposition: str = "attachment") -> str:
    """``attachment`` with an ASCII ``filename=`` and the exact name as RFC 5987 ``filename*=``.

    HTTP headers are Latin-1: a raw "Laporan – final.pdf" or "文件.pdf" breaks the response (a 500
    under gunicorn), so the real name travels percent-encoded in UTF-8.
    """
    name = filename or fallback
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(ch for ch in ascii_name if ch.isprintable() and ch not in '"\\;').strip() or fallback
    if "." in name and "." not in ascii_name:
        ascii_name = fallback + name[name.rindex("."):].encode("ascii", "ignore").decode("ascii")
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


#: types a browser may show in place for a preview (still sandboxed, never run)
PREVIEWABLE = ("application/pdf", "image/jpeg", "image/png", "image/webp", "text/plain")


def document_response(info: Any, content: bytes, inline: bool = False) -> Response:
    """The document as a download; ``inline`` opens a previewable one (PDF, picture, text) in the browser."""
    response = Response(content, mimetype=info.media_type)
    disposition = "inline" if inline and info.media_type in PREVIEWABLE else "attachment"
    response.headers["Content-Disposition"] = content_disposition(info.filename, disposition=disposition)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
