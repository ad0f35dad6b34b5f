"""Camunda-flavoured BPMN (also Zeebe, Activiti and Flowable): say what sopflow uses instead.

Whatever decides who may act (assignee, candidate groups and users, starter groups, task listeners)
is an error, because ignoring it silently would hand the work to someone else; forms and other
engine settings are warnings. Only executable processes are looked at.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ..spiff import expressions
from . import support

VENDORS = {
    "http://camunda.org/schema/1.0/bpmn": "camunda",
    "http://camunda.org/schema/zeebe/1.0": "zeebe",
    "http://activiti.org/bpmn": "activiti",
    "http://flowable.org/bpmn": "flowable",
}
#: attributes and elements that decide who may act or start
WHO = {"assignee", "candidateGroups", "candidateUsers", "candidateStarterGroups", "candidateStarterUsers",
       "taskListener", "assignmentDefinition", "initiator"}
FORMS = {"formKey", "formRef", "formField", "formData", "formDefinition", "userTaskForm"}
LANES = "in sopflow the lane decides who may act: put the task in the lane of that role (processes/roles.toml)"
FORM_INSTEAD = ("sopflow forms are JSON Schema files named by the spiffworkflow property formJsonSchemaFilename "
                "(forms/…)")
LANES_ID = "di sopflow lajur yang menentukan siapa yang bertindak: letakkan tugas di lajur peran itu (processes/roles.toml)"
FORM_ID = "formulir sopflow adalah berkas JSON Schema yang disebut di properti spiffworkflow formJsonSchemaFilename"

#: add(element, english, indonesian, severity)
Add = Callable[[etree._Element, str, str, str], None]


def _owner(el: etree._Element) -> etree._Element:
    """The nearest BPMN element with an id around a vendor element: what a modeler can find."""
    node = el
    while node is not None and not (node.get("id") and etree.QName(node).namespace == support.BPMN):
        node = node.getparent()
    return node if node is not None else el


def check(root: etree._Element, add: Add) -> None:
    said: set[tuple[str | None, int | None, str]] = set()

    def once(el: etree._Element, english: str, indonesian: str, severity: str) -> None:
        key = (el.get("id"), el.sourceline, english)
        if key not in said:
            said.add(key)
            add(el, english, indonesian, severity)

    _check(root, once)


def _check(root: etree._Element, add: Add) -> None:
    for process in support.executable_processes(root):
        for el in process.iter():
            if not isinstance(el.tag, str):
                continue
            qname = etree.QName(el)
            if qname.namespace in VENDORS:
                _element(el, VENDORS[qname.namespace], qname.localname, add)
                continue
            others = []
            for attr, value in el.attrib.items():
                aname = etree.QName(attr)
                if aname.namespace not in VENDORS:
                    continue
                written = f"{VENDORS[aname.namespace]}:{aname.localname}"
                if aname.localname in WHO:
                    add(el, f'{written}="{value}" is not used: {LANES}',
                        f'{written}="{value}" tidak dipakai: {LANES_ID}', "error")
                elif aname.localname in FORMS:
                    add(el, f'{written}="{value}" is not used: {FORM_INSTEAD}',
                        f'{written}="{value}" tidak dipakai: {FORM_ID}', "warning")
                else:
                    others.append(written)
            if others:
                names = ", ".join(others)
                add(el, f"{names}: not used by sopflow (ignored)", f"{names}: tidak dipakai sopflow (diabaikan)",
                    "warning")


def _element(el: etree._Element, vendor: str, kind: str, add: Add) -> None:
    parent = el.getparent()
    if parent is None or etree.QName(parent).namespace in VENDORS:
        return  # only the outermost vendor element is reported
    written = f"{vendor}:{kind}"
    owner = _owner(el)
    if kind in WHO:
        add(owner, f"{written} is not run: {LANES}", f"{written} tidak dijalankan: {LANES_ID}", "error")
    elif kind in FORMS:
        add(owner, f"{written} is not used: {FORM_INSTEAD}", f"{written} tidak dipakai: {FORM_ID}", "warning")
    else:
        add(owner, f"{written} is not run by sopflow (ignored)", f"{written} tidak dijalankan sopflow (diabaikan)",
            "warning")


def juel_hint(text: str) -> tuple[str, str] | None:
    """For a Camunda JUEL (``${…}``) or Zeebe FEEL (``= …``) condition: what it is and the nearest
    sopflow condition (English, Indonesian); None for anything else."""
    stripped = text.strip()
    if stripped[:2] in ("${", "#{") and stripped.endswith("}"):
        kind, kind_id, body = "a Camunda JUEL expression", "ekspresi JUEL Camunda", stripped[2:-1].strip()
    elif stripped.startswith("="):
        kind, kind_id, body = "a Zeebe FEEL expression", "ekspresi FEEL Zeebe", stripped[1:].strip()
    else:
        return None
    guess = (body.replace("&&", " and ").replace("||", " or ").replace("!=", "≠").replace("!", "not ")
             .replace("≠", "!=").replace(" eq ", " == ").replace(" ne ", " != "))
    guess = " ".join(guess.split())
    if stripped.startswith("=") and "==" not in guess:
        guess = guess.replace(" = ", " == ")
    try:
        expressions.check(guess)
        example, example_id = f", e.g. {guess}", f", mis. {guess}"
    except expressions.ExpressionError:
        example, example_id = " with ==, !=, <, >, and, or, not", " dengan ==, !=, <, >, and, or, not"
    return (f"{stripped!r} is {kind}, which sopflow does not run: write the condition over form fields{example}",
            f"{stripped!r} adalah {kind_id}, yang tidak dijalankan sopflow: tulis syaratnya atas isian formulir"
            f"{example_id}")
