"""The demo data in a real browser, as a newcomer meets it: the Kasat's tasks with one overdue, an incident
of SOP-07 during a social conflict, and an FKPM activity opened inside its sub-process."""

from __future__ import annotations

import pytest

from engine.demo.instances import seed_demo
from webui import create_app

from .conftest import LiveServer, login, shot


@pytest.fixture
def demo_live(sop_engine):
    summary = seed_demo(sop_engine)
    assert "stopped" not in summary, summary
    app = create_app({"ENGINE": sop_engine, "SECRET_KEY": "browser-test", "LOGIN_LIMIT": "1000 per minute"})
    server = LiveServer(app)
    yield server
    server.stop()


def _waiting_at(engine, process_id: str, element_id: str) -> str:
    for inst in engine.instances(process_id=process_id, state="running"):
        if any(t.element_id == element_id for t in engine.tasks(instance_id=inst.id)):
            return inst.id
    raise AssertionError(f"no {process_id} instance waits at {element_id}")


def test_demo_pages(page, demo_live, sop_engine):
    login(page, demo_live.url, "kasat_binmas")
    page.wait_for_selector("ul.tasks")
    assert page.locator("ul.tasks li").count() >= 1
    assert "lewat waktu" in page.locator("ul.tasks").inner_text()
    shot(page, "demo-kasat-tasks")

    conflict = _waiting_at(sop_engine, "sop07_kejadian", "sop07_kejadian_s18_saat_konflik")
    login(page, demo_live.url, "bhabinkamtibmas")
    page.goto(f"{demo_live.url}/instances/{conflict}")
    page.wait_for_selector("#diagram.ready svg", timeout=20000)
    assert page.locator("[data-element-id='sop07_kejadian_s18_saat_konflik'].sf-active").count() == 1
    shot(page, "demo-sop07-conflict")

    activity = _waiting_at(sop_engine, "fkpm", "fkpm_b_binkamsa")
    login(page, demo_live.url, "kanit_binkamsa")
    page.goto(f"{demo_live.url}/instances/{activity}")
    page.wait_for_selector("#diagram.ready", timeout=20000)
    step = page.locator("[data-element-id='fkpm_b_binkamsa'].sf-active")
    assert step.count() == 1 and step.is_visible()  # opened on the sub-process's own plane
    assert page.locator(".bjs-breadcrumbs").is_visible()
    shot(page, "demo-fkpm-activity")
