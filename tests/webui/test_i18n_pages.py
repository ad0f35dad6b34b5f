"""Bahasa Indonesia and English everywhere: state badges, error pages, no code words."""

from __future__ import annotations


def test_state_badges_in_both_languages(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    auth.login("petugas")
    listing = client.get("/instances").data.decode()
    assert '<span class="badge state-running">berjalan</span>' in listing
    english = client.get("/instances?lang=en").data.decode()
    assert '<span class="badge state-running">running</span>' in english
    client.get("/instances?lang=id")
    auth.logout()
    auth.login("auditor")
    assert '<span class="badge state-running">berjalan</span>' in client.get("/audit/").data.decode()
    assert "berjalan</span>" in client.get(f"/instances/{inst.id}").data.decode()


def test_error_pages_speak_the_ui_language(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = fx_engine.tasks(instance_id=inst.id)[0]
    auth.login("kepala")
    forbidden = client.get(f"/tasks/{task.id}")
    html = forbidden.data.decode()
    assert forbidden.status_code == 403 and "<h1>Tidak diizinkan</h1>" in html and "Forbidden" not in html
    missing = client.get("/tidak-ada").data.decode()
    assert "<h1>Tidak ditemukan</h1>" in missing and "Not Found" not in missing
    assert "<h1>Cara akses tidak diizinkan</h1>" in client.post("/tasks").data.decode()
    client.get("/instances?lang=en")
    html = client.get(f"/tasks/{task.id}").data.decode()
    assert "<h1>Not allowed</h1>" in html and "You may not open this page." in html
    assert "<h1>Not found</h1>" in client.get("/nothing-here").data.decode()


def test_api_errors_stay_problem_details(client, auth, fx_engine):
    auth.login("kepala")
    response = client.get("/api/v1/tasks/nope")
    assert response.status_code in (401, 404) and response.is_json
