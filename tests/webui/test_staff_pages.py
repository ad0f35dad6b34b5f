"""Staff pages over HTTP: context on the task page, titles and search, conflicts, drafts, delegation."""

from __future__ import annotations

import io
import re

from .conftest import csrf_token

PDF = b"%PDF-1.4 konsep sprin\n%%EOF\n"


def _open(engine, instance_id, element_id):
    [task] = [t for t in engine.tasks(instance_id=instance_id) if t.element_id == element_id]
    return task


def test_start_asks_for_a_title_and_says_where_the_work_went(client, auth, fx_engine):
    auth.login("petugas")
    page = client.get("/start/fx_review")
    assert page.status_code == 200 and b'name="title"' in page.data
    token = csrf_token(client, "/start/fx_review")
    started = client.post("/start/fx_review", data={"csrf_token": token, "title": "Sprin giat RW 05 Sukamaju"})
    assert started.status_code == 302
    [inst] = fx_engine.instances()
    assert inst.title == "Sprin giat RW 05 Sukamaju"
    draft = _open(fx_engine, inst.id, "fx_draft")
    assert "Sprin giat RW 05 Sukamaju" in client.get("/tasks").data.decode()
    done = client.post(f"/tasks/{draft.id}/complete", data={"csrf_token": token, "nomor_surat": "B/1"},
                       follow_redirects=True)
    html = done.data.decode()
    assert "Diteruskan ke: Memeriksa dan paraf (Kepala)" in html
    listing = client.get("/instances?q=sukamaju").data.decode()
    assert "Sprin giat RW 05 Sukamaju" in listing and "Memeriksa dan paraf" in listing and "menunggu" in listing
    assert "Sprin giat" not in client.get("/instances?q=bukit").data.decode()


def test_reviewer_sees_draft_file_and_reviser_sees_the_note(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas", title="Sprin Kel. Sukamaju")
    doc = fx_engine.attach(PDF, actor="petugas", filename="konsep-sprin.pdf")
    fx_engine.complete(_open(fx_engine, inst.id, "fx_draft").id, actor="petugas",
                       data={"nomor_surat": "B/12/XI/2026", "lampiran": doc.ref})
    review = _open(fx_engine, inst.id, "fx_review_task")
    auth.login("kepala")
    html = client.get(f"/tasks/{review.id}").data.decode()
    context = html[html.index('id="context"'):]
    assert "Nomor surat" in context and "B/12/XI/2026" in context and "konsep-sprin.pdf" in context
    preview = re.search(r'href="(/attachments/[^"]+inline=1)"', context).group(1)
    response = client.get(preview.replace("&amp;", "&"))
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("inline")
    token = csrf_token(client, f"/tasks/{review.id}")
    client.post(f"/tasks/{review.id}/complete", data={"csrf_token": token, "keputusan": "revisi",
                                                       "catatan_koreksi": "Tanggal sprin salah"})
    auth.logout()
    auth.login("petugas")
    again = _open(fx_engine, inst.id, "fx_draft")
    html = client.get(f"/tasks/{again.id}").data.decode()
    note = html[html.index('id="return-note"'):html.index('id="context"')]
    assert "Tanggal sprin salah" in note and "kepala" in note


def test_conflict_answers_409_with_who_and_keeps_the_typed_text(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = _open(fx_engine, inst.id, "fx_draft")
    auth.login("petugas2")
    token = csrf_token(client, f"/tasks/{task.id}")
    fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/first"})
    response = client.post(f"/tasks/{task.id}/complete", data={"csrf_token": token, "nomor_surat": "B/typed-here"})
    assert response.status_code == 409
    html = response.data.decode()
    assert "sudah diselesaikan oleh petugas" in html and 'value="B/typed-here"' in html
    assert "Forbidden" not in html


def test_draft_saved_on_the_server_and_restored_without_javascript(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = _open(fx_engine, inst.id, "fx_draft")
    auth.login("petugas")
    token = csrf_token(client, f"/tasks/{task.id}")
    saved = client.post(f"/tasks/{task.id}/complete", content_type="multipart/form-data", data={
        "csrf_token": token, "_action": "draft", "nomor_surat": "B/draf", "jumlah_peserta": "12",
        "lampiran": (io.BytesIO(PDF), "daftar-hadir.pdf")})
    assert saved.status_code == 200 and fx_engine.task(task.id).task.state == "ready"
    data, _ = fx_engine.draft(task.id, actor="petugas")
    assert data["nomor_surat"] == "B/draf" and data["lampiran"].startswith("sha256:")
    html = client.get(f"/tasks/{task.id}").data.decode()
    assert 'id="draft-note"' in html and 'value="B/draf"' in html and data["lampiran"] in html
    auth.logout()
    auth.login("petugas2")  # a draft is personal
    assert "B/draf" not in client.get(f"/tasks/{task.id}").data.decode()
    auth.logout()
    auth.login("petugas")
    token = csrf_token(client, f"/tasks/{task.id}")
    client.post(f"/tasks/{task.id}/draft/discard", data={"csrf_token": token})
    assert fx_engine.draft(task.id, actor="petugas") is None


def test_delegation_offers_role_holders_only_and_shows_the_reason(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = _open(fx_engine, inst.id, "fx_draft")
    auth.login("petugas")
    html = client.get(f"/tasks/{task.id}").data.decode()
    select = html[html.index('<select id="to"'):html.index("</select>", html.index('<select id="to"'))]
    offered = re.findall(r'<option value="([^"]*)"', select)
    assert offered == ["", "pengawas", "petugas2"]  # nobody preselected; no admin, analyst, auditor, other role
    assert "selected disabled" in select
    token = csrf_token(client, f"/tasks/{task.id}")
    refused = client.post(f"/tasks/{task.id}/delegate", data={"csrf_token": token, "to": "analis", "reason": "x"})
    assert refused.status_code == 422 and fx_engine.task(task.id).task.assignee is None
    client.post(f"/tasks/{task.id}/delegate", data={"csrf_token": token, "to": "petugas2",
                                                     "reason": "Saya dinas luar ke Pulau Tambelan"})
    auth.logout()
    auth.login("petugas2")
    assert "Saya dinas luar ke Pulau Tambelan" in client.get("/tasks?delegated=1").data.decode()
    page = client.get(f"/tasks/{task.id}").data.decode()
    assert 'id="delegation-note"' in page and "Saya dinas luar ke Pulau Tambelan" in page


def test_task_list_filters(client, auth, fx_engine):
    one = fx_engine.start("fx_review", actor="petugas", title="Konflik lahan Sukamaju")
    fx_engine.start("fx_review", actor="petugas", title="Sprin Bukit Raya")
    auth.login("petugas")
    html = client.get("/tasks?q=sukamaju").data.decode()
    assert "Konflik lahan Sukamaju" in html and "Bukit Raya" not in html
    claimed = _open(fx_engine, one.id, "fx_draft")
    fx_engine.claim(claimed.id, actor="petugas")
    mine = client.get("/tasks?mine=1&sort=start").data.decode()
    assert "Konflik lahan Sukamaju" in mine and "Bukit Raya" not in mine
    assert client.get("/tasks?sort=bogus&due=whenever").status_code == 200  # unknown values fall back


def test_notification_preferences_page(client, auth, fx_engine):
    auth.login("kepala")
    token = csrf_token(client, "/settings/notifications")
    bad = client.post("/settings/notifications", data={"csrf_token": token, "email": "not an address"})
    assert bad.status_code == 422
    client.post("/settings/notifications", data={"csrf_token": token, "email": "kepala@polres.test",
                                                 "on_arrival": "1", "digest": "1"})
    prefs = fx_engine.notification_prefs("kepala")
    assert prefs["email"] == "kepala@polres.test" and prefs["on_arrival"] and not prefs["on_delegated"]
    assert prefs["digest"]
