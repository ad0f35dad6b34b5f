"""Decisions that an earlier step could make by accident.

Gateways read the instance's one data namespace. If the step just before a gateway may leave the field
its condition reads empty (the field is in its form but not required), an earlier step's answer of the
same name decides instead: a warning, with the fix (make the field required).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

from lxml import etree

from ..spiff import expressions
from . import support

BPMN = support.BPMN
Add = Callable[[etree._Element, str, str], None]


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def condition_names(text: str) -> set[str]:
    try:
        tree = expressions.parse(text)
    except expressions.ExpressionError:
        return set()
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - called


def check(root: etree._Element, task_forms: Mapping[str, Any], add: Add) -> None:
    """:param task_forms: user task element id -> its form's JSON Schema."""
    for process in support.executable_processes(root):
        scopes = [process, *process.iter(f"{{{BPMN}}}subProcess")]
        for scope in scopes:
            _check_scope(scope, task_forms, add)


def _check_scope(scope: etree._Element, task_forms: Mapping[str, Any], add: Add) -> None:
    nodes = {el.get("id"): el for el in scope if isinstance(el.tag, str) and el.get("id")}
    incoming: dict[str, list[str]] = {}
    flows = scope.findall(f"{{{BPMN}}}sequenceFlow")
    for f in flows:
        incoming.setdefault(f.get("targetRef"), []).append(f.get("sourceRef"))
    for gateway_id, gateway in nodes.items():
        if _local(gateway) not in ("exclusiveGateway", "inclusiveGateway"):
            continue
        names: set[str] = set()
        for f in flows:
            cond = f.find(f"{{{BPMN}}}conditionExpression")
            if f.get("sourceRef") == gateway_id and cond is not None:
                names |= condition_names(cond.text or "")
        for task_id in _tasks_before(gateway_id, nodes, incoming):
            schema = task_forms.get(task_id) or {}
            props, required = schema.get("properties") or {}, set(schema.get("required") or [])
            for name in sorted(names & set(props) - required):
                add(gateway, f"gateway {gateway_id!r} decides on {name!r}, which the form of {task_id!r} does not "
                             f"require: left empty, an earlier step's {name!r} would decide; make it required",
                    f"gerbang {gateway_id!r} memutuskan atas {name!r} yang tidak wajib di formulir {task_id!r}: bila "
                    f"kosong, {name!r} dari langkah sebelumnya yang memutuskan; jadikan wajib")


def _tasks_before(node_id: str, nodes: Mapping[str, etree._Element], incoming: Mapping[str, list[str]]) -> list[str]:
    """The user tasks whose completion leads to ``node_id`` through gateways and events only."""
    found, seen, stack = [], set(), list(incoming.get(node_id, []))
    while stack:
        current = stack.pop()
        if current in seen or current not in nodes:
            continue
        seen.add(current)
        kind = _local(nodes[current])
        if kind == "userTask":
            found.append(current)
        elif kind.endswith("Gateway") or kind.endswith("Event"):
            stack.extend(incoming.get(current, []))
    return sorted(found)
