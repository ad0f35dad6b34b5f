"""The instance page says when an instance is stalled."""

from __future__ import annotations

from lxml import etree

from engine.checks import checker
from engine import spiff
from webui import create_app

from ..engine.test_elements import STALLING, el_engine  # noqa: F401  (the fixture)
from .conftest import Auth


def test_the_instance_page_shows_a_stalled_instance(el_engine):  # noqa: F811
    data = STALLING.encode()
    processes = spiff.parse_process(etree.fromstring(data), "el_stalls.bpmn", validate=False)
    el_engine.deploy_checked(checker.CheckedFile("el_stalls.bpmn", data, [], processes, {}), actor="tester")
    el_engine.add_user("auditor", ["auditor"], "pw")
    stalled = el_engine.start("el_stalls", actor="petugas")
    moving = el_engine.start("el_subprocess", actor="petugas")
    client = create_app({"TESTING": True, "ENGINE": el_engine, "SECRET_KEY": "test-secret"}).test_client()
    Auth(client).login("auditor")
    page = client.get(f"/instances/{stalled.id}")
    assert page.status_code == 200 and b"Instans macet" in page.data and b"no open task" in page.data
    assert b"Instans macet" not in client.get(f"/instances/{moving.id}").data
