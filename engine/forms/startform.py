"""The start form of a process: what data an instance may be started with.

A start event may declare a form (``formJsonSchemaFilename``, like a user task); start data is
validated against it. A process without one starts with no data at all: an empty object. Without
this rule anyone allowed to start a process could put anything, of any size, into its history.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from . import schemas as forms
from ..errors import InvalidInput

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"


def declared(root: etree._Element) -> dict[str, str]:
    """``process id -> form path`` for each process whose start event declares a form."""
    found: dict[str, str] = {}
    for process in root.iter(f"{{{BPMN}}}process"):
        for start in process.iter(f"{{{BPMN}}}startEvent"):
            path = form_path(start)
            if path and process.get("id"):
                found.setdefault(process.get("id"), path)
    return found


def form_path(element: etree._Element) -> str | None:
    for prop in element.iter(f"{{{SPIFF}}}property"):
        if prop.get("name") == "formJsonSchemaFilename" and prop.get("value"):
            return prop.get("value")
    return None


def validate(schema_text: str | None, data: Any) -> None:
    """Refuse start ``data`` its process does not ask for.

    :raises FormInvalid: when the data does not match the declared start form.
    :raises InvalidInput: when the process declares none and the data is not empty.
    """
    if schema_text is None:
        if data not in (None, {}):
            raise InvalidInput("this process takes no start data: send an empty object")
        return
    forms.validate(schema_text, {} if data is None else data)
