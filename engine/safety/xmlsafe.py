"""Parsing untrusted XML (BPMN uploads) without entities, DTDs or network access."""

from __future__ import annotations

import re

from lxml import etree

#: BPMN files above this size are refused before parsing.
MAX_XML_BYTES = 5 * 1024 * 1024


class UnsafeXml(ValueError):
    """The document is too large, declares a DTD, or is not well-formed XML."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def safe_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entity, loads no DTD and touches no network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse_xml(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    """Parse ``data`` as XML, refusing anything that could expand or reach outside.

    A document type declaration is refused outright: BPMN never needs one, and it is the door
    for entity expansion (billion laughs) and external entities (XXE).

    :raises UnsafeXml: with a plain message (and the line, when known).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise UnsafeXml(f"file is {len(data)} bytes; the limit is {max_bytes} bytes")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnsafeXml("documents with a DOCTYPE or ENTITY declaration are refused")
    data = _encode_spaced_namespaces(data)
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as e:
        line = e.position[0] if e.position else None
        raise UnsafeXml(f"not well-formed XML: {e.msg}", line) from None
    except (LookupError, ValueError) as e:  # an encoding lxml does not know, or text that is not in it
        raise UnsafeXml(f"the file's declared encoding cannot be read: {e}") from None
    if tree.docinfo.doctype:
        raise UnsafeXml("documents with a DOCTYPE declaration are refused")
    return tree


#: a namespace declaration whose URI holds white space (some modelers write ``http://x/some path``)
_SPACED_NS = re.compile(rb"""(xmlns(?::[A-Za-z_][\w.\-]*)?\s*=\s*)(["'])([^"'<>]*\s[^"'<>]*)\2""")


def _encode_spaced_namespaces(data: bytes) -> bytes:
    """Write spaces in namespace URIs as %20, which libxml2 accepts: a namespace is only a name, so
    the document means the same (no BPMN or engine namespace has a space), and every line stays put."""
    if not _SPACED_NS.search(data):
        return data
    return _SPACED_NS.sub(lambda m: m[1] + m[2] + re.sub(rb"\s", b"%20", m[3]) + m[2], data)


def to_text(data: bytes) -> str:
    """The document as text, decoded with the encoding it declares, its declaration saying UTF-8 so
    that the text, stored and encoded as UTF-8, parses to the same document."""
    tree = etree.ElementTree(etree.fromstring(_encode_spaced_namespaces(data), safe_parser()))
    encoding = tree.docinfo.encoding or "UTF-8"
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    return re.sub(r"""^(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""", r"\1\2UTF-8\2", text, count=1)
