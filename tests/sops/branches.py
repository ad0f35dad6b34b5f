"""Drive an SOP through every branch of every gateway, as users of each lane's role.

The gateways' conditions (``field == "value"``, ``field == True``) tell which answer takes which flow.
A walk is steered by a plan of answers per gateway; an uncovered flow gets a plan of its own until
every flow out of every exclusive gateway has been taken (or no plan can take it, which fails).
"""

from __future__ import annotations

import ast
import dataclasses
from collections import Counter
from typing import Any

from lxml import etree

from engine import Engine
from engine.forms.formfill import options, sample

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
PDF = b"%PDF-1.4\n% test document\n"


@dataclasses.dataclass
class Flow:
    id: str
    gateway: str
    target: str
    condition: str | None
    default: bool

    def answer(self) -> dict[str, Any]:
        """The field values that make this flow's condition true ({} for a default flow)."""
        return _satisfying(self.condition) if self.condition else {}


def _satisfying(condition: str) -> dict[str, Any]:
    tree = ast.parse(condition, mode="eval").body
    parts = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
    answer: dict[str, Any] = {}
    for part in parts:
        if isinstance(part, ast.Compare) and isinstance(part.left, ast.Name) and len(part.ops) == 1:
            right = part.comparators[0]
            if isinstance(part.ops[0], ast.Eq) and isinstance(right, ast.Constant):
                answer[part.left.id] = right.value
            elif isinstance(part.ops[0], ast.In) and isinstance(right, (ast.List, ast.Tuple)):
                answer[part.left.id] = right.elts[0].value  # type: ignore[attr-defined]
        elif isinstance(part, ast.Name):
            answer[part.id] = True
        elif isinstance(part, ast.UnaryOp) and isinstance(part.op, ast.Not) and isinstance(part.operand, ast.Name):
            answer[part.operand.id] = False
    return answer


def gateway_flows(bpmn_xml: str) -> dict[str, list[Flow]]:
    root = etree.fromstring(bpmn_xml.encode("utf-8"))
    gateways = {g.get("id"): g for g in root.iter(f"{BPMN}exclusiveGateway")}
    flows: dict[str, list[Flow]] = {gid: [] for gid in gateways}
    for f in root.iter(f"{BPMN}sequenceFlow"):
        gid = f.get("sourceRef")
        if gid in gateways:
            cond = f.find(f"{BPMN}conditionExpression")
            flows[gid].append(Flow(f.get("id"), gid, f.get("targetRef"), (cond.text or "").strip() if cond is not None else None,
                                   gateways[gid].get("default") == f.get("id")))
    return {g: fl for g, fl in flows.items() if len(fl) > 1}


class Walker:
    """Walks instances of one process, steering gateways, and checks lanes are enforced on the way."""

    def __init__(self, engine: Engine, process_id: str, users_of_role: dict[str, str]):
        self.engine = engine
        self.process_id = process_id
        self.users = users_of_role
        self.flows = gateway_flows(engine.definition(process_id).bpmn_xml)
        self.taken: Counter[str] = Counter()
        self._ref: str | None = None
        self.checked_wrong_role = 0

    def _attach(self, user: str) -> str:
        # Each user uploads their own copy: only an uploader may put a document into a form.
        return self.engine.attach(PDF, actor=user, filename="bukti.pdf").ref

    def walk(self, target: Flow | None, max_steps: int = 400) -> str:
        """One instance to its end; the first decision that can take ``target`` takes it, every later
        visit of a looping decision takes the way out. Returns the instance id."""
        processes = self.engine.processes()
        start_role = next(p for p in processes if p.id == self.process_id).start_roles[0]
        inst = self.engine.start(self.process_id, actor=self.users[start_role])
        pending_target = target
        seen_answers: Counter[tuple[str, str]] = Counter()
        for _ in range(max_steps):
            open_tasks = self.engine.tasks(instance_id=inst.id)
            if not open_tasks:
                break
            task = open_tasks[0]
            detail = self.engine.task(task.id)
            choices = self._choices(detail.form_schema, pending_target, seen_answers, task.element_id)
            data = sample(detail.form_schema, choices,
                          lambda: self._attach(task.assignee or self.users[task.role]))
            self._check_other_roles_refused(task, data)
            self.engine.complete(task.id, actor=task.assignee or self.users[task.role], data=data)
            if pending_target and pending_target.id in self._flows_taken(inst.id):
                pending_target = None
        else:
            raise AssertionError(f"{self.process_id}: instance {inst.id} did not finish in {max_steps} steps")
        for flow_id in self._flows_taken(inst.id):
            self.taken[flow_id] += 1
        return inst.id

    def _flows_taken(self, instance_id: str) -> list[str]:
        return [f for e in self.engine.history(instance_id) if e.type == "gateway_taken" for f in e.payload["flows"]]

    def _choices(self, schema: dict | None, target: Flow | None, seen: Counter, element: str) -> dict[str, Any]:
        fields = set((schema or {}).get("properties", {}))
        choices: dict[str, Any] = {}
        for flows in self.flows.values():
            exits = [f for f in flows if f.condition]
            for flow in exits:
                for field, value in flow.answer().items():
                    if field in fields and field not in choices:
                        choices[field] = self._exit_value(field, flows, schema)
        if target is not None:
            for needed in self._path_to(target.gateway):
                for field, value in needed.answer().items():
                    if field in fields:
                        choices[field] = value
            answer = target.answer() if target.condition else self._default_answer(target, schema)
            for field, value in answer.items():
                if field in fields and seen[(element, field)] == 0:
                    choices[field] = value
                    seen[(element, field)] += 1
        return choices

    def _path_to(self, gateway: str) -> list[Flow]:
        """Flows of other gateways that must be taken for the walk to reach ``gateway`` at all."""
        needed = []
        for other, flows in self.flows.items():
            if other == gateway:
                continue
            leading = [f for f in flows if self._reaches(f.target, gateway, other)]
            if leading and len(leading) < len(flows):
                conditional = [f for f in leading if f.condition]
                needed.append(conditional[0] if conditional else leading[0])
        return needed

    def _reaches(self, start: str, goal: str, avoid: str) -> bool:
        if not hasattr(self, "_graph"):
            root = etree.fromstring(self.engine.definition(self.process_id).bpmn_xml.encode("utf-8"))
            self._graph: dict[str, list[str]] = {}
            for f in root.iter(f"{BPMN}sequenceFlow"):
                self._graph.setdefault(f.get("sourceRef"), []).append(f.get("targetRef"))
        seen, stack = {avoid}, [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node in seen:
                continue
            seen.add(node)
            stack.extend(self._graph.get(node, []))
        return False

    def _exit_value(self, field: str, flows: list[Flow], schema: dict | None) -> Any:
        """The answer that leaves a decision without looping: the condition of a flow that is not the default."""
        for flow in flows:
            if flow.condition and field in flow.answer() and not flow.default:
                value = flow.answer()[field]
                if str(value).lower() in ("setuju", "true", "ya", "disetujui") or value is True:
                    return value
        for flow in flows:
            if flow.condition and field in flow.answer():
                return flow.answer()[field]
        return None

    def _default_answer(self, target: Flow, schema: dict | None) -> dict[str, Any]:
        """Values that make every other flow's condition false, so the default flow is taken."""
        others = [f for f in self.flows[target.gateway] if f.condition]
        answer: dict[str, Any] = {}
        props = (schema or {}).get("properties", {})
        for flow in others:
            for field, value in flow.answer().items():
                if field not in props:
                    continue
                allowed = options(props[field]) or ([True, False] if props[field].get("type") == "boolean" else [])
                used = {v for f in others for k, v in f.answer().items() if k == field}
                free = [v for v in allowed if v not in used]
                if free:
                    answer[field] = free[0]
        return answer

    def _check_other_roles_refused(self, task, data: dict[str, Any]) -> None:
        from engine import NotAllowed

        for role, user in self.users.items():
            if role == task.role or role in ("admin", "analyst", "auditor"):
                continue
            if task.assignee:
                break
            try:
                self.engine.complete(task.id, actor=user, data=data)
            except NotAllowed:
                self.checked_wrong_role += 1
                return
            raise AssertionError(f"{user} ({role}) completed {task.element_id} of lane {task.lane}")

    def cover_all(self, limit: int = 40) -> list[str]:
        """Walk until every flow out of every exclusive gateway was taken; returns the instances."""
        instances = [self.walk(None)]
        all_flows = [f for flows in self.flows.values() for f in flows]
        tries: Counter[str] = Counter()
        for _ in range(limit):
            missing = [f for f in all_flows if self.taken[f.id] == 0 and tries[f.id] < 2]
            if not missing:
                break
            tries[missing[0].id] += 1
            instances.append(self.walk(missing[0]))
        missing = [f.id for f in all_flows if self.taken[f.id] == 0]
        assert not missing, f"{self.process_id}: flows never taken: {missing}"
        return instances
