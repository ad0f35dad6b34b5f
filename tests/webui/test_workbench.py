"""The modeler's JSON endpoints over HTTP: the inline check agrees with `sopflow check`, conditions,
form preview, review-then-deploy, coba trial runs, and only analysts (and admins) may use any of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from webui import create_app

from ..conftest import DATA, ROOT, make_engine
from .conftest import Auth, csrf_token

#: the shared corpora folder beside the repository (or beside a folder above it)
CORPORA = Path(os.environ.get("SOPFLOW_CORPORA") or next(
    (p / "shared" / "corpora" for p in ROOT.parents if (p / "shared" / "corpora").is_dir()), ROOT.parent / "shared" / "corpora"))
FX = (DATA / "processes" / "fx_review.bpmn").read_text()


def post(client, url, body, token):
    return client.post(url, data=json.dumps(body), headers={"X-CSRFToken": token, "Content-Type": "application/json"})


@pytest.fixture
def analyst(client, auth):
    auth.login("analis")
    return csrf_token(client, "/analyst/processes/fx_review/1/modeler")


# -- one source of truth: the modeler's problems are `sopflow check`'s ---------------------------------------


def cli_problems(paths: list[Path], processes: Path, forms: Path) -> dict[str, list[tuple]]:
    out = subprocess.run([sys.executable, "-m", "engine.cli", "check", "--json", "--processes-dir", str(processes),
                          "--forms-dir", str(forms), *map(str, paths)],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode in (0, 1), out.stderr
    by_file: dict[str, list[tuple]] = {str(p): [] for p in paths}
    for p in json.loads(out.stdout):
        by_file[p["file"]].append((p["line"], p["element_id"], p["code"], p["severity"], p["message"]))
    return by_file


def modeler_problems(client, token, path: Path) -> list[tuple]:
    answer = post(client, "/analyst/check?lang=en", {"xml": path.read_text(encoding="utf-8"), "filename": str(path)}, token)
    assert answer.status_code == 200
    return [(p["line"], p["element_id"], p["code"], p["severity"], p["message"]) for p in answer.json["problems"]]


def bpmn_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.bpmn")) if folder.exists() else []


def test_inline_check_agrees_with_sopflow_check_on_fixtures_and_corpora(client, analyst):
    files = bpmn_files(DATA / "processes") + bpmn_files(CORPORA)
    if not bpmn_files(CORPORA):
        pytest.skip(f"no corpora at {CORPORA}")
    expected = cli_problems(files, DATA / "processes", DATA / "forms")
    compared = 0
    for path in files:
        assert modeler_problems(client, analyst, path) == expected[str(path)], path
        compared += len(expected[str(path)])
    assert compared > 0  # the corpora do have problems, so the comparison means something


def test_inline_check_agrees_with_sopflow_check_on_the_sops(database_url, clock):
    engine = make_engine(database_url, clock, ROOT / "processes", ROOT / "forms")
    engine.add_user("analis", ["analyst"], "pw")
    client = create_app({"TESTING": True, "ENGINE": engine, "SECRET_KEY": "t", "LOGIN_LIMIT": "100 per minute"}).test_client()
    Auth(client).login("analis")
    token = csrf_token(client, "/analyst/")
    files = bpmn_files(ROOT / "processes")
    expected = cli_problems(files, ROOT / "processes", ROOT / "forms")
    for path in files:
        assert modeler_problems(client, token, path) == expected[str(path)], path
    engine.close()


def test_check_names_elements_in_both_languages(client, analyst):
    broken = FX.replace('name="KEPALA"', 'name="BUPATI"')
    id_answer = post(client, "/analyst/check?lang=id", {"xml": broken}, analyst).json
    lane = [p for p in id_answer["problems"] if p["code"] == "lane_role"][0]
    assert lane["element_id"] == "fx_review_lane_kepala" and not id_answer["ok"]
    assert lane["text"].startswith("Lajur tidak terdaftar") and "BUPATI" in lane["text"]
    en_answer = post(client, "/analyst/check?lang=en", {"xml": broken}, analyst).json
    assert [p for p in en_answer["problems"] if p["code"] == "lane_role"][0]["text"].startswith("lane 'BUPATI'")
    # a form edited in the modeler (not yet deployed) is checked in place of the file
    bad_form = post(client, "/analyst/check", {"xml": FX, "forms": {"fx/draft.schema.json": '{"type": "array"}'}}, analyst).json
    assert [p["element_id"] for p in bad_form["problems"] if p["code"] == "form_invalid"] == ["fx_draft"]
    assert post(client, "/analyst/check", {"xml": FX, "forms": {"../x.schema.json": "{}"}}, analyst).status_code == 400
    assert post(client, "/analyst/check", {"nothing": 1}, analyst).status_code == 400


def test_expression_endpoint(client, analyst):
    assert post(client, "/analyst/expression", {"text": 'keputusan == "setuju"'}, analyst).json == {"ok": True, "message": ""}
    bad = post(client, "/analyst/expression", {"text": "__import__('os').system('id')"}, analyst).json
    assert bad["ok"] is False and bad["message"]
    assert post(client, "/analyst/expression", {"text": 5}, analyst).status_code == 400


def test_form_preview_renders_like_the_task_page(client, analyst):
    schema = {"type": "object", "properties": {"nik": {"type": "string", "title": "NIK", "x-sensitive": True},
                                               "jumlah": {"type": "integer", "title": "Jumlah"}}, "required": ["nik"]}
    ok = post(client, "/analyst/forms/preview", {"schema": json.dumps(schema), "ui": '{"ui:order": ["jumlah", "nik"]}'}, analyst).json
    assert ok["ok"] and ok["sensitive"] == ["nik"]
    assert 'id="f-nik"' in ok["html"] and ok["html"].index("f-jumlah") < ok["html"].index("f-nik")
    invalid = post(client, "/analyst/forms/preview", {"schema": '{"type": "object", "properties": {"a": {"type": 3}}}'}, analyst).json
    assert not invalid["ok"] and "invalid JSON Schema" in invalid["problems"][0]
    broken = post(client, "/analyst/forms/preview", {"schema": '{"type": '}, analyst).json
    assert not broken["ok"] and "JSON" in broken["problems"][0]
    source = client.get("/analyst/processes/fx_review/1/forms/fx/draft.schema.json").json
    assert "nomor_surat" in source["text"]
    assert client.get("/analyst/processes/fx_review/1/forms/..%2Fsecret.json").status_code == 404


def test_review_deploys_nothing_until_confirmed(client, analyst, fx_engine):
    fx_engine.start("fx_review", actor="petugas")
    changed = FX.replace(">PT1H<", ">P1D<").replace('name="Membuat konsep"', 'name="Membuat konsep surat"')
    review = post(client, "/analyst/processes/fx_review/review", {"xml": changed}, analyst).json
    assert review["ok"] and review["running"] == 1 and review["from_version"] == 1
    assert review["diff"]["time_standards"] == [{"id": "fx_draft", "from": "PT1H", "to": "P1D"}]
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1]
    deployed = post(client, f"/analyst/processes/fx_review/deploy-reviewed/{review['token']}", {}, analyst).json
    assert deployed["deployed"] and deployed["version"] == 2
    assert deployed["diff_url"] == "/analyst/processes/fx_review/diff?to=2&from=1"
    assert deployed["migrate_url"] == "/analyst/processes/fx_review/migrate?to=2"
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1, 2]
    # a token is used once; a broken diagram gets no token; another process's file is refused
    assert post(client, f"/analyst/processes/fx_review/deploy-reviewed/{review['token']}", {}, analyst).status_code == 404
    broken = post(client, "/analyst/processes/fx_review/review", {"xml": FX.replace('name="KEPALA"', 'name="X"')}, analyst).json
    assert not broken["ok"] and broken["token"] is None and broken["diff"] is None
    other = post(client, "/analyst/processes/fx_incident/review", {"xml": FX}, analyst).json
    assert not other["ok"] and other["token"] is None


def test_a_unit_that_is_not_text_is_refused_and_nothing_deployed(client, analyst, fx_engine):
    changed = FX.replace(">PT1H<", ">P1D<")
    review = post(client, "/analyst/processes/fx_review/review", {"xml": changed}, analyst).json
    url = f"/analyst/processes/fx_review/deploy-reviewed/{review['token']}"
    for unit in (5, ["GK"], {"code": "GK"}, True):
        assert post(client, url, {"unit": unit}, analyst).status_code == 400
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1]
    assert post(client, url, {}, analyst).json["version"] == 2  # the token still serves a well-formed request


def test_coba_runs_apart_from_the_real_engine(client, auth, analyst, fx_engine):
    events_before = sum(len(fx_engine.history(i.id)) for i in fx_engine.instances())
    started = post(client, "/analyst/coba/start", {"xml": FX.replace(">PT1H<", ">PT3H<")}, analyst)
    assert started.status_code == 200
    state = started.json
    box = state["token"]
    assert [t["element_id"] for t in state["tasks"]] == ["fx_draft"] and 'id="f-nomor_surat"' in state["tasks"][0]["html"]
    task = state["tasks"][0]["id"]
    invalid = client.post(f"/analyst/coba/{box}/tasks/{task}", data={"jumlah_peserta": "x"}, headers={"X-CSRFToken": analyst})
    assert invalid.status_code == 422 and "has-error" in invalid.json["tasks"][0]["html"]
    moved = post(client, f"/analyst/coba/{box}/clock", {"hours": 2}, analyst).json
    assert moved["fired"] == 0 and not moved["diagram"]["overdue"]
    fired = post(client, f"/analyst/coba/{box}/clock", {"next": True}, analyst).json
    assert fired["fired"] == 1 and fired["diagram"]["overdue"] == ["fx_draft"]
    done = client.post(f"/analyst/coba/{box}/tasks/{task}", data={"nomor_surat": "B/1"}, headers={"X-CSRFToken": analyst}).json
    review_task = done["tasks"][0]
    assert review_task["element_id"] == "fx_review_task"
    end = client.post(f"/analyst/coba/{box}/tasks/{review_task['id']}", data={"keputusan": "setuju"},
                      headers={"X-CSRFToken": analyst}).json
    assert end["state"] == "completed" and end["tasks"] == []
    said = [(h["type_label"], h["name"]) for h in end["history"]]  # the trial's path in words, steps by name
    assert said[0][0] == "SOP dimulai" and ("Tugas diselesaikan", "Membuat konsep") in said
    assert all(h["at_local"].endswith(("WIB", "WITA", "WIT")) for h in end["history"])
    assert sum(len(fx_engine.history(i.id)) for i in fx_engine.instances()) == events_before
    assert [v.version for v in fx_engine.process_versions("fx_review")] == [1]
    # another analyst cannot see this trial; stopping removes it
    fx_engine.add_user("analis2", ["analyst"], "pw")
    auth.logout()
    auth.login("analis2")
    other = csrf_token(client, "/analyst/")
    assert client.get(f"/analyst/coba/{box}").status_code == 404
    auth.logout()
    auth.login("analis")
    analyst = csrf_token(client, "/analyst/")
    assert post(client, f"/analyst/coba/{box}/stop", {}, analyst).json["stopped"]
    assert client.get(f"/analyst/coba/{box}").status_code == 404
    assert other
    refused = post(client, "/analyst/coba/start", {"xml": FX.replace('name="KEPALA"', 'name="X"')}, analyst)
    assert refused.status_code == 422 and refused.json["problems"]


ENDPOINTS = [
    ("POST", "/analyst/check", {"xml": FX}),
    ("POST", "/analyst/expression", {"text": "a == 1"}),
    ("POST", "/analyst/forms/preview", {"schema": "{}"}),
    ("GET", "/analyst/processes/fx_review/1/forms/fx/draft.schema.json", None),
    ("POST", "/analyst/processes/fx_review/review", {"xml": FX}),
    ("POST", "/analyst/processes/fx_review/deploy-reviewed/" + "a" * 24, {}),
    ("POST", "/analyst/coba/start", {"xml": FX}),
    ("GET", "/analyst/coba/" + "a" * 24, None),
    ("POST", "/analyst/coba/" + "a" * 24 + "/clock", {"hours": 1}),
    ("POST", "/analyst/coba/" + "a" * 24 + "/stop", {}),
    ("GET", "/analyst/processes/fx_review/migrate", None),
]


@pytest.mark.parametrize("user, allowed", [("petugas", False), ("auditor", False), ("kepala", False),
                                           ("analis", True), ("admin", True)])
def test_role_matrix(client, auth, fx_engine, user, allowed):
    auth.login(user)
    token = csrf_token(client, "/instances/")
    for method, url, body in ENDPOINTS:
        if method == "GET":
            answer = client.get(url)
        else:
            answer = post(client, url, body, token)
        if allowed:
            assert answer.status_code not in (401, 403), (user, url)
        else:
            assert answer.status_code == 403, (user, url, answer.status_code)
    auth.logout()
    for method, url, body in ENDPOINTS:
        answer = client.get(url) if method == "GET" else post(client, url, body, token)
        assert answer.status_code in (302, 400, 401, 403), (url, answer.status_code)


def test_stale_staging_is_removed(client, analyst, app):
    import time
    from pathlib import Path

    review = post(client, "/analyst/processes/fx_review/review", {"xml": FX}, analyst).json
    folder = Path(app.instance_path) / "staging" / review["token"]
    assert folder.exists()
    old = time.time() - 2 * 24 * 3600
    os.utime(folder, (old, old))
    post(client, "/analyst/processes/fx_review/review", {"xml": FX}, analyst)
    assert not folder.exists()


def test_a_form_deployed_from_the_modeler_is_kept_by_the_next_deploy(client, analyst, fx_engine):
    draft = json.loads((DATA / "forms" / "fx" / "draft.schema.json").read_text())
    draft["properties"]["perihal"] = {"type": "string", "title": "Perihal", "x-sensitive": True}
    base1 = {"process_id": "fx_review", "version": 1}
    review = post(client, "/analyst/processes/fx_review/review",
                  {"xml": FX, "forms": {"fx/draft.schema.json": json.dumps(draft)}, "base": base1}, analyst).json
    assert review["diff"]["forms"]["changed"][0]["fields"]["added"] == ["perihal"]
    post(client, f"/analyst/processes/fx_review/deploy-reviewed/{review['token']}", {}, analyst)
    assert "perihal" in fx_engine.definition("fx_review", 2).forms["fx/draft.schema.json"]["properties"]
    # renaming in the modeler opened on v2 keeps v2's form, though forms/ on disk still has the old one
    renamed = FX.replace('name="Membuat konsep"', 'name="Membuat konsep surat"')
    again = post(client, "/analyst/processes/fx_review/review",
                 {"xml": renamed, "base": {"process_id": "fx_review", "version": 2}}, analyst).json
    assert again["ok"] and not again["diff"]["forms"]["changed"]
    post(client, f"/analyst/processes/fx_review/deploy-reviewed/{again['token']}", {}, analyst)
    assert "perihal" in fx_engine.definition("fx_review", 3).forms["fx/draft.schema.json"]["properties"]
    assert post(client, "/analyst/check", {"xml": FX, "base": {"process_id": "fx_review", "version": 9}}, analyst).status_code == 404
    assert post(client, "/analyst/check", {"xml": FX, "base": {"process_id": "fx_review", "version": "2"}}, analyst).status_code == 400
