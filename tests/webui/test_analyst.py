"""Analysts through HTTP: upload, check report, deploy; diff and moving instances."""

from __future__ import annotations

import io
import re

from ..conftest import DATA
from .conftest import csrf_token


def test_upload_check_deploy(client, auth, fx_engine):
    auth.login("analis")
    token = csrf_token(client, "/analyst/upload")
    text = (DATA / "processes" / "fx_review.bpmn").read_text().replace("Membuat konsep", "Membuat konsep surat")
    bad = client.post("/analyst/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "bpmn": (io.BytesIO(text.replace('name="KEPALA"', 'name="BUPATI"').encode()), "fx_review.bpmn")})
    assert bad.status_code == 422 and "BUPATI" in bad.data.decode()
    good = client.post("/analyst/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "bpmn": (io.BytesIO(text.encode()), "fx_review.bpmn")})
    assert good.status_code == 200 and "Tidak ada masalah" in good.data.decode()
    deploy_url = re.search(r'action="(/analyst/deploy/[0-9a-f]+)"', good.data.decode()).group(1)
    assert client.post(deploy_url, data={"csrf_token": token}).status_code == 302
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1, 2]
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    refused = client.post("/analyst/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "bpmn": (io.BytesIO(xxe), "evil.bpmn")})
    assert refused.status_code == 422 and "root:" not in refused.data.decode()
    auth.logout()
    auth.login("auditor")
    assert client.post(deploy_url, data={"csrf_token": csrf_token(client, "/audit/")}).status_code == 403


def test_diff_and_migrate_pages(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    auth.login("analis")
    token = csrf_token(client, "/analyst/upload")
    text = (DATA / "processes" / "fx_review.bpmn").read_text().replace(">PT1H<", ">P1D<")
    page = client.post("/analyst/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "bpmn": (io.BytesIO(text.encode()), "fx_review.bpmn")})
    client.post(re.search(r'action="(/analyst/deploy/[0-9a-f]+)"', page.data.decode()).group(1),
                data={"csrf_token": token})
    diff = client.get("/analyst/processes/fx_review/diff?from=1&to=2").data.decode()
    assert "PT1H" in diff and "P1D" in diff
    plan = client.get("/analyst/processes/fx_review/migrate").data.decode()
    assert inst.id[:8] in plan
    # moving needs a reason and the count confirmed
    assert client.post("/analyst/processes/fx_review/migrate", data={"csrf_token": token}).status_code == 422
    assert client.post("/analyst/processes/fx_review/migrate", data={
        "csrf_token": token, "reason": "PT1H terlalu singkat", "confirm_count": "2"}).status_code == 422
    assert fx_engine.instance(inst.id).version == 1
    assert client.post("/analyst/processes/fx_review/migrate", data={
        "csrf_token": token, "reason": "PT1H terlalu singkat", "confirm_count": "1"}).status_code == 200
    assert fx_engine.instance(inst.id).version == 2 and fx_engine.verify(inst.id)[0].ok
    moved = [e for e in fx_engine.history(inst.id) if e.type == "instance_migrated"]
    assert moved[0].payload["reason"] == "PT1H terlalu singkat"
    assert "PT1H terlalu singkat" in client.get(f"/instances/{inst.id}").data.decode()


def test_an_upload_of_another_diagram_under_a_deployed_process_id_is_refused(client, auth, fx_engine):
    auth.login("analis")
    token = csrf_token(client, "/analyst/upload")
    text = (DATA / "processes" / "fx_review.bpmn").read_text().replace('id="fx_review_defs"', 'id="Definitions_1"')
    page = client.post("/analyst/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "bpmn": (io.BytesIO(text.replace("Membuat konsep", "Lain").encode()), "diagram.bpmn")})
    deploy_url = re.search(r'action="(/analyst/deploy/[0-9a-f]+)"', page.data.decode()).group(1)
    refused = client.post(deploy_url, data={"csrf_token": token})
    assert refused.status_code == 422 and "sudah dipasang dari berkas lain" in refused.data.decode()
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1]
