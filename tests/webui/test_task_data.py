"""Over HTTP: a task page shows only its own step's earlier answers and declared inputs, and a
completion records only what that form submitted (never another step's document)."""

from __future__ import annotations

import io
import re

import pytest

from ..conftest import DATA
from .conftest import csrf_token

SHARED = DATA / "taskdata" / "fx_shared.bpmn"


@pytest.fixture
def shared(fx_engine):
    fx_engine.deploy([SHARED], actor="tester")
    return fx_engine


def _form(page: str) -> str:
    """The task's own form on the page (earlier steps are shown read-only above it, as context)."""
    start = page.index('class="task-form"')
    return page[start:page.index("</form>", start)]


def _open(engine, instance_id, element_id):
    [task] = [t for t in engine.tasks(instance_id=instance_id) if t.element_id == element_id]
    return task


def test_the_next_step_page_is_empty_and_a_carried_document_is_not_recorded(client, auth, shared):
    inst = shared.start("fx_shared", actor="petugas")
    photo = _open(shared, inst.id, "sh_photo")
    auth.login("petugas")
    token = csrf_token(client, f"/tasks/{photo.id}")
    posted = client.post(f"/tasks/{photo.id}/complete", content_type="multipart/form-data", data={
        "csrf_token": token, "nomor": "Sprin/7/2026", "catatan": "lokasi aman", "keputusan": "lanjut",
        "foto": (io.BytesIO(b"\x89PNG\r\n\x1a\n lokasi"), "lokasi.png")})
    assert posted.status_code == 302
    ref = shared.task(photo.id).data["foto"]
    auth.logout()

    check = _open(shared, inst.id, "sh_check")
    auth.login("kepala")
    page = _form(client.get(f"/tasks/{check.id}").data.decode())
    assert "Sprin/7/2026" not in page and "lokasi aman" not in page and ref not in page
    assert not re.search(r'name="keputusan" value="lanjut"\s+checked|<option value="lanjut" selected', page)
    # a stale page or a forged field still carrying the other step's photo does not make it evidence here
    token = csrf_token(client, f"/tasks/{check.id}")
    posted = client.post(f"/tasks/{check.id}/complete", data={
        "csrf_token": token, "catatan": "diperiksa", "keputusan": "ulang", "foto.__ref": ref})
    assert posted.status_code == 302
    assert shared.task(check.id).data == {"catatan": "diperiksa", "keputusan": "ulang"}
    auth.logout()

    again = _open(shared, inst.id, "sh_photo")
    auth.login("petugas")
    page = client.get(f"/tasks/{again.id}").data.decode()
    assert 'value="Sprin/7/2026"' in page and ref in page  # the same step's own answers come back
    assert "diperiksa" not in _form(page)
    token = csrf_token(client, f"/tasks/{again.id}")
    posted = client.post(f"/tasks/{again.id}/complete", data={
        "csrf_token": token, "nomor": "Sprin/7/2026", "foto.__ref": ref, "keputusan": "lanjut"})
    assert posted.status_code == 302
    assert shared.task(again.id).data == {"nomor": "Sprin/7/2026", "foto": ref, "keputusan": "lanjut"}


def test_the_api_offers_the_same_values_as_the_page(client, shared):
    inst = shared.start("fx_shared", actor="petugas")
    shared.complete(_open(shared, inst.id, "sh_photo").id, actor="petugas", data={"nomor": "B/1", "catatan": "x"})
    check = _open(shared, inst.id, "sh_check")
    token = shared.create_token("kepala")
    body = client.get(f"/api/v1/tasks/{check.id}", headers={"Authorization": f"Bearer {token}"}).json
    assert body["data"] == {} and body["inputs"] == []


def test_a_declared_input_that_is_not_a_field_is_shown_read_only(client, auth, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    fx_engine.complete(_open(fx_engine, inst.id, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/1"})
    fx_engine.complete(_open(fx_engine, inst.id, "fx_review_task").id, actor="kepala",
                       data={"keputusan": "revisi", "catatan_koreksi": "perbaiki tanggal"})
    draft = _open(fx_engine, inst.id, "fx_draft")
    auth.login("petugas")
    page = client.get(f"/tasks/{draft.id}").data.decode()
    block = page.split('class="card task-inputs"')[1].split("</div>")[0]
    assert "perbaiki tanggal" in block and "Memeriksa dan paraf" in block
    assert 'name="catatan_koreksi"' not in page


def test_declared_inputs_fill_their_fields_on_the_page(client, auth, shared):
    photo = shared.attach(b"\x89PNG\r\n\x1a\n lokasi", actor="petugas", filename="lokasi.png")
    inst = shared.start("fx_shared", actor="petugas", data={"keputusan": "lanjut"})
    shared.complete(_open(shared, inst.id, "sh_photo").id, actor="petugas",
                    data={"catatan": "dari pemotret", "foto": photo.ref})
    shared.complete(_open(shared, inst.id, "sh_check").id, actor="kepala", data={"catatan": "cek", "keputusan": "lanjut"})
    sign = _open(shared, inst.id, "sh_sign")
    auth.login("kepala")
    page = client.get(f"/tasks/{sign.id}").data.decode()
    assert 'value="dari pemotret"' in page and ">cek</textarea>" in page  # declared inputs fill their fields
    assert photo.ref not in _form(page)  # the photo step's document was not declared, so it does not arrive
