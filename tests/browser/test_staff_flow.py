"""What a person does in a real browser: log in, find the task, fix a form error, finish, see the diagram."""

from __future__ import annotations

from .conftest import login, shot


def test_task_loop_and_diagram(page, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = fx_engine.tasks(instance_id=inst.id)[0]
    login(page, live.url, "petugas")
    page.wait_for_selector("ul.tasks")
    assert page.locator(f"a[href='/tasks/{task.id}']").count() == 1
    shot(page, "task-list")
    page.click(f"a[href='/tasks/{task.id}']")
    page.fill("#f-jumlah_peserta", "-3")
    shot(page, "task-form")
    page.click("button.primary")
    error = page.locator("#f-nomor_surat-error")
    assert error.is_visible() and "Wajib" in error.inner_text()
    assert page.locator("#f-jumlah_peserta").input_value() == "-3"  # what was typed is kept
    page.fill("#f-nomor_surat", "B/45/III/2026/Binmas")
    page.fill("#f-jumlah_peserta", "35")
    page.click("button.primary")
    page.wait_for_selector(".flash.ok")
    assert fx_engine.task(task.id).task.state == "completed"

    page.goto(f"{live.url}/instances/{inst.id}")
    page.wait_for_selector("#diagram.ready svg", timeout=20000)
    assert page.locator("[data-element-id='fx_draft'].sf-done").count() == 1
    assert page.locator("[data-element-id='fx_review_task'].sf-active").count() == 1
    shot(page, "instance-diagram")


def test_other_role_cannot_see_or_open_the_task(page, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = fx_engine.tasks(instance_id=inst.id)[0]
    login(page, live.url, "kepala")
    page.wait_for_selector("main")
    assert page.locator(f"a[href='/tasks/{task.id}']").count() == 0
    response = page.goto(f"{live.url}/tasks/{task.id}")
    assert response.status == 403


def test_phone_width_works(browser, live, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = fx_engine.tasks(instance_id=inst.id)[0]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    login(page, live.url, "petugas")
    page.goto(f"{live.url}/tasks/{task.id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#f-nomor_surat", "B/7")
    page.click("button.primary")
    page.wait_for_selector(".flash.ok")
    shot(page, "task-list-phone")
    context.close()
    assert fx_engine.task(task.id).task.state == "completed"


def test_login_page(page, live):
    page.goto(f"{live.url}/login")
    shot(page, "login")
    page.fill("#username", "petugas")
    page.fill("#password", "salah")
    page.click("button[type=submit]")
    assert "salah" in page.locator(".flash.error").inner_text()
