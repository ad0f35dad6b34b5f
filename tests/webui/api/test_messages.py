"""POST /api/v1/messages/{name}: start on a message, move a waiting instance, clear errors."""

from __future__ import annotations

import pytest

from webui import create_app

from ...engine.test_elements import el_engine  # noqa: F401  (the fixture)


@pytest.fixture
def api(el_engine):  # noqa: F811
    app = create_app({"TESTING": True, "ENGINE": el_engine, "SECRET_KEY": "test-secret"})
    token = el_engine.create_token("petugas")
    client = app.test_client()

    def post(path: str, body: dict):
        return client.post(path, headers={"Authorization": f"Bearer {token}"}, json=body)

    return post


def test_messages_through_the_api(api, el_engine):
    started = api("/api/v1/messages/laporan_masuk", {"data": {"pelapor": "Warga"}})
    assert started.status_code == 200
    [inst] = started.json
    assert set(inst) == {"instance_id", "process_id", "version", "state"} and inst["process_id"] == "el_messages"
    [task] = el_engine.tasks(instance_id=inst["instance_id"])
    el_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/5"})
    unmatched = api("/api/v1/messages/konfirmasi", {"correlate": {"nomor_surat": "B/6"}})
    assert unmatched.status_code == 404 and unmatched.mimetype == "application/problem+json"
    assert "no running instance waits for message 'konfirmasi'" in unmatched.json["detail"]
    assert api("/api/v1/messages/konfirmasi", {"correlate": "nomor_surat=B/5"}).status_code == 400
    both = api("/api/v1/messages/konfirmasi", {"correlate": {"nomor_surat": "B/5"}, "instance_id": inst["instance_id"]})
    assert both.status_code == 400
    moved = api("/api/v1/messages/konfirmasi", {"correlate": {"nomor_surat": "B/5"}})
    assert moved.status_code == 200 and [m["instance_id"] for m in moved.json] == [inst["instance_id"]]
    history = [e.type for e in el_engine.history(inst["instance_id"])]
    assert history.count("message_received") == 1
    assert el_engine.verify(inst["instance_id"])[0].ok


def test_the_openapi_document_describes_messages(api, el_engine):
    app = create_app({"TESTING": True, "ENGINE": el_engine, "SECRET_KEY": "test-secret"})
    doc = app.test_client().get("/api/v1/openapi.json").json
    operation = doc["paths"]["/messages/{name}"]["post"]
    assert set(operation["requestBody"]["content"]["application/json"]["schema"]["properties"]) == {
        "instance_id", "correlate", "data"}
    assert "problem" in doc["components"]["schemas"]["Instance"]["properties"]
