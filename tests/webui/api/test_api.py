"""The JSON API: authentication, roles, the whole loop, and problem details for every mistake."""

from __future__ import annotations

import io

import pytest


@pytest.fixture
def tokens(fx_engine):
    return {u: fx_engine.create_token(u) for u in ("petugas", "petugas2", "kepala", "pengawas", "auditor")}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_anonymous_and_bad_tokens_get_401(client):
    for path in ("/api/v1/processes", "/api/v1/tasks", "/api/v1/instances"):
        response = client.get(path)
        assert response.status_code == 401 and response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/tasks", headers=bearer("sf_not-a-token")).status_code == 401
    assert client.get("/api/v1/tasks", headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_walk_a_process_through_the_api(client, tokens, fx_engine):
    started = client.post("/api/v1/processes/fx_review/instances", headers=bearer(tokens["petugas"]), json={})
    assert started.status_code == 201
    instance_id = started.json["instance_id"]
    [task] = client.get("/api/v1/tasks", headers=bearer(tokens["petugas"])).json
    assert client.get(f"/api/v1/tasks/{task['id']}", headers=bearer(tokens["petugas"])).json["form_schema"]["type"] == "object"
    upload = client.post("/api/v1/attachments", headers=bearer(tokens["petugas"]),
                         data={"file": (io.BytesIO(b"%PDF-1.4 surat"), "surat.pdf")})
    assert upload.status_code == 201 and upload.json["media_type"] == "application/pdf"
    invalid = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=bearer(tokens["petugas"]), json={"data": {}})
    assert invalid.status_code == 422 and invalid.json["errors"][0]["field"] == "nomor_surat"
    ok = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=bearer(tokens["petugas"]),
                     json={"data": {"nomor_surat": "B/1", "lampiran": upload.json["ref"]}})
    assert ok.status_code == 200 and ok.json["state"] == "completed"
    twice = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=bearer(tokens["petugas"]),
                        json={"data": {"nomor_surat": "B/1"}})
    assert twice.status_code == 409 and twice.json["status"] == 409
    [review] = client.get("/api/v1/tasks", headers=bearer(tokens["kepala"])).json
    assert client.post(f"/api/v1/tasks/{review['id']}/claim", headers=bearer(tokens["kepala"])).status_code == 200
    assert client.post(f"/api/v1/tasks/{review['id']}/complete", headers=bearer(tokens["kepala"]),
                       json={"data": {"keputusan": "setuju"}}).status_code == 200
    state = client.get(f"/api/v1/instances/{instance_id}", headers=bearer(tokens["kepala"])).json
    assert state["state"] == "completed" and state["open_tasks"] == []
    history = client.get(f"/api/v1/instances/{instance_id}/history", headers=bearer(tokens["auditor"])).json
    assert history[0]["type"] == "instance_started" and history[-1]["type"] == "instance_completed"
    assert client.get(f"/api/v1/attachments/{upload.json['ref']}", headers=bearer(tokens["kepala"])).data == b"%PDF-1.4 surat"
    assert client.get(f"/api/v1/attachments/{upload.json['ref']}", headers=bearer(tokens["pengawas"])).status_code == 404
    assert fx_engine.verify(instance_id)[0].ok


def test_roles_are_enforced(client, tokens):
    started = client.post("/api/v1/processes/fx_review/instances", headers=bearer(tokens["petugas"]), json={}).json
    [task] = client.get("/api/v1/tasks", headers=bearer(tokens["petugas"])).json
    assert client.post("/api/v1/processes/fx_review/instances", headers=bearer(tokens["kepala"]), json={}).status_code == 403
    assert client.post(f"/api/v1/tasks/{task['id']}/claim", headers=bearer(tokens["kepala"])).status_code == 403
    assert client.post(f"/api/v1/tasks/{task['id']}/complete", headers=bearer(tokens["kepala"]),
                       json={"data": {"nomor_surat": "x"}}).status_code == 403
    assert client.get(f"/api/v1/tasks/{task['id']}", headers=bearer(tokens["pengawas"])).status_code == 403
    assert client.get(f"/api/v1/instances/{started['instance_id']}", headers=bearer(tokens["pengawas"])).status_code == 403
    assert client.get("/api/v1/tasks?role=kepala", headers=bearer(tokens["petugas"])).status_code == 403
    claimed = client.post(f"/api/v1/tasks/{task['id']}/claim", headers=bearer(tokens["petugas"]))
    assert claimed.status_code == 200
    assert client.post(f"/api/v1/tasks/{task['id']}/claim", headers=bearer(tokens["petugas2"])).status_code == 409


def test_auditor_reads_but_every_post_is_403(client, tokens):
    started = client.post("/api/v1/processes/fx_review/instances", headers=bearer(tokens["petugas"]), json={}).json
    [task] = client.get("/api/v1/tasks", headers=bearer(tokens["petugas"])).json
    auditor = bearer(tokens["auditor"])
    assert client.get(f"/api/v1/instances/{started['instance_id']}", headers=auditor).status_code == 200
    assert client.get(f"/api/v1/tasks/{task['id']}", headers=auditor).status_code == 200
    for path, body in ((f"/api/v1/tasks/{task['id']}/claim", {}), (f"/api/v1/tasks/{task['id']}/complete", {"data": {}}),
                       ("/api/v1/processes/fx_review/instances", {}),
                       (f"/api/v1/tasks/{task['id']}/delegate", {"to": "petugas2", "reason": "x"})):
        assert client.post(path, headers=auditor, json=body).status_code == 403


@pytest.mark.parametrize("path, body, status", [
    ("/api/v1/tasks/{task}/complete", b"{not json", 400),
    ("/api/v1/tasks/{task}/complete", b"[1, 2]", 400),
    ("/api/v1/tasks/{task}/complete", b'{"data": "text"}', 400),
    ("/api/v1/tasks/{task}/delegate", b'{"to": 5}', 400),
    ("/api/v1/tasks/not-a-task/claim", b"{}", 404),
    ("/api/v1/processes/nope/instances", b"{}", 404),
])
def test_malformed_requests_get_problem_details(client, tokens, path, body, status):
    client.post("/api/v1/processes/fx_review/instances", headers=bearer(tokens["petugas"]), json={})
    [task] = client.get("/api/v1/tasks", headers=bearer(tokens["petugas"])).json
    response = client.post(path.format(task=task["id"]), headers={**bearer(tokens["petugas"]),
                                                                 "Content-Type": "application/json"}, data=body)
    assert response.status_code == status and response.mimetype == "application/problem+json"
    assert response.json["status"] == status and response.json["title"]


def test_bad_parameters_and_oversize_bodies(client, tokens, app, fx_engine):
    h = bearer(tokens["petugas"])
    assert client.get("/api/v1/tasks?limit=abc", headers=h).status_code == 400
    assert client.get("/api/v1/tasks?limit=100000", headers=h).status_code == 400
    assert client.get("/api/v1/instances?state=deleted", headers=h).status_code == 400
    assert client.get("/api/v1/tasks?process_id=' OR 1=1 --", headers=h).json == []
    fx_engine.settings.max_attachment_bytes = 1000
    big = client.post("/api/v1/attachments", headers=h, data={"file": (io.BytesIO(b"%PDF-" + b"x" * 2000), "b.pdf")})
    assert big.status_code == 413
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    huge = client.post("/api/v1/attachments", headers=h, data={"file": (io.BytesIO(b"x" * 20_000), "c.pdf")})
    assert huge.status_code == 413 and huge.mimetype == "application/problem+json"


def test_openapi_document_is_valid_openapi_3_1(client):
    pytest.importorskip("openapi_spec_validator")
    from openapi_spec_validator import validate

    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"] == "3.1.0"
    validate(doc)
