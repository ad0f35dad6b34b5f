"""Auditor pages speak in words: event names, decisions by flow name, data as labelled fields."""

from __future__ import annotations

import re


def _walk(fx_engine, clock):
    inst = fx_engine.start("fx_review", actor="petugas")
    draft = fx_engine.tasks(instance_id=inst.id)[0]
    info = fx_engine.attach(b"%PDF-1.4 surat", actor="petugas", filename="surat-undangan.pdf",
                            media_type="application/pdf")
    clock.advance(minutes=20)
    fx_engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/1", "lampiran": info.ref,
                                                        "jumlah_peserta": 40})
    review = fx_engine.tasks(instance_id=inst.id)[0]
    fx_engine.complete(review.id, actor="kepala", data={"keputusan": "setuju"})
    return inst, info.ref


def test_history_in_words_and_labelled_fields(client, auth, fx_engine, clock):
    inst, ref = _walk(fx_engine, clock)
    auth.login("auditor")
    html = client.get(f"/audit/instances/{inst.id}").data.decode()
    assert "Tugas diselesaikan" in html and "SOP dimulai" in html and "Keputusan: setuju" in html
    for code in ("task_completed", "gateway_taken", "instance_started", "f_ok", "{'", "sha256 "):
        assert code not in html, code
    assert "<dt>Nomor surat</dt>" in html and "<dt>Jumlah peserta</dt>" in html
    assert re.search(r"<dt>Keputusan</dt>\s*<dd[^>]*>Setuju</dd>", html)  # the choice by its title
    assert f'href="/attachments/{ref}">📎 surat-undangan.pdf</a>' in html  # the file by its name
    assert "/ 1 jam" in html and "PT1H" not in html  # the time standard in words


def test_history_in_english(client, auth, fx_engine, clock):
    inst, _ = _walk(fx_engine, clock)
    auth.login("auditor")
    html = client.get(f"/audit/instances/{inst.id}?lang=en").data.decode()
    assert "Task completed" in html and "Decision: setuju" in html
    assert "<dt>Letter number</dt>" in html and re.search(r"<dt>Decision</dt>\s*<dd[^>]*>Approve</dd>", html)


def test_replay_starts_at_the_first_event_and_labels_its_data(client, auth, fx_engine, clock):
    inst, _ = _walk(fx_engine, clock)
    auth.login("auditor")
    html = client.get(f"/audit/instances/{inst.id}/replay").data.decode()
    assert 'value="1" aria-label' in html and "SOP dimulai" in html
    controls = html[html.index('id="replay-form"'):html.index("</form>", html.index('id="replay-form"'))]
    assert controls.index('id="prev"') < controls.index('id="slider"') < controls.index('id="next"')
    later = client.get(f"/audit/instances/{inst.id}/replay?step=6").data.decode()
    assert "<dt>Nomor surat</dt>" in later and "surat-undangan.pdf" in later and "{&#39;" not in later
    frames = client.get(f"/audit/instances/{inst.id}/frames.json").get_json()
    assert frames[0]["type_label"] == "SOP dimulai"
    assert "Membuat konsep" in frames[1]["active_names"]


def test_instance_page_events_in_words(client, auth, fx_engine, clock):
    inst, _ = _walk(fx_engine, clock)
    auth.login("petugas")
    html = client.get(f"/instances/{inst.id}").data.decode()
    assert "Tugas diselesaikan" in html and "Keputusan: setuju" in html and "Disetujui?" in html
    assert "task_completed" not in html and "fx_decision" not in html


def test_audit_pages_name_the_instance_by_its_title(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas", title="Undangan rapat FKPM Kel. Sukamaju")
    auth.login("auditor")
    for url in ("/audit/", f"/audit/instances/{inst.id}", f"/audit/instances/{inst.id}/replay"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "Undangan rapat FKPM Kel. Sukamaju" in page.data.decode(), url
