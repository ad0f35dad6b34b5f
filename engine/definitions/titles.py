"""Instance titles and the text the search boxes look in.

A title is typed when the SOP is started, or built by the process's ``instanceTitleTemplate``
(a process-level spiffworkflow property) from the data entered so far, e.g.
``Konflik {jenis_konflik} {lokasi}``: placeholders name form fields (``{a.b}`` reaches into a group);
those not filled in yet are left out, and the title is rebuilt after every step until a person types one.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from sqlalchemy.orm import Session

from ..audit import log as audit
from ..store.models import Instance

SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
TEMPLATE_PROPERTY = "instanceTitleTemplate"
MAX_TITLE = 300
#: the search text keeps this much of the entered values (enough for names, places, numbers)
MAX_SEARCH = 4000
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.]+)\}")


def template_of(root: etree._Element, process_id: str) -> str:
    """The ``instanceTitleTemplate`` of process ``process_id`` in a parsed BPMN tree ("" when none)."""
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        if process.get("id") != process_id:
            continue
        ext = process.find(f"{{{BPMN_NS}}}extensionElements")
        if ext is None:
            return ""
        for prop in ext.iter(f"{{{SPIFF_NS}}}property"):
            if prop.get("name") == TEMPLATE_PROPERTY:
                return (prop.get("value") or "").strip()
    return ""


def render(template: str, data: dict[str, Any]) -> str:
    """``template`` filled from ``data``; "" when none of its placeholders has a value yet."""
    filled = 0

    def value(match: re.Match[str]) -> str:
        nonlocal filled
        current: Any = data
        for part in match.group(1).split("."):
            current = current.get(part) if isinstance(current, dict) else None
        if current is None or current == "" or isinstance(current, (dict, list)):
            return ""
        filled += 1
        return str(current)

    text = re.sub(r"\s+", " ", _PLACEHOLDER.sub(value, template)).strip(" ,-·")
    return text[:MAX_TITLE] if filled else ""


def clean_title(title: str | None) -> str:
    return re.sub(r"\s+", " ", title or "").strip()[:MAX_TITLE]


def _flatten(value: Any) -> list[str]:
    if isinstance(value, str):
        return [] if value.startswith("sha256:") else [value]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [str(value)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flatten(v)]
    if isinstance(value, list):
        return [t for v in value for t in _flatten(v)]
    return []


def placeholders(template: str) -> set[str]:
    """The top-level field names a template uses."""
    return {name.split(".", 1)[0] for name in _PLACEHOLDER.findall(template)}


def refresh(session: Session, inst: Instance, template: str, new_data: Any = None,
            hidden: frozenset[str] = frozenset()) -> None:
    """Bring the title and search text up to date after a step that entered ``new_data``.

    Cheap on long instances: the log is read back only when the step filled one of the template's
    fields (and no person has typed a title); the search text grows by the step's new words.
    Values of ``hidden`` (sensitive) fields are never put into the title or the search text.
    """
    if isinstance(new_data, dict) and hidden:
        new_data = {k: v for k, v in new_data.items() if k not in hidden}
    if template and not inst.title_given and (not isinstance(new_data, dict)
                                              or placeholders(template).intersection(new_data)):
        merged: dict[str, Any] = {}
        for _seq, _type, payload in audit.payloads_of(session, inst.id, ("instance_started", "task_completed")):
            data = payload.get("data") or {}
            if isinstance(data, dict):
                merged.update({k: v for k, v in data.items() if k not in hidden})
        if isinstance(new_data, dict):
            merged.update(new_data)
        inst.title = render(template, merged) or inst.title
    words = (inst.search_text or "").split("\n", 1)[1] if "\n" in (inst.search_text or "") else ""
    for text in _flatten(new_data):
        text = text.strip().lower()
        if text and text not in words:
            words = f"{words} {text}".strip()
    search_text = f"{inst.title.lower()}\n{words}"[:MAX_SEARCH]
    if search_text != inst.search_text:  # an unchanged row is left out of the step's flush
        inst.search_text = search_text
