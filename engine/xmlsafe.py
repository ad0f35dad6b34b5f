"""Parsing untrusted XML (BPMN uploads) without entities, DTDs or network access."""

from __future__ import annotations

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
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as e:
        line = e.position[0] if e.position else None
        raise UnsafeXml(f"not well-formed XML: {e.msg}", line) from None
    if tree.docinfo.doctype:
        raise UnsafeXml("documents with a DOCTYPE declaration are refused")
    return tree
