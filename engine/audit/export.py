"""Event logs for process mining: XES (IEEE 1849), CSV (one row per event) and OCEL 2.0 JSON.

Task lifecycles map to XES transitions: task_ready -> schedule, task_claimed -> assign,
task_delegated -> reassign, task_completed -> complete. There is no separate ``start``: staff open a
task's form and submit it in one step, so the work starts and ends with the completion.
Timestamps are written in the deployment's zone with their offset (2026-03-02T15:00:00+07:00): the
same instant as the stored UTC, readable as local time.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lxml import etree

from ..safety import csvsafe
from ..core import Engine
from ..forms.attachments import refs_in
from ..safety.bounds import StoredDataUnreadable
from ..spiff import duration_due
from ..zones import to_local

LIFECYCLE = {"task_ready": "schedule", "task_claimed": "assign", "task_delegated": "reassign",
             "task_completed": "complete"}
COLUMNS = ["instance_id", "process_id", "version", "seq", "event_type", "activity", "element_id", "task_id",
           "timestamp", "resource", "role", "lane", "lifecycle", "time_standard", "time_standard_hours", "overdue",
           "documents", "instance_title"]


def _hours(iso: str | None) -> float | None:
    if not iso:
        return None
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return round((duration_due(start, iso) - start).total_seconds() / 3600, 2)


def events(engine: Engine, process_id: str | None = None, since: datetime | None = None,
           until: datetime | None = None, zone: str | None = None, viewer: str | None = None,
           unit: str | None = None) -> list[dict[str, Any]]:
    """One record per task lifecycle event, with the step's name, role, lane and time standard.

    :param zone: the zone timestamps are given in (the deployment's when not given).
    """
    zone = zone or engine.settings.timezone
    out: list[dict[str, Any]] = []
    for inst in engine.instances(process_id=process_id, limit=10**9, viewer=viewer, unit=unit):
        tasks = {t.id: t for t in engine.tasks(instance_id=inst.id, all_states=True)}
        standards, names = _steps(engine, inst.process_id)
        ready_at: dict[str, datetime] = {}
        try:
            history = engine.history(inst.id)
        except StoredDataUnreadable:  # rows written around the engine: `sopflow verify` names them
            continue
        for event in history:
            if event.type not in LIFECYCLE:
                continue
            task_id = event.payload.get("task_id", "")
            task = tasks.get(task_id)
            element = event.payload.get("element_id") or (task.element_id if task else "")
            standard = standards.get(element)
            if event.type == "task_ready":
                ready_at[task_id] = event.at
            overdue = False
            if standard and task_id in ready_at:
                due = duration_due(ready_at[task_id], standard)
                overdue = event.at > due if event.type == "task_completed" else bool(task and task.overdue)
            if (since and event.at < since) or (until and event.at > until):
                continue
            out.append({
                "instance_id": inst.id, "process_id": inst.process_id, "version": inst.version, "seq": event.seq,
                "event_type": event.type, "activity": task.name if task else names.get(element, element), "element_id": element,
                "task_id": task_id, "timestamp": to_local(event.at, zone), "resource": event.actor,
                "role": task.role if task else "", "lane": task.lane if task else "",
                "lifecycle": LIFECYCLE[event.type], "time_standard": standard or "",
                "time_standard_hours": _hours(standard), "overdue": overdue,
                "documents": refs_in(event.payload.get("data")), "instance_title": inst.title,
            })
    return out


def _steps(engine: Engine, process_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """(element id -> time standard, element id -> step name) of a process's user tasks."""
    with engine.db.reading() as session:
        loaded = engine.definitions.latest(session, process_id)
        tasks = loaded.process.user_tasks
        return {eid: m.due for eid, m in tasks.items() if m.due}, {eid: m.name for eid, m in tasks.items()}


def to_xes(records: list[dict[str, Any]]) -> bytes:
    root = etree.Element("log", {"xes.version": "1849-2016", "xes.features": "nested-attributes"})
    for name, prefix, uri in (("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
                              ("Time", "time", "http://www.xes-standard.org/time.xesext"),
                              ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
                              ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext")):
        etree.SubElement(root, "extension", name=name, prefix=prefix, uri=uri)
    g_trace = etree.SubElement(root, "global", scope="trace")
    etree.SubElement(g_trace, "string", key="concept:name", value="")
    g_event = etree.SubElement(root, "global", scope="event")
    for key, value in (("concept:name", ""), ("lifecycle:transition", "complete"), ("org:resource", "")):
        etree.SubElement(g_event, "string", key=key, value=value)
    etree.SubElement(g_event, "date", key="time:timestamp", value="1970-01-01T00:00:00.000+00:00")
    etree.SubElement(root, "classifier", name="Activity", keys="concept:name")
    etree.SubElement(root, "classifier", name="Activity and transition", keys="concept:name lifecycle:transition")
    traces: dict[str, etree._Element] = {}
    for r in records:
        trace = traces.get(r["instance_id"])
        if trace is None:
            trace = etree.SubElement(root, "trace")
            etree.SubElement(trace, "string", key="concept:name", value=r["instance_id"])
            etree.SubElement(trace, "string", key="sopflow:process", value=r["process_id"])
            etree.SubElement(trace, "int", key="sopflow:version", value=str(r["version"]))
            if r.get("instance_title"):
                etree.SubElement(trace, "string", key="sopflow:title", value=r["instance_title"])
            traces[r["instance_id"]] = trace
        ev = etree.SubElement(trace, "event")
        etree.SubElement(ev, "string", key="concept:name", value=r["activity"])
        etree.SubElement(ev, "date", key="time:timestamp", value=r["timestamp"].isoformat(timespec="milliseconds"))
        etree.SubElement(ev, "string", key="org:resource", value=r["resource"])
        etree.SubElement(ev, "string", key="org:role", value=r["lane"])
        etree.SubElement(ev, "string", key="lifecycle:transition", value=r["lifecycle"])
        etree.SubElement(ev, "string", key="sopflow:element", value=r["element_id"])
        etree.SubElement(ev, "string", key="sopflow:task", value=r["task_id"])
        if r["time_standard"]:
            etree.SubElement(ev, "string", key="sopflow:time_standard", value=r["time_standard"])
            etree.SubElement(ev, "float", key="sopflow:time_standard_hours", value=str(r["time_standard_hours"]))
        etree.SubElement(ev, "boolean", key="sopflow:overdue", value="true" if r["overdue"] else "false")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def to_csv(records: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for r in records:
        writer.writerow(csvsafe.row({**r, "timestamp": r["timestamp"].isoformat(),
                                     "documents": " ".join(r.get("documents", []))}))
    return out.getvalue().encode("utf-8")


def to_ocel(records: list[dict[str, Any]]) -> bytes:
    """OCEL 2.0 JSON: events related to instance, user and document objects."""
    objects: dict[str, dict[str, Any]] = {}
    events_out = []
    for r in records:
        objects.setdefault(r["instance_id"], {"id": r["instance_id"], "type": "instance", "attributes": [
            {"name": "process", "time": r["timestamp"].isoformat(), "value": r["process_id"]},
            {"name": "title", "time": r["timestamp"].isoformat(), "value": r.get("instance_title", "")}],
            "relationships": []})
        user_id = f"user:{r['resource']}"
        objects.setdefault(user_id, {"id": user_id, "type": "user", "attributes": [], "relationships": []})
        rels = [{"objectId": r["instance_id"], "qualifier": "instance"}, {"objectId": user_id, "qualifier": "actor"}]
        inst_rels = objects[r["instance_id"]]["relationships"]
        if {"objectId": user_id, "qualifier": "worked on by"} not in inst_rels:
            inst_rels.append({"objectId": user_id, "qualifier": "worked on by"})
        for ref in r.get("documents", []):
            # a document is evidence of the step whose form submitted it, named on the relationship
            objects.setdefault(ref, {"id": ref, "type": "document", "attributes": [
                {"name": "step", "time": r["timestamp"].isoformat(), "value": r["activity"]}], "relationships": [
                {"objectId": r["instance_id"], "qualifier": "belongs to"}]})
            rels.append({"objectId": ref, "qualifier": f"document of {r['activity']}"})
        events_out.append({"id": f"{r['instance_id']}:{r['seq']}", "type": f"{r['activity']} ({r['lifecycle']})",
                           "time": r["timestamp"].isoformat(), "attributes": [
                               {"name": "role", "value": r["lane"]}, {"name": "overdue", "value": r["overdue"]},
                               {"name": "time_standard", "value": r["time_standard"]}], "relationships": rels})
    event_types = sorted({e["type"] for e in events_out})
    document = {
        "objectTypes": [{"name": "instance", "attributes": [{"name": "process", "type": "string"},
                                                            {"name": "title", "type": "string"}]},
                        {"name": "user", "attributes": []},
                        {"name": "document", "attributes": [{"name": "step", "type": "string"}]}],
        "eventTypes": [{"name": t, "attributes": [{"name": "role", "type": "string"},
                                                  {"name": "overdue", "type": "boolean"},
                                                  {"name": "time_standard", "type": "string"}]} for t in event_types],
        "objects": list(objects.values()),
        "events": events_out,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


WRITERS = {"xes": (to_xes, "application/xml", "sopflow.xes"), "csv": (to_csv, "text/csv", "sopflow-events.csv"),
           "ocel": (to_ocel, "application/json", "sopflow-ocel2.json")}


def export_bytes(engine: Engine, fmt: str, process_id: str | None = None, since: datetime | None = None,
                 until: datetime | None = None, viewer: str | None = None,
                 unit: str | None = None) -> tuple[bytes, str, str]:
    writer, media_type, filename = WRITERS[fmt]
    return writer(events(engine, process_id, since, until, viewer=viewer, unit=unit)), media_type, filename


def write_export(engine: Engine, fmt: str, out: Path, process_id: str | None = None, since: datetime | None = None,
                 until: datetime | None = None, unit: str | None = None) -> int:
    records = events(engine, process_id, since, until, unit=unit)
    writer, _, _ = WRITERS[fmt]
    out.write_bytes(writer(records))
    return len(records)
