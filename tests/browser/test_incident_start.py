"""A Bhabinkamtibmas reports incidents himself, in a real browser: a social conflict that has already
broken out goes straight to mediation, and a crime in the same village runs beside it."""

from __future__ import annotations

import pytest

from webui import create_app

from .conftest import LiveServer, login, shot


@pytest.fixture
def sop_live(sop_engine):
    app = create_app({"ENGINE": sop_engine, "SECRET_KEY": "browser-test", "LOGIN_LIMIT": "1000 per minute"})
    server = LiveServer(app)
    yield server
    server.stop()


def _report(page, base: str, kind: str, village: str) -> None:
    page.goto(f"{base}/start")
    page.click("a[href='/start/sop07_kejadian']")
    page.click("form[action='/start/sop07_kejadian'] button.primary")  # confirm; the title comes from the report
    page.wait_for_selector("#f-jenis_kejadian")
    page.select_option("#f-jenis_kejadian", kind)
    page.fill("#f-lokasi", village)
    page.fill("#f-uraian", "Dilaporkan warga melalui telepon.")
    page.click("button.primary")
    page.wait_for_selector(".flash.ok")


def test_bhabinkamtibmas_starts_two_incidents_in_one_village(page, sop_live, sop_engine):
    login(page, sop_live.url, "bhabinkamtibmas")
    page.goto(f"{sop_live.url}/start")
    assert page.locator("a[href='/start/sop07_kejadian']").count() == 1
    assert page.locator("a[href='/start/sop07']").count() == 0  # the routine is the Kasat's to start
    _report(page, sop_live.url, "konflik_pecah", "Kelurahan Tanjung Ayun Sakti")
    _report(page, sop_live.url, "pidana", "Kelurahan Tanjung Ayun Sakti")
    running = sop_engine.instances(process_id="sop07_kejadian", state="running")
    assert len(running) == 2 and {i.started_by for i in running} == {"bhabinkamtibmas"}
    steps = sorted(t.element_id for i in running for t in sop_engine.tasks(instance_id=i.id))
    assert steps == ["sop07_kejadian_s18_saat_konflik", "sop07_kejadian_s20a_laporan_tkp"]
    page.goto(f"{sop_live.url}/tasks")
    page.wait_for_selector("ul.tasks")
    for i in running:
        task = sop_engine.tasks(instance_id=i.id)[0]
        assert page.locator(f"a[href='/tasks/{task.id}']").count() == 1
    shot(page, "incident-two-at-once")
