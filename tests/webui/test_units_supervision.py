"""Supervisors on the web: tasks nobody holds (page, badge, API), the Kapolda's scoped reports, and
analysts deploying per unit."""

from __future__ import annotations

import re

import pytest

from .conftest import csrf_token
from .test_units_web import _as, case, org, web  # noqa: F401  (fixtures)


@pytest.fixture
def vacant(org):  # noqa: F811
    """A draft in Kel. Batu Sembilan (D-3, under PS-B, TPI) whose only officer was transferred away."""
    inst = org.start("fx_review", actor="p3", title="Surat Kel. Batu Sembilan")
    org.move_user("p3", to_unit="D-4")
    [draft] = [t for t in org.tasks(instance_id=inst.id) if t.element_id == "fx_draft"]
    return inst, draft


@pytest.mark.parametrize("username", ["kp", "kd", "pb"])
def test_supervisors_of_the_unit_see_the_task_nobody_holds(web, vacant, username):  # noqa: F811
    inst, draft = vacant
    client = _as(web, username)
    page = client.get("/unassignable")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'data-task="{draft.id}"' in html
    assert "Kel. Batu Sembilan" in html and "Petugas" in html  # the unit and the empty post, by name
    assert f'href="/instances/{inst.id}"' in html
    assert "--role petugas@D-3" in html  # the way forward: the post to fill
    badge = re.search(r'class="nav-unassignable">[^<]*<span class="count alert">(\d+)</span>', html)
    assert badge and badge.group(1) == "1"
    assert client.get(f"/instances/{inst.id}").status_code == 200  # the link leads somewhere they may look
    [row] = client.get("/api/v1/unassignable").get_json()
    assert (row["id"], row["unit"], row["role"], row["post_needed"]) == (draft.id, "D-3", "petugas", "petugas@D-3")
    assert row["unit_name"] == "Kel. Batu Sembilan" and row["unassignable_since"]


@pytest.mark.parametrize("username", ["kg", "kdg", "pa"])
def test_other_subtrees_supervisors_see_none_of_it(web, vacant, username):  # noqa: F811
    client = _as(web, username)
    html = client.get("/unassignable").get_data(as_text=True)
    _, draft = vacant
    assert draft.id not in html and "Semua tugas di satuan Anda punya pemegang" in html
    assert client.get("/api/v1/unassignable").get_json() == []


def test_staff_who_supervise_nothing_have_no_such_page(web, vacant):  # noqa: F811
    client = _as(web, "p1")
    assert client.get("/unassignable").status_code == 403
    assert "nav-unassignable" not in client.get("/tasks").get_data(as_text=True)
    assert client.get("/api/v1/unassignable").get_json() == []


def test_filling_the_post_empties_the_list(org, web, vacant):  # noqa: F811
    _, draft = vacant
    org.add_user("p7", ["petugas@D-3"], "pw")
    html = _as(web, "kp").get("/unassignable").get_data(as_text=True)
    assert draft.id not in html
    assert re.search(r'class="nav-unassignable">[^<]*<span class="count">0</span>', html)
    assert [t.id for t in org.tasks(user="p7")] == [draft.id]


def test_kapolda_reads_the_reports_of_the_polda_only(org, case, web):  # noqa: F811
    inst, _ = case
    kepri = _as(web, "kd")
    assert kepri.get("/audit/sla").status_code == 200
    assert inst.id in kepri.get("/audit/export/csv").get_data(as_text=True)
    assert kepri.get(f"/audit/instances/{inst.id}").status_code == 403  # reports, not the audit trail
    gorontalo = _as(web, "kdg")
    assert gorontalo.get("/audit/export/csv").status_code == 200
    assert inst.id not in gorontalo.get("/audit/export/csv").get_data(as_text=True)
    assert _as(web, "p1").get("/audit/sla").status_code == 403


def test_analyst_deploys_a_version_for_one_unit(org, web):  # noqa: F811
    client = _as(web, "analis")
    index = client.get("/analyst/").get_data(as_text=True)
    assert "Versi yang berlaku per satuan" in index and 'data-unit=""' in index
    token = csrf_token(client, "/analyst/")
    answer = client.post("/analyst/processes/fx_review/deployments", data={"csrf_token": token, "version": "1",
                                                                           "unit": "GK"})
    assert answer.status_code == 302
    assert {d.unit: d.version for d in org.deployments("fx_review")} == {None: 1, "GK": 1}
    assert 'data-unit="GK"' in client.get("/analyst/").get_data(as_text=True)
    bad = client.post("/analyst/processes/fx_review/deployments", data={"csrf_token": token, "version": "1",
                                                                        "unit": "NOWHERE"})
    assert bad.status_code == 400
    assert {d.unit for d in org.deployments("fx_review")} == {None, "GK"}
    api = client.get("/api/v1/processes/fx_review/deployments").get_json()
    assert [(d["unit"], d["version"]) for d in api] == [(None, 1), ("GK", 1)]


def test_api_deploys_and_moves_only_for_analysts(org, web):  # noqa: F811
    staff = _as(web, "kp")
    headers = {"X-CSRFToken": csrf_token(staff, "/tasks")}
    refused = staff.post("/api/v1/processes/fx_review/deployments", json={"version": 1, "unit": "TPI"}, headers=headers)
    assert refused.status_code == 403
    client = _as(web, "analis")
    headers = {"X-CSRFToken": csrf_token(client, "/analyst/")}
    made = client.post("/api/v1/processes/fx_review/deployments", json={"version": 1, "unit": "TPI"}, headers=headers)
    assert made.status_code == 201 and made.get_json()["deployed"] is True
    assert client.post("/api/v1/processes/fx_review/deployments", json={"version": "1"},
                       headers=headers).status_code == 400
    dry = client.post("/api/v1/processes/fx_review/migrations", json={"dry_run": True}, headers=headers)
    assert dry.status_code == 200 and dry.get_json() == []
    assert client.post("/api/v1/processes/fx_review/migrations", json={}, headers=headers).status_code == 400
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/unassignable", "/processes/{process_id}/deployments", "/processes/{process_id}/migrations"} <= set(spec["paths"])


def test_an_analyst_of_one_polres_neither_sees_nor_moves_another_units_instances(org, case, web):  # noqa: F811
    inst, _review = case  # in Kel. Sukamaju, under Tanjungpinang
    org.add_user("analis_gk", ["analyst@GK"], "pw")
    bpmn = org.settings.processes_dir / "fx_review.bpmn"
    bpmn.write_text(bpmn.read_text().replace("Membuat konsep", "Membuat konsep surat"))
    org.deploy(actor="analis")  # version 2 for the whole deployment
    client = _as(web, "analis_gk")
    assert inst.id not in client.get("/analyst/processes/fx_review/migrate?to=2").get_data(as_text=True)
    headers = {"X-CSRFToken": csrf_token(client, "/analyst/")}
    moved = client.post("/api/v1/processes/fx_review/migrations", json={"reason": "v2"}, headers=headers)
    assert moved.status_code == 200 and moved.get_json() == []
    assert org.instance(inst.id).version == 1
    client = _as(web, "analis")
    assert inst.id in client.get("/analyst/processes/fx_review/migrate?to=2").get_data(as_text=True)
