"""The auditor steps through a replay and sees the markers move."""

from __future__ import annotations

from .conftest import login, shot


def test_replay_markers_move(page, live, fx_engine, clock):
    inst = fx_engine.start("fx_review", actor="petugas")
    fx_engine.complete(fx_engine.tasks(instance_id=inst.id)[0].id, actor="petugas", data={"nomor_surat": "B/1"})
    fx_engine.complete(fx_engine.tasks(instance_id=inst.id)[0].id, actor="kepala", data={"keputusan": "revisi"})
    login(page, live.url, "auditor")
    page.goto(f"{live.url}/audit/instances/{inst.id}/replay?step=2")
    page.wait_for_selector("#diagram.ready svg", timeout=20000)
    page.wait_for_function("document.getElementById('diagram').dataset.step === '2'")
    assert page.locator("[data-element-id='fx_draft'].sf-active").count() == 1
    assert page.locator("[data-element-id='fx_review_task'].sf-active").count() == 0
    for _ in range(2):
        page.click("#next")
    assert page.locator("#seq").inner_text() == "4"
    assert page.locator("[data-element-id='fx_review_task'].sf-active").count() == 1
    assert page.locator("[data-element-id='fx_draft'].sf-done").count() == 1
    shot(page, "audit-replay")
    page.click("#prev")
    page.click("#prev")
    assert page.locator("#seq").inner_text() == "2"
    assert page.locator("[data-element-id='fx_review_task'].sf-active").count() == 0
    page.goto(f"{live.url}/audit/instances/{inst.id}")
    shot(page, "audit-history")
