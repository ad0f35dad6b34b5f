"""Event-log exports and the time-standards report."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

from lxml import etree

from engine.audit.export import export_bytes
from engine.audit.sla import sla_report, sla_svg

from .helpers import open_task

XSD = Path(__file__).resolve().parents[1] / "data" / "xes" / "xes.xsd"


def _walk(engine, clock, late: bool) -> str:
    inst = engine.start("fx_review", actor="petugas")
    draft = open_task(engine, inst.id, "fx_draft")
    engine.claim(draft.id, actor="petugas")
    clock.advance(hours=2 if late else 0.5)
    ref = engine.attach(b"%PDF-1.4 surat", actor="petugas", filename="s.pdf").ref
    engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/1", "lampiran": ref})
    clock.advance(hours=1)
    engine.complete(open_task(engine, inst.id, "fx_review_task").id, actor="kepala", data={"keputusan": "setuju"})
    return inst.id


def test_xes_validates_and_has_one_trace_per_instance(fx_engine, clock):
    ids = {_walk(fx_engine, clock, late=False), _walk(fx_engine, clock, late=True)}
    xes, media, _ = export_bytes(fx_engine, "xes")
    doc = etree.fromstring(xes)
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(doc)
    traces = doc.findall("trace")
    assert {t.find("string[@key='concept:name']").get("value") for t in traces} == ids
    events = traces[0].findall("event")
    transitions = [e.find("string[@key='lifecycle:transition']").get("value") for e in events]
    assert transitions == ["schedule", "assign", "complete", "schedule", "complete"]
    overdue = [e.find("boolean[@key='sopflow:overdue']").get("value") for t in traces for e in t.findall("event")
               if e.find("string[@key='lifecycle:transition']").get("value") == "complete"
               and e.find("string[@key='sopflow:element']").get("value") == "fx_draft"]
    assert sorted(overdue) == ["false", "true"]


def test_xes_reads_back_with_pm4py(fx_engine, clock, tmp_path):
    import pytest

    pm4py = pytest.importorskip("pm4py")
    _walk(fx_engine, clock, late=False)
    path = tmp_path / "log.xes"
    path.write_bytes(export_bytes(fx_engine, "xes")[0])
    log = pm4py.read_xes(str(path))
    assert len(log) == 5 and set(log["lifecycle:transition"]) == {"schedule", "assign", "complete"}


def test_csv_and_ocel(fx_engine, clock):
    inst = _walk(fx_engine, clock, late=True)
    rows = list(csv.DictReader(io.StringIO(export_bytes(fx_engine, "csv")[0].decode())))
    assert len(rows) == 5 and rows[0]["instance_id"] == inst and rows[0]["lifecycle"] == "schedule"
    ocel = json.loads(export_bytes(fx_engine, "ocel")[0])
    kinds = {o["type"] for o in ocel["objects"]}
    assert kinds == {"instance", "user", "document"}
    ids = {o["id"] for o in ocel["objects"]}
    assert all(rel["objectId"] in ids for e in ocel["events"] for rel in e["relationships"])
    assert len(ocel["events"]) == 5


def test_date_filters(fx_engine, clock):
    _walk(fx_engine, clock, late=False)
    later = clock.now() + timedelta(days=1)
    assert export_bytes(fx_engine, "csv", since=later)[0].decode().count("\n") == 1  # header only


def test_sla_report_and_chart(fx_engine, clock):
    _walk(fx_engine, clock, late=False)
    _walk(fx_engine, clock, late=True)
    rows = {r.element_id: r for r in sla_report(fx_engine)}
    draft = rows["fx_draft"]
    assert draft.count == 2 and draft.standard_hours == 1.0 and draft.overdue_share == 0.5
    assert draft.median_hours == 1.25 and draft.p90_hours == 2.0
    assert rows["fx_review_task"].standard_hours is None and rows["fx_review_task"].overdue_share is None
    etree.fromstring(sla_svg(list(rows.values())).encode())
