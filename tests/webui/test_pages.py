"""Every page against every kind of user: allowed roles succeed, others get 403, anonymous users log in."""

from __future__ import annotations

import re

import pytest

from .conftest import csrf_token

USERS = ["petugas", "kepala", "pengawas", "auditor", "analis", "admin"]


@pytest.fixture
def world(fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = fx_engine.tasks(instance_id=inst.id)[0]
    return {"instance": inst.id, "task": task.id}


def _pages(world):
    i, t = world["instance"], world["task"]
    staff = {"petugas", "kepala", "pengawas"}
    everyone = set(USERS)
    viewers = {"petugas", "kepala", "auditor", "analis", "admin"}  # pengawas has no lane in fx_review
    reports = {"auditor", "admin", "kepala", "pengawas"}  # kepala and pengawas supervise (roles.toml)
    return [
        ("/tasks", everyone), ("/start", everyone), ("/instances", everyone),
        ("/tasks?q=surat&state=ready&due=soon&mine=1&delegated=1&sort=start", everyone),
        ("/instances?q=surat&due=overdue&mine=1&sort=due", everyone),
        ("/start/fx_review", {"petugas"}), ("/settings/notifications", everyone),
        (f"/tasks/{t}", {"petugas", "auditor", "analis", "admin"}),  # analysts read steps and their notes
        (f"/instances/{i}", viewers), (f"/instances/{i}/diagram.bpmn", viewers), (f"/instances/{i}/state.json", viewers),
        ("/audit/", {"auditor", "admin"}), ("/audit/verify", {"auditor", "admin"}),
        # reports, scoped to what each sees: auditors, administrators and supervising posts
        ("/audit/sla", reports), ("/audit/sla?format=csv", reports),
        ("/audit/export/xes", reports), ("/audit/export/csv", reports), ("/audit/export/ocel", reports),
        ("/unassignable", reports),
        (f"/audit/instances/{i}", {"auditor", "admin"}), (f"/audit/instances/{i}/replay", {"auditor", "admin"}),
        (f"/audit/instances/{i}/frames.json", {"auditor", "admin"}),
        ("/analyst/", {"analis", "admin"}), ("/analyst/upload", {"analis", "admin"}),
        ("/analyst/processes/fx_review/1", {"analis", "admin"}), ("/analyst/processes/fx_review/diff", {"analis", "admin"}),
        ("/analyst/processes/fx_review/migrate", {"analis", "admin"}),
        ("/analyst/processes/fx_review/1/modeler", {"analis", "admin"}),
    ], staff


def test_every_page_for_every_user(client, auth, world):
    pages, _ = _pages(world)
    for path, _allowed in pages:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for user in USERS:
        auth.login(user)
        for path, allowed in pages:
            status = client.get(path).status_code
            assert status == (200 if user in allowed else 403), f"{user} {path} -> {status}"
        auth.logout()


def test_post_actions_need_the_right_role(client, auth, world, fx_engine):
    t = world["task"]
    for user in ("kepala", "auditor", "analis"):
        auth.login(user)
        token = csrf_token(client, "/instances")
        assert client.post(f"/tasks/{t}/claim", data={"csrf_token": token}).status_code == 403
        assert client.post(f"/tasks/{t}/complete", data={"csrf_token": token, "nomor_surat": "x"}).status_code == 403
        assert client.post("/start/fx_review", data={"csrf_token": token}).status_code == 403
        draft = {"csrf_token": token, "_action": "draft", "nomor_surat": "x"}
        assert client.post(f"/tasks/{t}/complete", data=draft).status_code == 403
        assert client.post(f"/tasks/{t}/delegate", data={"csrf_token": token, "to": "petugas2",
                                                         "reason": "x"}).status_code == 403
        auth.logout()
    assert fx_engine.tasks(instance_id=world["instance"])[0].state == "ready"


def test_claim_fill_complete_loop_without_javascript(client, auth, world, fx_engine):
    t = world["task"]
    auth.login("petugas")
    page = client.get("/tasks")
    assert f"/tasks/{t}".encode() in page.data
    token = csrf_token(client, f"/tasks/{t}")
    assert client.post(f"/tasks/{t}/claim", data={"csrf_token": token}).status_code == 302
    bad = client.post(f"/tasks/{t}/complete", data={"csrf_token": token, "jumlah_peserta": "-5",
                                                    "tanggal_surat": "2026-02-30"})
    assert bad.status_code == 422
    html = bad.data.decode()
    assert re.search(r'id="f-nomor_surat-error"[^>]*>Wajib diisi', html)
    assert 'id="f-jumlah_peserta-error"' in html and 'value="-5"' in html  # entered value kept
    assert 'id="f-tanggal_surat-error"' in html
    good = client.post(f"/tasks/{t}/complete", data={"csrf_token": token, "nomor_surat": "B/12/III/2026",
                                                     "jumlah_peserta": "40", "tanggal_surat": "2026-03-02"})
    assert good.status_code == 302
    done = fx_engine.task(t)
    assert done.task.state == "completed" and done.data == {"nomor_surat": "B/12/III/2026", "jumlah_peserta": 40,
                                                           "tanggal_surat": "2026-03-02"}


def test_attachment_upload_through_the_form_and_download_rights(client, auth, world, fx_engine):
    import io

    t = world["task"]
    auth.login("petugas")
    token = csrf_token(client, f"/tasks/{t}")
    response = client.post(f"/tasks/{t}/complete", content_type="multipart/form-data", data={
        "csrf_token": token, "nomor_surat": "B/1", "lampiran": (io.BytesIO(b"%PDF-1.4 signed"), "surat.pdf")})
    assert response.status_code == 302
    ref = fx_engine.task(t).data["lampiran"]
    assert client.get(f"/attachments/{ref}").data == b"%PDF-1.4 signed"
    auth.logout()
    auth.login("pengawas")  # no lane in this process, did not upload it
    assert client.get(f"/attachments/{ref}").status_code == 404  # forbidden answers as unknown does
    auth.logout()
    auth.login("kepala")
    download = client.get(f"/attachments/{ref}")
    assert download.status_code == 200 and download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]


def test_missing_csrf_token_is_refused(client, auth, world):
    auth.login("petugas")
    assert client.post(f"/tasks/{world['task']}/claim").status_code == 400


def test_login_is_throttled_and_rotates_the_session(client):
    first = client.get("/login")
    token = csrf_token(client, "/login")
    for _ in range(5):
        assert client.post("/login", data={"username": "petugas", "password": "wrong", "csrf_token": token}).status_code == 401
    assert client.post("/login", data={"username": "petugas", "password": "pw", "csrf_token": token}).status_code == 429


def test_session_is_new_after_login(client, auth):
    client.get("/login")
    before = client.get_cookie("sopflow_session")
    auth.login("petugas")
    after = client.get_cookie("sopflow_session")
    assert after is not None and (before is None or before.value != after.value)
    assert after.http_only


def test_language_switch(client, auth):
    auth.login("petugas")
    assert "Tugas saya" in client.get("/tasks").data.decode()
    token = csrf_token(client, "/tasks")
    client.post("/lang/en", data={"csrf_token": token, "next": "/tasks"})
    assert "My tasks" in client.get("/tasks").data.decode()


def test_open_redirect_after_login_is_refused(client):
    token = csrf_token(client, "/login")
    response = client.post("/login?next=//evil.example/x", data={"username": "petugas", "password": "pw",
                                                               "csrf_token": token})
    assert response.headers["Location"] == "/tasks" or response.headers["Location"].endswith("/")


def test_a_later_review_does_not_arrive_with_the_earlier_decision_chosen(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    fx_engine.complete(fx_engine.tasks(instance_id=inst.id)[0].id, actor="petugas", data={"nomor_surat": "B/1"})
    fx_engine.complete(fx_engine.tasks(instance_id=inst.id)[0].id, actor="kepala", data={"keputusan": "revisi"})
    draft = fx_engine.tasks(instance_id=inst.id)[0]
    auth.login("petugas")
    assert 'value="B/1"' in client.get(f"/tasks/{draft.id}").data.decode()  # the author sees their earlier text
    fx_engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/2"})
    review = fx_engine.tasks(instance_id=inst.id)[0]
    auth.logout()
    auth.login("kepala")
    page = client.get(f"/tasks/{review.id}").data.decode()
    assert "checked" not in page.split('id="f-keputusan"')[1].split("</div>")[0]
