"""Staff work in a real browser: what a reviewer sees, the correction note, two tabs, drafts, delegation."""

from __future__ import annotations

from .conftest import login, shot

PDF = b"%PDF-1.4 konsep sprin\n%%EOF\n"


def _open(engine, instance_id, element_id):
    [task] = [t for t in engine.tasks(instance_id=instance_id) if t.element_id == element_id]
    return task


def _drafted(engine):
    inst = engine.start("fx_review", actor="petugas", title="Sprin giat RW 05 Kel. Sukamaju")
    doc = engine.attach(PDF, actor="petugas", filename="konsep-sprin.pdf", media_type="application/pdf")
    engine.complete(_open(engine, inst.id, "fx_draft").id, actor="petugas",
                    data={"nomor_surat": "B/12/XI/2026", "lampiran": doc.ref})
    return inst


def test_reviewer_sees_the_draft_and_the_file_he_signs(page, live, fx_engine):
    inst = _drafted(fx_engine)
    review = _open(fx_engine, inst.id, "fx_review_task")
    login(page, live.url, "kepala")
    page.wait_for_selector("ul.tasks")
    assert "Sprin giat RW 05 Kel. Sukamaju" in page.locator(f"li:has(a[href='/tasks/{review.id}'])").inner_text()
    page.click(f"a[href='/tasks/{review.id}']")
    context = page.locator("#context")
    assert context.is_visible()
    assert "B/12/XI/2026" in context.inner_text() and "Nomor surat" in context.inner_text()
    file_link = context.locator("a.file", has_text="konsep-sprin.pdf")
    assert file_link.is_visible()
    preview = page.request.get(live.url + file_link.get_attribute("href"))
    assert preview.status == 200 and preview.body() == PDF
    shot(page, "task-context-reviewer")


def test_reviser_sees_the_correction_note(page, live, fx_engine):
    inst = _drafted(fx_engine)
    review = _open(fx_engine, inst.id, "fx_review_task")
    login(page, live.url, "kepala")
    page.goto(f"{live.url}/tasks/{review.id}")
    page.check("input[name=keputusan][value=revisi]")
    page.fill("#f-catatan_koreksi", "Tanggal sprin salah; lampirkan daftar personel")
    page.click("button.primary")
    page.wait_for_selector(".flash.ok")
    assert "Diteruskan ke: Membuat konsep" in page.locator(".flash.ok").inner_text()
    page.context.clear_cookies()
    login(page, live.url, "petugas")
    again = _open(fx_engine, inst.id, "fx_draft")
    page.goto(f"{live.url}/tasks/{again.id}")
    note = page.locator("#return-note")
    assert note.is_visible() and "Tanggal sprin salah; lampirkan daftar personel" in note.inner_text()
    shot(page, "task-correction-note")


def test_conflict_in_two_tabs_keeps_the_typed_text(browser, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = _open(fx_engine, inst.id, "fx_draft")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    first, second = context.new_page(), context.new_page()
    login(first, live.url, "petugas")
    first.goto(f"{live.url}/tasks/{task.id}")
    second.goto(f"{live.url}/tasks/{task.id}")
    second.fill("#f-nomor_surat", "B/dari-tab-kedua")
    second.click("button.primary")
    second.wait_for_selector(".flash.ok")
    long_text = "B/99/XI/2026 — laporan panjang yang diketik di tab pertama"
    first.fill("#f-nomor_surat", long_text)
    with first.expect_response(lambda r: r.request.method == "POST") as answer:
        first.click("button.primary")
    assert answer.value.status == 409
    assert first.locator("#conflict").is_visible()
    assert "petugas" in first.locator("#conflict").inner_text()
    assert first.locator("#f-nomor_surat").input_value() == long_text
    context.close()


def test_draft_restored_after_a_reload(page, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = _open(fx_engine, inst.id, "fx_draft")
    login(page, live.url, "petugas")
    page.goto(f"{live.url}/tasks/{task.id}")
    page.fill("#f-nomor_surat", "B/ketik-lalu-sinyal-hilang")
    page.fill("#f-jumlah_peserta", "48")
    page.wait_for_timeout(700)  # the local copy is written shortly after typing stops
    page.reload()
    assert page.locator("#f-nomor_surat").input_value() == ""
    page.wait_for_selector("#local-copy:not([hidden])")
    page.click("#local-restore")
    assert page.locator("#f-nomor_surat").input_value() == "B/ketik-lalu-sinyal-hilang"
    assert page.locator("#f-jumlah_peserta").input_value() == "48"
    # the server-side draft survives another device or a cleared browser
    page.click("button[name=_action][value=draft]")
    page.wait_for_selector("#draft-note")
    page.context.clear_cookies()
    page.evaluate("window.localStorage.clear()")
    login(page, live.url, "petugas")
    page.goto(f"{live.url}/tasks/{task.id}")
    assert page.locator("#f-nomor_surat").input_value() == "B/ketik-lalu-sinyal-hilang"
    assert page.locator("#local-copy").is_hidden()


def test_delegation_choices(page, live, fx_engine):
    fx_engine.add_user("admin", ["admin"], "pw")
    inst = fx_engine.start("fx_review", actor="petugas")
    task = _open(fx_engine, inst.id, "fx_draft")
    login(page, live.url, "petugas")
    page.goto(f"{live.url}/tasks/{task.id}")
    page.click("details.delegate summary")
    options = page.locator("#to option").evaluate_all("os => os.map(o => o.value)")
    assert options == ["", "pengawas", "petugas2"]
    assert page.locator("#to").input_value() == ""  # nobody chosen for the user
    page.select_option("#to", "petugas2")
    page.fill("#reason", "Saya dinas luar ke Pulau Tambelan")
    page.click("details.delegate button")
    page.wait_for_selector(".flash.ok")
    page.context.clear_cookies()
    login(page, live.url, "petugas2")
    page.wait_for_selector("ul.tasks")
    assert "Saya dinas luar ke Pulau Tambelan" in page.locator("ul.tasks").inner_text()
    page.goto(f"{live.url}/tasks/{task.id}")
    assert "Saya dinas luar ke Pulau Tambelan" in page.locator("#delegation-note").inner_text()


def test_context_fits_a_phone(browser, live, fx_engine):
    inst = _drafted(fx_engine)
    review = _open(fx_engine, inst.id, "fx_review_task")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    login(page, live.url, "kepala")
    page.goto(f"{live.url}/tasks/{review.id}")
    assert page.locator("#context a.file").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "task-context-phone")
    context.close()
