"""In a real browser: diagrams that open readable (fit, zoom, focus, phone list), a phone task list with
the person's own tasks above the fold, and form rows added and removed in the page."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, make_engine
from webui import create_app

from .conftest import LiveServer, login, shot

SCALE = "document.getElementById('diagram').sopflowViewer.get('canvas').zoom()"
FITS = """(() => { const c = document.getElementById('diagram').sopflowViewer.get('canvas');
  const v = c.viewbox(); return v.x <= v.inner.x + 0.5 && v.x + v.width >= v.inner.x + v.inner.width - 0.5; })()"""


def test_diagram_opens_fitted_and_zooms(page, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    login(page, live.url, "petugas")
    page.goto(f"{live.url}/instances/{inst.id}")
    page.wait_for_selector("#diagram.ready svg", timeout=20000)
    assert page.evaluate(FITS)  # the whole width is in view
    box = page.locator("#diagram").bounding_box()
    inner_height = page.evaluate("document.getElementById('diagram').sopflowViewer.get('canvas').viewbox().inner.height")
    assert box["height"] >= 240 and box["height"] <= inner_height * page.evaluate(SCALE) + 80  # no half-empty box
    fitted = page.evaluate(SCALE)
    page.click(".diagram-tools .zoom-in")
    assert page.evaluate(SCALE) == pytest.approx(fitted * 1.25, rel=0.01)
    page.click(".diagram-tools .zoom-out")
    page.click(".diagram-tools .zoom-out")
    assert page.evaluate(SCALE) == pytest.approx(fitted / 1.25, rel=0.01)
    page.click(".diagram-tools .zoom-fit")
    assert page.evaluate(SCALE) == pytest.approx(fitted, rel=0.01) and page.evaluate(FITS)
    assert page.locator(".diagram-tools .zoom-focus").is_visible()
    shot(page, "instance-diagram-fitted")


def test_a_narrow_window_focuses_the_active_step(browser, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    context = browser.new_context(viewport={"width": 620, "height": 800})
    page = context.new_page()
    login(page, live.url, "petugas")
    page.goto(f"{live.url}/instances/{inst.id}")
    page.wait_for_selector("#diagram.ready svg", timeout=20000)
    scale = page.evaluate(SCALE)
    active = page.locator("[data-element-id='fx_draft']").bounding_box()
    box = page.locator("#diagram").bounding_box()
    assert scale >= 0.74  # readable, not shrunk to a strip
    assert box["x"] <= active["x"] and active["x"] + active["width"] <= box["x"] + box["width"]  # the step is in view
    context.close()


def test_phone_shows_steps_and_the_diagram_one_tap_away(browser, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    login(page, live.url, "petugas")
    page.goto(f"{live.url}/instances/{inst.id}")
    assert page.locator("ol.steps .step.active").first.is_visible()
    assert not page.locator("#diagram").is_visible()
    page.click("a.show-diagram")
    page.wait_for_selector("#diagram.ready svg", timeout=20000)
    assert page.locator("#diagram").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "instance-phone")
    context.close()


def test_phone_task_list_puts_own_tasks_above_the_fold(browser, live, fx_engine, clock):
    own = fx_engine.start("fx_review", actor="petugas")
    fx_engine.complete(fx_engine.tasks(instance_id=own.id)[0].id, actor="petugas", data={"nomor_surat": "B/1"})
    for _ in range(5):  # five drafts that run late escalate to the head (KEPALA)
        fx_engine.start("fx_review", actor="petugas")
    clock.advance(hours=2)
    fx_engine.tick()
    assert len(fx_engine.escalations("kepala")) == 5
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
    page = context.new_page()
    login(page, live.url, "kepala")
    page.goto(f"{live.url}/tasks")
    header = page.locator("header.top").bounding_box()
    assert header["height"] <= 60
    mine = page.locator("a.task-link").first.bounding_box()
    assert mine["y"] + mine["height"] <= 640  # the head's own task is visible without scrolling
    escalation = page.locator("section.card.warn").bounding_box()
    assert escalation["y"] > mine["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "task-list-phone-escalations")
    context.close()


@pytest.fixture
def forms_live(database_url, clock):
    engine = make_engine(database_url, clock, DATA / "forms_fixture", DATA / "forms_fixture")
    engine.deploy(actor="tester")
    engine.add_user("petugas", ["petugas"], "pw")
    server = LiveServer(create_app({"ENGINE": engine, "SECRET_KEY": "b", "LOGIN_LIMIT": "1000 per minute"}))
    yield server, engine
    server.stop()
    engine.close()


def test_form_rows_added_and_removed_in_the_page(page, forms_live):
    live, engine = forms_live
    inst = engine.start("fx_forms", actor="petugas")
    task = engine.tasks(instance_id=inst.id)[0]
    login(page, live.url, "petugas")
    page.goto(f"{live.url}/tasks/{task.id}")
    page.fill("#f-peserta-0-nama", "Pak RT")
    page.click("button.add-row")
    assert page.locator("fieldset.array > .row").count() == 2  # one click after typing: exactly one row
    page.fill("#f-peserta-1-nama", "Bu Lurah")
    page.click("button.add-row")
    page.fill("#f-peserta-2-nama", "Pak Camat")
    assert page.locator("fieldset.array > .row").count() == 3
    page.click("[data-row='peserta.0'] button.remove-row")
    assert page.locator("fieldset.array > .row").count() == 2
    assert page.locator("fieldset.array > .row .row-no").all_inner_texts() == ["1.", "2."]
    page.check("input[name=konflik_pecah][value=false]")
    page.fill("#f-anggaran", "1500000")
    page.locator("#f-anggaran").blur()
    assert page.locator("#f-anggaran").input_value() == "1.500.000"
    shot(page, "form-rows")
    page.click("button.primary")
    page.wait_for_selector(".flash.ok")
    data = engine.task(task.id).data
    assert data["peserta"] == [{"nama": "Bu Lurah"}, {"nama": "Pak Camat"}] and data["anggaran"] == 1500000


def test_audit_history_fits_1280_and_replay_starts_at_the_first_event(browser, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    info = fx_engine.attach(b"%PDF-1.4 x", actor="petugas", filename="surat-perintah-yang-panjang-sekali.pdf",
                            media_type="application/pdf")
    fx_engine.complete(fx_engine.tasks(instance_id=inst.id)[0].id, actor="petugas", data={
        "nomor_surat": "B/" + "1234567890" * 8, "lampiran": info.ref, "jumlah_peserta": 40})
    fx_engine.complete(fx_engine.tasks(instance_id=inst.id)[0].id, actor="kepala", data={
        "keputusan": "revisi", "catatan_koreksi": "Perbaiki nomor surat dan lampirkan daftar hadir. " * 6})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, live.url, "auditor")
    page.goto(f"{live.url}/audit/instances/{inst.id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    table = page.locator("table.history").bounding_box()
    assert table["x"] + table["width"] <= 1280
    assert page.locator("text=Keputusan: revisi").count() == 1
    shot(page, "audit-history-words")
    page.goto(f"{live.url}/audit/instances/{inst.id}/replay")
    page.wait_for_selector("#diagram.ready svg", timeout=20000)
    assert page.locator("#seq").inner_text() == "1" and page.locator("#ftype").inner_text() == "SOP dimulai"
    prev, slider, nxt = (page.locator(s).bounding_box() for s in ("#prev", "#slider", "#next"))
    assert abs(prev["y"] - slider["y"]) < 30 and abs(nxt["y"] - slider["y"]) < 30  # beside the slider
    page.click("#next")
    assert page.locator("#seq").inner_text() == "2"
    context.close()
