"""Units on the web: what each post sees per route, and sensitive fields in pages, the API and exports."""

from __future__ import annotations

import json

import pytest

from engine.org.sensitive import HIDDEN, VIEWER
from webui import create_app

from ..conftest import copied_fixtures, make_engine
from ..engine.helpers import open_task
from ..engine.test_units import PEOPLE_CSV, UNITS_CSV
from .conftest import Auth

SECRET = "LP/B/77/XI/2026 saksi Andi"


@pytest.fixture
def org(database_url, clock, tmp_path):
    """The fixture processes with the draft's letter number readable only by the head (kepala)."""
    processes, forms = copied_fixtures(tmp_path)
    draft = forms / "fx" / "draft.schema.json"
    schema = json.loads(draft.read_text())
    schema["properties"]["nomor_surat"]["x-sensitive"] = ["kepala"]
    draft.write_text(json.dumps(schema))
    engine = make_engine(database_url, clock, processes, forms)
    engine.deploy(actor="tester")
    engine.import_units(UNITS_CSV)
    engine.import_people(PEOPLE_CSV)
    for nrp in ("p1", "p2", "p3", "p4", "pa", "pb", "kp", "kg"):
        engine.add_user(nrp, engine.user(nrp).posts, "pw")
    engine.add_user("aud_tpi", ["auditor@TPI"], "pw")
    engine.add_user("kd", ["kapolda@KEPRI"], "pw")
    engine.add_user("kdg", ["kapolda@GTO"], "pw")
    engine.add_user("aud_all", ["auditor"], "pw")
    engine.add_user("admin", ["admin"], "pw")
    engine.add_user("analis", ["analyst"], "pw")
    yield engine
    engine.close()


@pytest.fixture
def case(org):
    """An instance in Kel. Sukamaju (D-1), its draft done by p1, waiting for the head of TPI."""
    inst = org.start("fx_review", actor="p1", title="Surat Kel. Sukamaju")
    draft = open_task(org, inst.id, "fx_draft")
    org.complete(draft.id, actor="p1", data={"nomor_surat": SECRET, "jumlah_peserta": 3})
    return inst, open_task(org, inst.id, "fx_review_task")


@pytest.fixture
def web(org):
    app = create_app({"TESTING": True, "ENGINE": org, "SECRET_KEY": "test-secret", "LOGIN_LIMIT": "100 per minute"})
    return app.test_client()


def _as(client, username):
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    auth = Auth(client)
    auth.logout()
    assert auth.login(username).status_code == 302
    return client


# who may open the instance page, the review task and the audit history of a case in D-1 (under PS-A, TPI)
MATRIX = {
    "p1": (200, 403, 403),  # the village officer who started it: the case, not the head's review
    "p2": (403, 403, 403),  # the officer of the neighbouring village
    "p4": (403, 403, 403),  # an officer in Gorontalo
    "pa": (200, 403, 403),  # the Polsek's supervisor sees the subtree, is no lane of the review
    "pb": (403, 403, 403),  # the other Polsek's supervisor
    "kp": (200, 200, 403),  # the head of TPI: the review is his
    "kg": (403, 403, 403),  # the head of Gorontalo Kota
    "kd": (200, 403, 403),  # the Kapolda of Kepri supervises the Polda's subtree, is no lane of the review
    "kdg": (403, 403, 403),  # the Kapolda of Gorontalo
    "aud_tpi": (200, 200, 200),  # an auditor of TPI
    "aud_all": (200, 200, 200),
}


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_route_matrix_by_post(org, case, web, username):
    inst, review = case
    client = _as(web, username)
    expected = MATRIX[username]
    got = (client.get(f"/instances/{inst.id}").status_code, client.get(f"/tasks/{review.id}").status_code,
           client.get(f"/audit/instances/{inst.id}").status_code)
    assert got == expected
    listed = inst.id in client.get("/instances").get_data(as_text=True)
    assert listed == (expected[0] == 200)
    api = client.get("/api/v1/instances").get_json()
    assert isinstance(api, list), api
    assert (inst.id in {i["id"] for i in api}) == (expected[0] == 200)


def test_other_units_auditor_sees_nothing_of_tpi(org, case, web):
    org.add_user("aud_gto", ["auditor@GTO"], "pw")
    inst, review = case
    client = _as(web, "aud_gto")
    assert client.get(f"/audit/instances/{inst.id}").status_code == 403
    assert client.get(f"/tasks/{review.id}").status_code == 403
    export = client.get("/audit/export/csv").get_data(as_text=True)
    assert inst.id not in export
    assert inst.id in _as(web, "aud_tpi").get("/audit/export/csv").get_data(as_text=True)


def test_sensitive_value_only_for_its_posts_and_auditors(org, case, web):
    inst, review = case
    assert SECRET in _as(web, "kp").get(f"/tasks/{review.id}").get_data(as_text=True)
    assert SECRET in _as(web, "aud_tpi").get(f"/audit/instances/{inst.id}").get_data(as_text=True)
    org.add_user("pt", ["petugas@TPI"], "pw")  # staff of TPI: sees the case, not the value
    client = _as(web, "pt")
    page = client.get(f"/instances/{inst.id}")
    assert page.status_code == 200 and SECRET not in page.get_data(as_text=True)
    history = client.get(f"/api/v1/instances/{inst.id}/history").get_json()
    [done] = [e for e in history if e["type"] == "task_completed"]
    assert done["payload"]["data"]["nomor_surat"] == HIDDEN
    assert done["payload"]["data"]["jumlah_peserta"] == 3
    # exports of an administrator (no post of the field) leave it out too
    export = _as(web, "admin").get("/audit/export/csv").get_data(as_text=True)
    assert inst.id in export and SECRET not in export
    # never searchable by others
    found = _as(web, "pt").get("/instances?q=saksi").get_data(as_text=True)
    assert inst.id not in found


def test_reading_a_sensitive_value_is_audited_and_the_chain_still_verifies(org, case):
    inst, review = case
    token = VIEWER.set("kp")
    try:
        ctx = org.task_context(review.id)
        [step] = ctx.steps
        assert {v.key: v.text for v in step.values}["nomor_surat"] == SECRET
    finally:
        VIEWER.reset(token)
    token = VIEWER.set("kg")
    try:
        [step] = org.task_context(review.id).steps
        assert {v.key: v.text for v in step.values}["nomor_surat"] == HIDDEN
    finally:
        VIEWER.reset(token)
    reads = [e for e in org.history(inst.id) if e.type == "sensitive_read"]
    assert [(e.actor, e.payload["fields"]) for e in reads] == [("kp", ["nomor_surat"])]
    [result] = org.verify(inst.id)
    assert result.ok, result.problem


def test_sensitive_values_never_reach_mails(org):
    from sqlalchemy import select

    from engine.store.models import MailOutbox

    org.set_notification_prefs("kp", email="kp@example.test", digest=False, kinds={"arrival", "delegated"})
    inst = org.start("fx_review", actor="p1", title="Surat rahasia")
    draft = open_task(org, inst.id, "fx_draft")
    org.complete(draft.id, actor="p1", data={"nomor_surat": SECRET, "jumlah_peserta": 3})
    with org.db.reading() as session:
        bodies = [m.subject + m.body for m in session.scalars(select(MailOutbox))]
    assert bodies and all("saksi Andi" not in b and "LP/B/77" not in b for b in bodies)


def test_arrival_mail_goes_to_the_post_holder_of_the_tasks_unit_only(org):
    from sqlalchemy import select

    from engine.store.models import MailOutbox

    for name in ("kp", "kg"):
        org.set_notification_prefs(name, email=f"{name}@example.test", digest=False, kinds={"arrival"})
    inst = org.start("fx_review", actor="p1")
    org.complete(open_task(org, inst.id, "fx_draft").id, actor="p1", data={"nomor_surat": "B/9"})
    with org.db.reading() as session:
        told = {m.username for m in session.scalars(select(MailOutbox).where(MailOutbox.kind == "arrival"))}
    assert "kp" in told and "kg" not in told
