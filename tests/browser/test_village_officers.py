"""Two Bhabinkamtibmas of different villages, each in their own browser, each see only their own incident."""

from __future__ import annotations

import pytest

from engine import Engine, Settings
from engine.demo.org import create_org, seed_villages
from webui import create_app

from .conftest import ROOT, LiveServer, login


@pytest.fixture
def demo_live(tmp_path):
    engine = Engine(Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}", processes_dir=ROOT / "processes",
                             forms_dir=ROOT / "forms"))
    engine.init_db()
    engine.deploy()
    create_org(engine, "demo")
    started = seed_villages(engine)
    server = LiveServer(create_app({"ENGINE": engine, "SECRET_KEY": "browser-test", "LOGIN_LIMIT": "1000 per minute"}))
    yield server, started, engine
    server.stop()
    engine.close()


def test_each_village_officer_sees_only_their_own_incident(browser, demo_live):
    server, started, _engine = demo_live
    own = {"bhabinkamtibmas": ("KEL-SUKAMAJU", "Kel. Sukamaju", "KEL-TANJUNGAYUN", "Kel. Tanjung Ayun Sakti"),
           "bhabinkamtibmas2": ("KEL-TANJUNGAYUN", "Kel. Tanjung Ayun Sakti", "KEL-SUKAMAJU", "Kel. Sukamaju")}
    for officer, (village, mine, other_village, theirs) in own.items():
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="id-ID")
        page = context.new_page()
        login(page, server.url, officer, "demo")
        page.goto(f"{server.url}/instances")
        body = page.inner_text("main")
        assert f"Kejadian di {mine}" in body
        assert f"Kejadian di {theirs}" not in body
        assert "Kel. Limba B" not in body and "Kel. Biawao" not in body  # nor Gorontalo's villages
        response = page.goto(f"{server.url}/instances/{started[f'incident in {other_village}']}")
        assert response.status == 403
        mine_id = started[f"incident in {village}"]
        assert page.goto(f"{server.url}/instances/{mine_id}").status == 200
        context.close()


def test_kapolda_finds_the_task_left_without_holder_by_a_transfer(browser, demo_live):
    server, started, engine = demo_live
    engine.move_user("bhabinkamtibmas2", to_unit="KEL-SUKAMAJU")  # Kel. Tanjung Ayun Sakti has no officer now
    incident = started["incident in KEL-TANJUNGAYUN"]
    assert any(t.instance_id == incident for t in engine.unassignable("kapolda"))
    for chief, sees in (("kapolda", True), ("kapolda_gtk", False)):
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="id-ID")
        page = context.new_page()
        login(page, server.url, chief, "demo")
        page.click("a.nav-unassignable")
        rows = page.locator("table.unassignable tbody tr")
        body = page.inner_text("main")
        if sees:
            assert "Kel. Tanjung Ayun Sakti" in body and "bhabinkamtibmas@KEL-TANJUNGAYUN" in body
            assert page.inner_text("a.nav-unassignable .count") == str(rows.count())
            page.locator("table.unassignable tbody tr", has_text="Kel. Tanjung Ayun Sakti").locator("a").first.click()
            assert page.url.endswith(f"/instances/{incident}")
        else:
            assert rows.count() == 0 and "Kel. Tanjung Ayun Sakti" not in body
        context.close()
