"""Regression tests for the attacks of a hostile user: each failed before its fix."""

from __future__ import annotations

import io
import re

import pytest

from engine.audit.export import to_csv
from webui import create_app

from .conftest import Auth, csrf_token

PDF = b"%PDF-1.4 hostile test"


def _complete_draft(client, fx_engine, user: str, inst_id: str, ref: str):
    task = next(t for t in fx_engine.tasks(instance_id=inst_id) if t.element_id == "fx_draft")
    return client.post(f"/api/v1/tasks/{task.id}/complete",
                       headers={"Authorization": f"Bearer {fx_engine.create_token(user)}"},
                       json={"data": {"nomor_surat": "B/1", "lampiran": ref}})


# -- attachments are capabilities -----------------------------------------------------------------


def test_a_known_hash_is_not_enough_to_use_or_read_a_document(client, fx_engine):
    mine = fx_engine.start("fx_review", actor="petugas").id
    ref = fx_engine.attach(PDF, actor="petugas", filename="rahasia.pdf").ref
    assert _complete_draft(client, fx_engine, "petugas", mine, ref).status_code == 200
    other = fx_engine.start("fx_review", actor="petugas2").id
    stolen = _complete_draft(client, fx_engine, "petugas2", other, ref)
    unknown = _complete_draft(client, fx_engine, "petugas2", other, "sha256:" + "ab" * 32)
    assert stolen.status_code == unknown.status_code == 422
    assert stolen.json["detail"].replace(ref, "R") == unknown.json["detail"].replace("sha256:" + "ab" * 32, "R")
    token = {"Authorization": f"Bearer {fx_engine.create_token('pengawas')}"}
    forbidden = client.get(f"/api/v1/attachments/{ref}", headers=token)
    missing = client.get(f"/api/v1/attachments/sha256:{'cd' * 32}", headers=token)
    assert forbidden.status_code == missing.status_code == 404 and forbidden.json == {
        **missing.json, "detail": forbidden.json["detail"]}


def test_a_ref_hidden_in_a_text_field_grants_nothing(client, fx_engine):
    mine = fx_engine.start("fx_review", actor="petugas").id
    ref = fx_engine.attach(PDF, actor="petugas", filename="rahasia.pdf").ref
    _complete_draft(client, fx_engine, "petugas", mine, ref)
    other = fx_engine.start("fx_review", actor="petugas2").id
    task = next(t for t in fx_engine.tasks(instance_id=other) if t.element_id == "fx_draft")
    fx_engine.complete(task.id, actor="petugas2", data={"nomor_surat": f"lihat {ref}"})
    assert not fx_engine.may_download(ref, "pengawas")
    assert fx_engine.may_download(ref, "kepala")  # a role in the instance that holds it


@pytest.mark.parametrize("content, name, declared", [
    (b"MZ\x90\x00\x03 this program cannot be run in DOS mode", "x.pdf", "application/pdf"),
    (b"\x7fELF\x02\x01\x01", "laporan.pdf", "application/pdf"),
    (b"#!/bin/sh\nrm -rf /\n", "catatan.txt", "text/plain"),
    (bytes(range(256)), "data.bin", "application/octet-stream"),
    (b"PK\x03\x04not really an office file", "a.docx", None),
])
def test_only_sniffed_allowed_kinds_are_stored(fx_engine, content, name, declared):
    from engine import InvalidInput

    with pytest.raises(InvalidInput):
        fx_engine.attach(content, actor="petugas", filename=name, media_type=declared)


def test_content_decides_the_type(fx_engine):
    assert fx_engine.attach(b"%PDF-1.7 x", actor="petugas", filename="a.txt", media_type="text/html").media_type \
        == "application/pdf"
    assert fx_engine.attach("catatan biasa".encode(), actor="petugas", filename="a.pdf").media_type == "text/plain"


# -- downloads --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Laporan – final.pdf", "文件.pdf", 'a"b;c.pdf'])
def test_any_file_name_can_be_downloaded(client, fx_engine, name):
    info = fx_engine.attach(PDF + name.encode(), actor="petugas", filename=name)
    ref = info.ref
    response = client.get(f"/api/v1/attachments/{ref}",
                          headers={"Authorization": f"Bearer {fx_engine.create_token('petugas')}"})
    header = response.headers["Content-Disposition"]
    header.encode("latin-1")  # what gunicorn requires of every header
    assert response.status_code == 200 and header.startswith("attachment;") and "filename*=UTF-8''" in header
    from urllib.parse import unquote

    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == info.filename == name.replace('"', "")


# -- headers --------------------------------------------------------------------------------------------


def test_security_headers_on_pages_json_and_xml(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    auth.login("petugas")
    for path in ("/tasks", f"/instances/{inst.id}", "/api/v1/tasks", f"/instances/{inst.id}/diagram.bpmn", "/login"):
        response = client.get(path)
        assert response.status_code == 200, path
        h = response.headers
        assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"] and h["Referrer-Policy"], path
        if response.mimetype == "text/html":
            assert "script-src 'self'" in h["Content-Security-Policy"]
            assert "unsafe-inline" not in h["Content-Security-Policy"].split("script-src", 1)[1].split(";")[0]
            page = response.data.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page), path
            assert not re.search(r"\son[a-z]+\s*=", page), path
        else:
            assert "sandbox" in h["Content-Security-Policy"], path
    xml = client.get(f"/instances/{inst.id}/diagram.bpmn")
    assert xml.headers["Content-Disposition"].startswith("attachment")


def test_hsts_behind_tls(client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    monkeypatch.setenv("SOPFLOW_SECURE_COOKIES", "1")
    assert "max-age" in client.get("/login").headers["Strict-Transport-Security"]


# -- sessions -----------------------------------------------------------------------------------------------


def _cookie_still_works(app, cookie_value: str) -> bool:
    other = app.test_client()
    other.set_cookie("sopflow_session", cookie_value)
    return other.get("/tasks").status_code == 200


@pytest.mark.parametrize("ending", ["logout", "password", "deactivate"])
def test_a_saved_cookie_dies_with_its_session(app, client, auth, fx_engine, ending):
    auth.login("petugas")
    saved = client.get_cookie("sopflow_session").value
    assert _cookie_still_works(app, saved)
    if ending == "logout":
        auth.logout()
    elif ending == "password":
        fx_engine.add_user("petugas", ["petugas"], "a-new-password")
    else:
        fx_engine.sessions.set_active("petugas", False)
    assert not _cookie_still_works(app, saved)


def test_login_throttle_ignores_spelling(client):
    token = csrf_token(client, "/login")
    for _ in range(5):
        client.post("/login", data={"username": "petugas", "password": "wrong", "csrf_token": token})
    for spelling in (" PETUGAS ", "Petugas", "petugas\t"):
        response = client.post("/login", data={"username": spelling, "password": "pw", "csrf_token": token})
        assert response.status_code == 429, spelling


def test_api_with_a_cookie_needs_the_csrf_token(client, auth, fx_engine):
    auth.login("petugas")
    forged = client.post("/api/v1/processes/fx_review/instances", data="{}",
                         headers={"Content-Type": "text/plain", "Origin": "https://evil.example"})
    assert forged.status_code == 403 and fx_engine.instances() == []
    token = csrf_token(client, "/tasks")
    ok = client.post("/api/v1/processes/fx_review/instances", json={}, headers={"X-CSRFToken": token})
    assert ok.status_code == 201
    bearer = {"Authorization": f"Bearer {fx_engine.create_token('petugas')}"}
    assert client.post("/api/v1/processes/fx_review/instances", json={}, headers=bearer).status_code == 201


# -- bounds on pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["100000000000000000000", "-5", "abc", "1e9", "²"])
def test_page_numbers_never_crash(client, auth, page):
    auth.login("petugas")
    for path in ("/tasks", "/instances"):
        assert client.get(f"{path}?page={page}").status_code == 200


def test_reasons_are_bounded(client, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = fx_engine.tasks(instance_id=inst.id)[0]
    bearer = {"Authorization": f"Bearer {fx_engine.create_token('petugas')}"}
    client.post(f"/api/v1/tasks/{task.id}/claim", headers=bearer, json={})
    for path, body in ((f"/api/v1/tasks/{task.id}/unclaim", {"reason": "x" * 100_000}),
                       (f"/api/v1/tasks/{task.id}/delegate", {"to": "petugas2", "reason": "x" * 100_000})):
        assert client.post(path, headers=bearer, json=body).status_code == 422
    for to in ("admin", "analis", "auditor", "pengawas"):
        response = client.post(f"/api/v1/tasks/{task.id}/delegate", headers=bearer, json={"to": to, "reason": "cuti"})
        assert response.status_code == 422, to
    assert fx_engine.tasks(instance_id=inst.id)[0].assignee == "petugas"


def test_csv_cells_never_start_a_formula():
    record = {"instance_id": "i", "process_id": "p", "version": 1, "seq": 1, "event_type": "task_completed",
              "activity": "=cmd|' /C calc'!A0", "element_id": "@SUM(1)", "task_id": "+1", "timestamp": __import__(
                  "datetime").datetime(2026, 1, 1), "resource": "-2+3", "role": "r", "lane": "l",
              "lifecycle": "complete", "time_standard": "", "time_standard_hours": None, "overdue": False}
    text = to_csv([record]).decode()
    for cell in ("'=cmd|' /C calc'!A0", "'@SUM(1)", "'+1", "'-2+3"):
        assert cell in text


# -- the real SOP forms: rows and odd field names ---------------------------------------------------------------


@pytest.fixture
def sop_client(sop_engine):
    app = create_app({"TESTING": True, "ENGINE": sop_engine, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False})
    return app.test_client()


def test_add_row_and_field_names_are_bounded(sop_client, sop_engine):
    starter = next(p for p in sop_engine.processes() if p.id == "sop01").start_roles[0]
    inst = sop_engine.start("sop01", actor=starter)
    task = next(t for t in sop_engine.tasks(instance_id=inst.id) if "sasaran" in t.element_id)
    Auth(sop_client).login(task.role)
    url = f"/tasks/{task.id}/complete"
    big = sop_client.post(url, data={"_add_row": "sasaran", "_rows": "40000"})
    assert big.status_code == 200 and len(big.data) < 2_000_000
    assert sop_client.post(url, data={"_add_row": "sasaran", "_rows": "abc"}).status_code == 200
    sneaky = sop_client.post(url, data={"sasaran.99999999999999.nama": "x", "sasaran.².nama": "x"})
    assert sneaky.status_code in (302, 422)
    if sneaky.status_code == 422:
        odd = sop_client.post(url, data={"sasaran.².nama": "x", "sasaran.0.nama": "y"})
        assert odd.status_code in (302, 422)


# -- analyst upload staging --------------------------------------------------------------------------------


def test_staged_form_paths_stay_inside_their_folder(app, client, auth):
    from pathlib import Path

    from ..conftest import DATA

    auth.login("analis")
    token = csrf_token(client, "/analyst/upload")
    staging = Path(app.instance_path) / "staging"
    before = set(staging.rglob("*")) if staging.exists() else set()
    for rel in ("../forms_sibling/pwn.json", "../../pwn.json", "/tmp/pwn.json"):
        response = client.post("/analyst/upload", content_type="multipart/form-data", data={
            "csrf_token": token, f"path_b.schema.json": rel,
            "bpmn": (io.BytesIO((DATA / "processes" / "fx_review.bpmn").read_bytes()), "fx_review.bpmn"),
            "forms": (io.BytesIO(b"{}"), "b.schema.json")})
        assert response.status_code == 400, rel
    after = set(staging.rglob("*")) if staging.exists() else set()
    assert not [p for p in after - before if "pwn" in p.name or "forms_sibling" in str(p)]


def test_stale_uploads_are_removed(tmp_path):
    import os
    import time

    from webui.staging import STALE_AFTER, remove_stale_uploads

    old, fresh = tmp_path / "old", tmp_path / "fresh"
    for folder in (old, fresh):
        (folder / "forms").mkdir(parents=True)
    past = time.time() - STALE_AFTER - 60
    os.utime(old, (past, past))
    assert remove_stale_uploads(tmp_path) == 1
    assert not old.exists() and fresh.exists()


def test_numbers_no_row_can_have_are_a_bad_request(client, auth):
    auth.login("analis")
    big = "100000000000000000000"
    for path in (f"/analyst/processes/fx_review/{big}/diagram.bpmn", f"/analyst/processes/fx_review/{big}",
                 f"/analyst/processes/fx_review/diff?to={big}&from=1", f"/analyst/processes/fx_review/migrate?to={big}"):
        assert client.get(path).status_code == 400, path
