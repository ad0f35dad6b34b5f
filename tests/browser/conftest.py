"""A real server on loopback and a real Chromium (Debian's package) driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from webui import create_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SOPFLOW_CHROMIUM", "/usr/bin/chromium")
VENDOR = ROOT / "webui" / "static" / "vendor" / "bpmn-js" / "bpmn-navigated-viewer.production.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
FRONTEND = ROOT / "webui" / "frontend"
BUNDLE = ROOT / "webui" / "static" / "vendor" / "sopflow" / "modeler.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
# The browser's own words (file and date inputs) in the UI's default language, as users there see them
# (Debian's chromium-l10n has them; without it Chromium falls back to English).
BROWSER_ENV = {**os.environ, "LANGUAGE": "id"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium package)")
    if not VENDOR.exists():
        pytest.skip("bpmn-js assets missing: run scripts/setup (npm ci + build_assets)")
    _fresh_modeler_bundle()
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True, env=BROWSER_ENV)
        yield instance
        instance.close()


def _fresh_modeler_bundle() -> None:
    """The modeler bundle is built, not kept in git: one older than webui/frontend/ would test old code
    (and fail in ways that point nowhere near the cause), so it is rebuilt first."""
    newest = max(p.stat().st_mtime for p in FRONTEND.glob("*.js"))
    if BUNDLE.exists() and BUNDLE.stat().st_mtime >= newest:
        return
    from webui import build_assets

    build_assets.bundle_modeler()


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture
def live(fx_engine):
    fx_engine.add_user("analis", ["analyst"], "pw")
    app = create_app({"ENGINE": fx_engine, "SECRET_KEY": "browser-test", "LOGIN_LIMIT": "1000 per minute"})
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def login(page, base: str, username: str, password: str = "pw") -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def shot(page, name: str) -> None:
    """Screenshots go to test-artifacts/; with SOPFLOW_SCREENSHOTS=1 they refresh docs/screenshots/."""
    folder = SCREENSHOTS if os.environ.get("SOPFLOW_SCREENSHOTS") == "1" else ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
