"""Task pages show staff the SOP row, its number and the time standard with its unit; only analysts and
auditors see the analyst's notes (ASUMSI)."""

from __future__ import annotations

import pytest

from webui import create_app

from .conftest import Auth


@pytest.fixture
def sop_client(sop_engine):
    sop_engine.add_user("analis", ["analyst"], "pw")
    sop_engine.add_user("pemeriksa", ["auditor"], "pw")
    app = create_app({"TESTING": True, "ENGINE": sop_engine, "SECRET_KEY": "test-secret", "LOGIN_LIMIT": "50 per minute"})
    return app.test_client()


def test_engine_splits_rows_notes_and_time_standard(sop_engine):
    inst = sop_engine.start("sop02", actor="pelaks_binluh")
    detail = sop_engine.task(sop_engine.tasks(instance_id=inst.id)[0].id)
    assert [r.number for r in detail.sop_rows] == ["1.a.1"]
    assert detail.sop_rows[0].text.lower().startswith("melakukan pendataan")
    assert detail.sop_rows[0].output == "Data"
    assert detail.time_standard and detail.time_standard_label.split()[1] in ("menit", "jam", "hari")
    assert detail.notes and all("ASUMSI" not in r.text for r in detail.sop_rows)
    assert detail.to_dict()["sop_rows"][0]["number"] == "1.a.1"
    assert detail.time_standard_label_en.split()[1].rstrip("s") in ("minute", "hour", "day")


def test_staff_see_the_sop_analysts_also_the_assumptions(sop_engine, sop_client):
    inst = sop_engine.start("sop03", actor="pelaks_binluh")
    task = sop_engine.tasks(instance_id=inst.id)[0]
    detail = sop_engine.task(task.id)
    auth = Auth(sop_client)
    auth.login("pelaks_binluh")
    page = sop_client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Baris 1.a.1" in page and detail.sop_rows[0].text[:60] in page
    assert f"Waktu standar: <strong>{detail.time_standard_label}</strong>" in page
    assert detail.time_standard_label.endswith(" hari")  # the table gives a bare number in a days column
    assert "ASUMSI" not in page and detail.notes[0] not in page
    auth.logout()
    for viewer in ("analis", "pemeriksa"):
        auth.login(viewer)
        page = sop_client.get(f"/tasks/{task.id}").get_data(as_text=True)
        assert "ASUMSI" in page and detail.notes[0] in page, viewer
        auth.logout()


def test_a_rebuilt_row_says_so_to_staff(sop_engine, sop_client):
    inst = sop_engine.start("sop07_kejadian", actor="bhabinkamtibmas")
    task = sop_engine.tasks(instance_id=inst.id)[0]
    Auth(sop_client).login("bhabinkamtibmas")
    page = sop_client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Baris 15" in page and "disusun ulang" in page and "ASUMSI" not in page
