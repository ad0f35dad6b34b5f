"""Forms: one row per "+ Tambah baris", rows removable, decisions as choices, rupiah amounts,
dates starting today (local), attachments by file name and removable. All without JavaScript."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

import pytest

from tests.conftest import DATA, make_engine
from webui import create_app

from .conftest import Auth, csrf_token


@pytest.fixture
def forms_engine(database_url, clock):
    engine = make_engine(database_url, clock, DATA / "forms_fixture", DATA / "forms_fixture")
    engine.deploy(actor="tester")
    engine.add_user("petugas", ["petugas"], "pw")
    yield engine
    engine.close()


@pytest.fixture
def session(forms_engine):
    app = create_app({"TESTING": True, "ENGINE": forms_engine, "SECRET_KEY": "t", "LOGIN_LIMIT": "100 per minute"})
    client = app.test_client()
    Auth(client).login("petugas")
    inst = forms_engine.start("fx_forms", actor="petugas")
    task = forms_engine.tasks(instance_id=inst.id)[0]
    return client, task.id, csrf_token(client, f"/tasks/{task.id}")


def _rows(html: str, name: str = "peserta") -> list[str]:
    return re.findall(rf'data-row="{name}\.(\d+)"', html)


def test_add_row_adds_exactly_one_row_and_keeps_what_was_typed(session):
    client, task, token = session
    fresh = client.get(f"/tasks/{task}").data.decode()
    assert _rows(fresh) == ["0"] and 'name="_rows.peserta" value="1"' in fresh
    once = client.post(f"/tasks/{task}/complete", data={
        "csrf_token": token, "peserta.0.nama": "Pak RT", "_rows.peserta": "1", "_add_row": "peserta"})
    html = once.data.decode()
    assert once.status_code == 200 and _rows(html) == ["0", "1"]  # typed row + exactly one new row
    assert 'value="Pak RT"' in html and "has-error" not in html
    twice = client.post(f"/tasks/{task}/complete", data={
        "csrf_token": token, "peserta.0.nama": "Pak RT", "_rows.peserta": "2", "_add_row": "peserta"})
    assert _rows(twice.data.decode()) == ["0", "1", "2"]  # the untyped blank row is kept, one more added


def test_remove_row_without_javascript(session, forms_engine):
    client, task, token = session
    page = client.post(f"/tasks/{task}/complete", data={
        "csrf_token": token, "peserta.0.nama": "Pak RT", "peserta.1.nama": "Bu Lurah", "peserta.2.nama": "",
        "_rows.peserta": "3", "_remove_row": "peserta.0"}).data.decode()
    assert _rows(page) == ["0", "1"] and 'value="Bu Lurah"' in page and "Pak RT" not in page
    assert 'name="_remove_row" value="peserta.0"' in page
    done = client.post(f"/tasks/{task}/complete", data={
        "csrf_token": token, "peserta.0.nama": "Bu Lurah", "konflik_pecah": "false", "tanggal": "2026-03-02"})
    assert done.status_code == 302
    assert forms_engine.task(task).data["peserta"] == [{"nama": "Bu Lurah"}]


def test_a_routing_decision_is_a_choice_not_a_required_checkbox(session, forms_engine):
    client, task, token = session
    html = client.get(f"/tasks/{task}").data.decode()
    assert re.search(r'type="radio" name="konflik_pecah" value="true"\s*>\s*Ya', html)
    assert re.search(r'type="radio" name="konflik_pecah" value="false"\s*>\s*Tidak', html)
    assert 'type="checkbox" id="f-konflik_pecah"' not in html
    assert 'type="checkbox" id="f-dihadiri_camat"' in html  # an optional boolean stays a checkbox
    missing = client.post(f"/tasks/{task}/complete", data={"csrf_token": token})
    assert missing.status_code == 422 and re.search(r'id="f-konflik_pecah-error"[^>]*>Wajib diisi', missing.data.decode())
    assert client.post(f"/tasks/{task}/complete", data={"csrf_token": token, "konflik_pecah": "false"}).status_code == 302
    assert forms_engine.task(task).data["konflik_pecah"] is False


def test_rupiah_with_thousands_separators(session, forms_engine):
    client, task, token = session
    assert 'placeholder="1.500.000"' in client.get(f"/tasks/{task}").data.decode()
    again = client.post(f"/tasks/{task}/complete", data={"csrf_token": token, "anggaran": "Rp 1.500.000"})
    assert again.status_code == 422 and 'value="1.500.000"' in again.data.decode()  # kept, shown grouped
    bad = client.post(f"/tasks/{task}/complete", data={"csrf_token": token, "anggaran": "1.50.00",
                                                       "konflik_pecah": "true"})
    assert bad.status_code == 422 and 'id="f-anggaran-error"' in bad.data.decode()
    assert client.post(f"/tasks/{task}/complete", data={
        "csrf_token": token, "anggaran": "1.500.000", "konflik_pecah": "true"}).status_code == 302
    assert forms_engine.task(task).data["anggaran"] == 1500000


def test_dates_start_at_the_local_today(session, clock):
    client, task, _ = session
    clock.set(datetime(2026, 3, 2, 18, 30, tzinfo=timezone.utc))  # already 3 March in WIB (01:30), same session
    assert 'name="tanggal" type="date" value="2026-03-03"' in client.get(f"/tasks/{task}").data.decode()


def test_attachments_by_file_name_and_removable(session, forms_engine):
    client, task, token = session
    shown = client.post(f"/tasks/{task}/complete", content_type="multipart/form-data", data={
        "csrf_token": token, "dokumen": (io.BytesIO(b"%PDF-1.4 undangan"), "undangan-rapat.pdf"),
        "_rows.peserta": "1", "_add_row": "peserta"}).data.decode()
    assert "undangan-rapat.pdf" in shown and "Lampiran c" not in shown
    ref = re.search(r'name="dokumen.__ref" value="(sha256:[0-9a-f]{64})" checked', shown).group(1)
    kept = client.post(f"/tasks/{task}/complete", data={"csrf_token": token, "konflik_pecah": "true"})
    assert kept.status_code == 302  # the box left unticked: the carried-over file is not attached
    assert "dokumen" not in forms_engine.task(task).data and ref


def test_auditors_read_amounts_and_decisions_in_words(session, forms_engine):
    client, task, token = session
    assert client.post(f"/tasks/{task}/complete", data={
        "csrf_token": token, "anggaran": "2.750.000", "konflik_pecah": "true"}).status_code == 302
    forms_engine.add_user("auditor", ["auditor"], "pw")
    Auth(client).logout()
    Auth(client).login("auditor")
    html = client.get(f"/audit/instances/{forms_engine.task(task).task.instance_id}").data.decode()
    assert re.search(r"<dt>Anggaran \(Rp\)</dt>\s*<dd[^>]*>Rp 2.750.000</dd>", html)
    assert re.search(r"<dt>Konflik tetap pecah\?</dt>\s*<dd[^>]*>Ya</dd>", html)


def test_enter_in_a_field_never_adds_or_removes_a_row(session):
    client, task, _ = session
    html = client.get(f"/tasks/{task}").data.decode()
    form = html[html.index('class="task-form"'):]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'type="submit"' in first_button and "_add_row" not in first_button and "_remove_row" not in first_button
