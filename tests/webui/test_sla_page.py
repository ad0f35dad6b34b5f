"""The SLA report is honest: no standard is said as such, open overdue work counts, no "None"."""

from __future__ import annotations

import csv
import io


def test_sla_report_counts_open_overdue_and_names_missing_standards(client, auth, fx_engine, clock):
    done = fx_engine.start("fx_review", actor="petugas")
    draft = fx_engine.tasks(instance_id=done.id)[0]
    clock.advance(minutes=30)
    fx_engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/1"})  # on time; review task opens
    late = fx_engine.start("fx_review", actor="petugas")
    clock.advance(days=3)  # the second draft is now three days past its one-hour standard, still open

    auth.login("auditor")
    html = client.get("/audit/sla").data.decode()
    assert "None" not in html
    table = html[html.index('<table class="list sla"'):]
    draft_row = table[table.index("Membuat konsep"):].split("</tr>")[0]
    assert "50%" in draft_row and "0 selesai terlambat, 1 terbuka lewat batas" in draft_row
    review_row = table[table.index("Memeriksa dan paraf"):].split("</tr>")[0]
    assert "tanpa waktu standar" in review_row and "tidak dinilai" in review_row and "%" not in review_row
    assert ">0%<" not in html  # the chart shows no green 0% either
    assert "tanpa standar" in html

    rows = {r["element_id"]: r for r in csv.DictReader(io.StringIO(client.get("/audit/sla?format=csv").data.decode()))}
    assert rows["fx_draft"]["count"] == "1" and rows["fx_draft"]["open_count"] == "1"
    assert rows["fx_draft"]["open_overdue"] == "1" and float(rows["fx_draft"]["open_median_hours"]) == 72.0
    assert float(rows["fx_draft"]["median_hours"]) == 0.5
    assert rows["fx_review_task"]["overdue_share"] == ""  # not "0", and never "None"
    assert late.id


def test_sla_page_in_english(client, auth, fx_engine):
    fx_engine.start("fx_review", actor="petugas")
    auth.login("auditor")
    html = client.get("/audit/sla?lang=en").data.decode()
    assert "Open" in html and "None" not in html
