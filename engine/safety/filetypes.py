"""What a document really is, decided by its content (never by its name or the browser's claim).

Only a short list of kinds is accepted: PDF, common images, office documents and plain text.
Everything else, executables and unknown binaries (``application/octet-stream``) included, is refused.
"""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
TEXT = "text/plain"
CSV = "text/csv"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"

#: Every kind a document may be.
ALLOWED = (PDF, "image/png", "image/jpeg", "image/webp", "image/gif", TEXT, CSV,
           DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS, PPT)

_IMAGES = [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
           (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif")]
_OOXML = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
_ODF = {b"application/vnd.oasis.opendocument.text": ODT, b"application/vnd.oasis.opendocument.spreadsheet": ODS}
_OLE_BY_EXTENSION = {"xls": XLS, "ppt": PPT}
_TEXT_CONTROLS = set(range(32)) - {9, 10, 12, 13}


def sniff(content: bytes, filename: str = "") -> str | None:
    """The media type of ``content`` if it is one of :data:`ALLOWED`, else None."""
    if content.startswith(b"%PDF-"):
        return PDF
    for magic, kind in _IMAGES:
        if content.startswith(magic):
            return kind
    if content.startswith(b"RIFF") and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"PK\x03\x04"):
        return _office_zip(content)
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # legacy Office (OLE compound file)
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        return _OLE_BY_EXTENSION.get(extension, DOC)
    return _plain_text(content, filename)


def _office_zip(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            for marker, kind in _OOXML.items():
                if marker in names:
                    return kind
            if "mimetype" in names:
                return _ODF.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _plain_text(content: bytes, filename: str) -> str | None:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) in _TEXT_CONTROLS for ch in text[:65536]):
        return None
    if text.startswith("#!"):  # a script, whatever it is called
        return None
    return CSV if filename.lower().endswith(".csv") else TEXT
