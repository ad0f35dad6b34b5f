"""Times on pages, exports and reports are local (WIB, WITA, WIT); storage stays UTC."""

from __future__ import annotations

import csv
import io
import json

import pytest

from engine import InvalidInput, Settings
from engine.zones import spoken_name, to_local


@pytest.fixture
def started(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")  # the clock says 2026-03-02 08:00 UTC
    return inst, fx_engine.tasks(instance_id=inst.id)[0]  # due one hour later: 09:00 UTC


def test_task_list_and_task_page_show_wib(client, auth, started):
    inst, task = started
    auth.login("petugas")
    listing = client.get("/tasks").data.decode()
    assert "02-03-2026 16:00 WIB" in listing and "UTC" not in listing
    assert 'datetime="2026-03-02T16:00:00+07:00"' in listing
    page = client.get(f"/tasks/{task.id}").data.decode()
    assert "02-03-2026 16:00 WIB" in page and "UTC" not in page
    instance = client.get(f"/instances/{inst.id}").data.decode()
    assert "02-03-2026 15:00 WIB" in instance  # started at 08:00 UTC


def test_a_deployment_in_makassar_shows_wita(client, auth, started, fx_engine):
    _, task = started
    fx_engine.settings.timezone = "Asia/Makassar"
    auth.login("petugas")
    page = client.get(f"/tasks/{task.id}").data.decode()
    assert "02-03-2026 17:00 WITA" in page and "WIB" not in page
    auth.logout()
    auth.login("auditor")
    history = client.get(f"/audit/instances/{task.instance_id}").data.decode()
    assert "02-03-2026 16:00 WITA" in history
    frames = client.get(f"/audit/instances/{task.instance_id}/frames.json").get_json()
    assert frames[0]["at_local"] == "02-03-2026 16:00:00 WITA" and frames[0]["at"].startswith("2026-03-02T08:00")


def test_exports_carry_the_local_offset(client, auth, started, fx_engine):
    _, task = started
    fx_engine.claim(task.id, actor="petugas")
    auth.login("auditor")
    rows = list(csv.DictReader(io.StringIO(client.get("/audit/export/csv").data.decode())))
    assert rows and all(r["timestamp"].endswith("+07:00") for r in rows)
    assert rows[0]["timestamp"].startswith("2026-03-02T15:00:00")
    xes = client.get("/audit/export/xes").data.decode()
    assert 'value="2026-03-02T15:00:00.000+07:00"' in xes
    ocel = json.loads(client.get("/audit/export/ocel").data)
    assert ocel["events"][0]["time"] == "2026-03-02T15:00:00+07:00"
    fx_engine.settings.timezone = "Asia/Jayapura"
    rows = list(csv.DictReader(io.StringIO(client.get("/audit/export/csv").data.decode())))
    assert rows[0]["timestamp"].startswith("2026-03-02T17:00:00+09:00")


def test_report_dates_are_local_days(client, auth, started, fx_engine, clock):
    _, task = started
    clock.advance(hours=12)  # 20:00 UTC on 2 March is 03:00 WIB on 3 March
    fx_engine.claim(task.id, actor="petugas")
    auth.login("auditor")

    def kinds(query):
        return [r["event_type"] for r in csv.DictReader(io.StringIO(client.get(f"/audit/export/csv?{query}").data.decode()))]

    assert kinds("since=2026-03-03") == ["task_claimed"]
    assert kinds("until=2026-03-02") == ["task_ready"]


def test_zone_names_and_a_bad_zone():
    assert [spoken_name(z) for z in ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")] == [
        "WIB", "WIB", "WITA", "WIT"]
    assert to_local("2026-03-02T20:00:00+00:00", "Asia/Jakarta").isoformat() == "2026-03-03T03:00:00+07:00"
    with pytest.raises(InvalidInput, match="unknown time zone"):
        Settings.from_env(timezone="Asia/Atlantis")


def test_the_zone_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SOPFLOW_TIMEZONE", "Asia/Makassar")
    assert Settings.from_env().timezone == "Asia/Makassar"
    monkeypatch.delenv("SOPFLOW_TIMEZONE")
    assert Settings.from_env().timezone == "Asia/Jakarta"


def test_cli_report_dates_are_local_days():
    from engine.cli.reports import _date_arg

    assert _date_arg("2026-03-03", zone="Asia/Jakarta").isoformat() == "2026-03-03T00:00:00+07:00"
    until = _date_arg("2026-03-03", end_of_day=True, zone="Asia/Jayapura")
    assert until.isoformat() == "2026-03-03T23:59:59.999999+09:00"
    assert _date_arg("2026-03-03T10:00:00+00:00", zone="Asia/Makassar").hour == 10  # a zone typed wins
