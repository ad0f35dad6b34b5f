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
    yield server, started
    server.stop()
    engine.close()


def test_each_village_officer_sees_only_their_own_incident(browser, demo_live):
    server, started = demo_live
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
