"""The auditor's reading of an instance's log: who, entitled by what, changed which data, how fast."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..definitions.deployed import LoadedDefinition
from ..records import EventInfo
from ..forms.attachments import refs_in
from ..spiff import duration_due


def data_diff(before: dict[str, Any], submitted: dict[str, Any]) -> list[dict[str, Any]]:
    """Each submitted field with the value the same step gave it last time (``None`` when new).

    ``before`` is the step's own previous submission (a revision loop), never another step's
    field that happens to share the name: those are different facts.
    """
    return [
        {"field": key, "before": before.get(key), "after": value, "changed": before.get(key) != value}
        for key, value in submitted.items()
    ]


def annotate(events: list[EventInfo], version_of: Any, start_roles_of: Any) -> list[dict[str, Any]]:
    """Enrich each event with the entitling role, the data diff, attachments and time against the standard.

    :param version_of: ``version -> LoadedDefinition`` (instances may have moved between versions).
    :param start_roles_of: ``username -> list of roles`` for the start event's entitlement.
    """
    ready_at: dict[str, datetime] = {}
    element_of: dict[str, str] = {}
    delegated_to: dict[str, tuple[str, str]] = {}
    #: each step's last answer, kept while the process has gone on to other steps since (a revision loop)
    last_by_step: dict[str, dict[str, Any]] = {}
    went_elsewhere: set[str] = set()
    definition: LoadedDefinition | None = None
    rows = []
    for event in events:
        p = event.payload
        if event.type == "instance_started":
            definition = version_of(p.get("version"))
        elif event.type == "instance_migrated":
            definition = version_of(p.get("to_version"))
        row: dict[str, Any] = {**event.to_dict(), "entitled_by": "", "diff": [], "attachments": [],
                               "element_name": "", "time_standard": None, "duration_hours": None, "overdue": None,
                               "entitled_kind": "", "delegated_by": "", "form": None}
        task_id = p.get("task_id")
        element = p.get("element_id") or (element_of.get(task_id) if task_id else None)
        meta = definition.process.user_tasks.get(element) if definition and element else None
        if meta is not None:
            row["element_name"] = meta.name
            row["time_standard"] = meta.due
            if event.type == "task_completed":
                row["form"] = definition.form_schema(element)  # labels for the data it submitted
        role = definition.task_role(element) if definition and meta is not None else ""
        if event.type == "instance_started":
            held = set(start_roles_of(event.actor))
            row["entitled_by"] = ", ".join(sorted(held.intersection(definition.start_roles))) if definition else ""
            row["entitled_kind"] = "role"
            row["diff"] = data_diff({}, p.get("data") or {})
        elif event.type == "task_ready":
            ready_at[task_id] = event.at
            element_of[task_id] = element
        elif event.type == "task_delegated":
            delegated_to[task_id] = (p.get("to", ""), event.actor)
            row["entitled_by"], row["entitled_kind"] = role, "role"
        elif event.type in ("task_claimed", "task_unclaimed"):
            row["entitled_by"], row["entitled_kind"] = role, "role"
        elif event.type == "task_completed":
            to, by = delegated_to.get(task_id, ("", ""))
            row["entitled_by"] = f"delegasi dari {by}" if to == event.actor else role
            row["entitled_kind"], row["delegated_by"] = ("delegation", by) if to == event.actor else ("role", "")
            submitted = p.get("data") or {}
            step = element or ""
            earlier = last_by_step.get(step, {}) if step in went_elsewhere else {}  # not a sibling's answer
            row["diff"] = data_diff(earlier, submitted)
            row["attachments"] = refs_in(submitted)
            last_by_step[step] = submitted
            went_elsewhere = set(last_by_step) - {step}
            if task_id in ready_at:
                took = event.at - ready_at[task_id]
                row["duration_hours"] = round(took.total_seconds() / 3600, 2)
                if meta is not None and meta.due:
                    row["overdue"] = event.at > duration_due(ready_at[task_id], meta.due)
        elif event.type == "timer_fired":
            row["entitled_by"], row["entitled_kind"] = "sistem (waktu standar)", "timer"
        rows.append(row)
    return rows
