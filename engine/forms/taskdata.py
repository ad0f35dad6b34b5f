"""What a task's form opens with: its own earlier answers and the inputs it declares, nothing else.

The workflow keeps one data namespace per instance (gateways read it), but a form never reads it
whole: two steps that happen to use the same field name (``nomor``, ``catatan``, ``lampiran``)
are different facts. A user task's form is filled from

1. what the same task element submitted in an earlier round of this instance (a revision loop): its
   fields again, except choices (a decision is made anew each time); never a sibling's answers (the
   tasks of one multi-instance step are different people's work);
2. the inputs it declares with the ``formInputs`` property (see :func:`parse_inputs`).

An input whose target is a field of the form fills that field; any other input is shown beside
the form as read-only context (the correction note a reviewer wrote, say).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from lxml import etree

SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
PROPERTY = "formInputs"
#: the pseudo-step that stands for the data an instance was started with
START = "start"

_NAME = r"[A-Za-z_][A-Za-z0-9_\-]*"
_ENTRY = re.compile(rf"^(?:(?P<target>{_NAME})\s*=\s*)?(?:(?P<step>{_NAME})\.)?(?P<field>{_NAME})$")


@dataclasses.dataclass(frozen=True)
class Input:
    """One declared input: the value ``field`` recorded by ``step`` ("" = whichever step recorded it last)."""

    target: str
    step: str
    field: str


@dataclasses.dataclass(frozen=True)
class InputValue:
    """A declared input's value as found in this instance, with the step that recorded it."""

    field: str
    value: Any
    step: str
    step_name: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class InputSyntaxError(ValueError):
    pass


def parse_inputs(text: str) -> list[Input]:
    """Parse ``formInputs``: entries separated by commas, each one of

    * ``field``: the value most recently recorded under ``field`` by any step or the start;
    * ``step.field``: the value the user task ``step`` (its element id) last submitted as ``field``;
    * ``target=step.field`` or ``target=field``: the same, put in the form's field ``target``.
    """
    inputs = []
    for raw in (text or "").split(","):
        entry = raw.strip()
        if not entry:
            continue
        match = _ENTRY.match(entry)
        if not match:
            raise InputSyntaxError(f"{entry!r} is not 'field', 'step.field' or 'target=step.field'")
        inputs.append(Input(match["target"] or match["field"], match["step"] or "", match["field"]))
    return inputs


def declared_inputs(root: etree._Element) -> dict[str, list[Input]]:
    """element id -> declared inputs, for every user task of a document (bad entries are left out;
    the checker reports them)."""
    found: dict[str, list[Input]] = {}
    for task in root.iter(f"{{{BPMN}}}userTask"):
        for prop in task.iter(f"{{{SPIFF}}}property"):
            if prop.get("name") == PROPERTY:
                try:
                    found[task.get("id", "")] = parse_inputs(prop.get("value", ""))
                except InputSyntaxError:
                    continue
    return found


class Submission(NamedTuple):
    seq: int
    step: str
    data: dict[str, Any]


def submissions(events: Iterable[Any]) -> list[Submission]:
    """What the start and every completed task recorded, in the order of the log.

    ``events`` are audit events (``seq``, ``type`` and ``payload``; the payload may still be JSON text).
    """
    out = []
    for event in events:
        payload = event.payload if isinstance(event.payload, Mapping) else json.loads(event.payload)
        if event.type == "instance_started":
            out.append(Submission(event.seq, START, dict(payload.get("data") or {})))
        elif event.type == "task_completed":
            out.append(Submission(event.seq, payload.get("element_id") or "", dict(payload.get("data") or {})))
    return out


def earlier_round(element_id: str, recorded: list[Submission], ready_seq: int | None) -> dict[str, Any]:
    """What this task element submitted in an earlier round: the process went on to other steps and came
    back (a revision loop). A sibling of the same element (one task per Kanit, one after another or side
    by side) is another person's work, not an earlier round: its answers are not offered."""
    before = [s for s in recorded if ready_seq is None or s.seq < ready_seq]
    own = [s for s in before if s.step == element_id]
    if not own:
        return {}
    last = own[-1]
    went_elsewhere = any(s.step not in (element_id, START) and s.seq > last.seq for s in before)
    return last.data if went_elsewhere else {}


def _is_choice(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if "enum" in schema or "const" in schema:
        return True
    return any(isinstance(schema.get(k), list) and schema[k]
               and all(isinstance(o, Mapping) and "const" in o for o in schema[k]) for k in ("oneOf", "anyOf"))


def form_values(element_id: str, schema: Mapping[str, Any] | None, inputs: list[Input],
                recorded: list[Submission], step_names: Mapping[str, str], ready_seq: int | None = None
                ) -> tuple[dict[str, Any], list[InputValue]]:
    """(values the form opens with, read-only inputs to show beside it) for one open task.

    :param recorded: :func:`submissions` of the instance so far.
    :param ready_seq: the log position where this task became ready.
    """
    props: Mapping[str, Any] = (schema or {}).get("properties") or {}
    own = earlier_round(element_id, recorded, ready_seq)
    values = {k: v for k, v in own.items() if k in props and not _is_choice(props[k])}
    shown: list[InputValue] = []
    for wanted in inputs:
        found = _latest(recorded, wanted)
        if found is None:
            continue
        step, value = found
        if wanted.target in props:
            values.setdefault(wanted.target, value)
        else:
            shown.append(InputValue(wanted.target, value, step, step_names.get(step, step)))
    return values, shown


def _latest(recorded: list[Submission], wanted: Input) -> tuple[str, Any] | None:
    for _, step, data in reversed(recorded):
        if wanted.step and step != wanted.step:
            continue
        if wanted.field in data:
            return step, data[wanted.field]
        if wanted.step:
            return None  # that step's last answer left the field empty: an older answer is stale
    return None
