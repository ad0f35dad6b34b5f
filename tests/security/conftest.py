"""A live gunicorn server on loopback, over a real database, with the real SOPs and one user per role."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from engine import Engine, Settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-security-suite"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/security" in str(item.fspath):
            item.add_marker(pytest.mark.security)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Live:
    def __init__(self, url: str, database_url: str, env: dict[str, str], folder: Path):
        self.url, self.database_url, self.env, self.folder = url, database_url, env, folder

    def engine(self) -> Engine:
        return Engine(Settings(database_url=self.database_url, processes_dir=ROOT / "processes",
                               forms_dir=ROOT / "forms"))

    def token(self, username: str) -> dict[str, str]:
        engine = self.engine()
        try:
            return {"Authorization": f"Bearer {engine.create_token(username)}"}
        finally:
            engine.close()

    def browser(self, username: str | None = None) -> requests.Session:
        """A cookie session, logged in as ``username`` when given."""
        s = requests.Session()
        if username:
            response = self.login(s, username, PASSWORD)
            assert response.status_code == 302, response.status_code
        return s

    def login(self, s: requests.Session, username: str, password: str) -> requests.Response:
        return s.post(f"{self.url}/login", data={"username": username, "password": password,
                                                 "csrf_token": self.csrf(s, "/login")}, allow_redirects=False)

    def csrf(self, s: requests.Session, path: str) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', s.get(f"{self.url}{path}").text)
        return match.group(1) if match else ""

    def cli(self, *argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "engine.cli", *argv], cwd=self.folder, env=self.env,
                              capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("security-live")
    database_url = f"sqlite:///{folder / 'sopflow.db'}"
    engine = Engine(Settings(database_url=database_url, processes_dir=ROOT / "processes", forms_dir=ROOT / "forms"))
    engine.init_db()
    engine.deploy(actor="tester")
    for role in engine.roles():
        engine.add_user(role.code, [role.code], PASSWORD)
    engine.add_user("kbo2", ["kbo"], PASSWORD)
    engine.close()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SOPFLOW_SECRET_KEY": "security-suite-" + "s" * 40,
           "SOPFLOW_PROCESSES_DIR": str(ROOT / "processes"), "SOPFLOW_FORMS_DIR": str(ROOT / "forms"),
           "SOPFLOW_LOGIN_LIMIT": "5 per minute", "PYTHONPATH": str(ROOT)}
    log = open(folder / "gunicorn.log", "wb")
    server = subprocess.Popen(
        # One worker process with threads: the login throttle's default in-memory store is per process
        # (several worker processes need SOPFLOW_RATELIMIT_STORAGE, see the README).
        [sys.executable, "-m", "gunicorn", "-w", "1", "--threads", "4", "-b", f"127.0.0.1:{port}", "--timeout", "120",
         "webui:create_app()"], cwd=folder, env=env, stdout=log, stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            if requests.get(f"{url}/api/v1/openapi.json", timeout=10).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.time() > deadline or server.poll() is not None:
            server.kill()
            pytest.fail(f"gunicorn did not start: {(folder / 'gunicorn.log').read_text()[-2000:]}")
        time.sleep(0.3)
    yield Live(url, database_url, env, folder)
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    log.close()
    text = (folder / "gunicorn.log").read_text(errors="replace")
    if "Traceback" in text:  # every unhandled error (a 500) is logged with its traceback
        pytest.fail("the server logged a traceback: " + text[-3000:])
