"""Every attack of the hostile-input review, replayed against a live gunicorn server.

Each test is one attack as a user of some role would try it over HTTP; the server must answer
with a clear 4xx (never a 5xx, never a hang), change nothing, and leak nothing.
"""

from __future__ import annotations

import re
import time
from urllib.parse import unquote

import pytest

from engine.forms.formfill import sample

from .conftest import ROOT

pytestmark = pytest.mark.security
JSON = {"Content-Type": "application/json"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def deep(depth: int) -> str:
    return '{"data":' + '{"a":' * depth + "1" + "}" * depth + "}"


def _start(live, user: str, process: str = "sop01", body: str = "{}"):
    return live.browser().post(f"{live.url}/api/v1/processes/{process}/instances", data=body,
                               headers={**live.token(user), **JSON}, timeout=30)


def _open_task(live, user: str, instance_id: str):
    tasks = live.browser().get(f"{live.url}/api/v1/tasks", params={"instance_id": instance_id},
                               headers=live.token(user)).json()
    return tasks[0]


# -- High: hostile start data breaks nobody's audit --------------------------------------------------------


@pytest.mark.parametrize("body, status", [(deep(900), 400), (deep(5000), 400),
                                          ('{"data": {"x": "' + "a" * 2_000_000 + '"}}', 413),
                                          ('{"data": {"x": "\\ud800"}}', 422), ('{"data": {"x": 1}}', 422)])
def test_hostile_start_data_is_refused(live, body, status):
    response = _start(live, "pelaks_binluh", body=body)
    assert response.status_code == status and response.headers["Content-Type"] == "application/problem+json"


def test_verify_all_runs_after_every_attack(live):
    result = live.cli("verify", "--all", "--json")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert isinstance(__import__("json").loads(result.stdout), list)


# -- High: expressions cannot hang a worker -------------------------------------------------------------------


def _upload_bpmn(live, s, text: str, name: str = "sop06.bpmn"):
    token = live.csrf(s, "/analyst/upload")
    return s.post(f"{live.url}/analyst/upload", data={"csrf_token": token},
                  files={"bpmn": (name, text.encode("utf-8"), "application/xml")}, timeout=60), token


def test_a_condition_that_would_hang_is_refused_at_check(live):
    s = live.browser("analyst")
    text = (ROOT / "processes" / "sop06.bpmn").read_text().replace('keputusan == "setuju"',
                                                                   "round(1, -1000000000) == 0")
    started = time.monotonic()
    response, _ = _upload_bpmn(live, s, text)
    assert response.status_code == 422 and "round" in response.text
    assert time.monotonic() - started < 10


# -- Medium: stored XSS through a BPMN file -------------------------------------------------------------------


def test_script_in_a_bpmn_never_runs_from_the_apps_origin(live):
    s = live.browser("analyst")
    script = ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">fetch("/api/v1/tasks")</h:script>')
    text = (ROOT / "processes" / "sop06.bpmn").read_text()
    text = text.replace('<spiffworkflow:property name="formJsonSchemaFilename" value="sop06/registrasi.schema.json"/>',
                        '<spiffworkflow:property name="formJsonSchemaFilename" value="sop06/registrasi.schema.json"/>'
                        + script, 1)
    text = text.replace('name="Menerima dan mencatat di register"', 'name="=HYPERLINK(&quot;http://x&quot;)"', 1)
    response, token = _upload_bpmn(live, s, text)
    deploy = re.search(r'action="(/analyst/deploy/[0-9a-f]+)"', response.text)
    if deploy:  # the checker may also refuse it; if it is deployed, it must be inert
        assert s.post(f"{live.url}{deploy.group(1)}", data={"csrf_token": token}).status_code == 302
    version = max(v["version"] for v in s.get(f"{live.url}/api/v1/processes/sop06",
                                               headers=live.token("analyst")).json()["versions"])
    inst = _start(live, "kaur_mintu", "sop06").json()["instance_id"]
    for path in (f"/analyst/processes/sop06/{version}/diagram.bpmn", f"/instances/{inst}/diagram.bpmn"):
        viewer = s if path.startswith("/analyst") else live.browser("kaur_mintu")
        xml = viewer.get(f"{live.url}{path}")
        assert xml.status_code == 200
        assert xml.headers["Content-Disposition"].startswith("attachment")
        assert "sandbox" in xml.headers["Content-Security-Policy"] and xml.headers["X-Content-Type-Options"] == "nosniff"
    # the same file's task name is a spreadsheet formula: the CSV export defuses it
    export = live.browser("auditor").get(f"{live.url}/audit/export/csv", params={"process": "sop06"})
    assert export.status_code == 200
    assert not re.search(r'(^|,)"?=HYPERLINK', export.text, re.M)


# -- Medium: a document hash is not a key ------------------------------------------------------------------------


def _upload(live, user: str, content: bytes, name: str):
    return live.browser().post(f"{live.url}/api/v1/attachments", headers=live.token(user),
                               files={"file": (name, content, "application/pdf")})


def test_knowing_a_hash_gives_no_document(live):
    ref = _upload(live, "kaur_mintu", PDF + b"% rahasia", "rahasia.pdf").json()["ref"]
    other = _start(live, "pelaks_binluh").json()["instance_id"]
    task = _open_task(live, "pelaks_binluh", other)
    detail = live.browser().get(f"{live.url}/api/v1/tasks/{task['id']}", headers=live.token("pelaks_binluh")).json()
    data = sample(detail["form_schema"], {}, lambda: ref)  # a valid form, with someone else's document in it
    assert ref in str(data)
    stolen = live.browser().post(f"{live.url}/api/v1/tasks/{task['id']}/complete", headers=live.token("pelaks_binluh"),
                                 json={"data": data})
    assert stolen.status_code == 422 and "unknown attachment" in stolen.text
    forbidden = live.browser().get(f"{live.url}/api/v1/attachments/{ref}", headers=live.token("pelaks_binluh"))
    unknown = live.browser().get(f"{live.url}/api/v1/attachments/sha256:{'0' * 64}", headers=live.token("pelaks_binluh"))
    assert forbidden.status_code == unknown.status_code == 404
    assert forbidden.json()["detail"] == unknown.json()["detail"]


@pytest.mark.parametrize("content, name, declared", [
    (b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode", "x.pdf", "application/pdf"),
    (bytes(range(256)) * 4, "data.bin", "application/octet-stream"),
])
def test_executables_and_unknown_binaries_are_refused(live, content, name, declared):
    response = live.browser().post(f"{live.url}/api/v1/attachments", headers=live.token("kbo"),
                                   files={"file": (name, content, declared)})
    assert response.status_code == 422


@pytest.mark.parametrize("name", ["Laporan – final.pdf", "文件.pdf"])
def test_non_ascii_file_names_download_under_gunicorn(live, name):
    ref = _upload(live, "kbo", PDF + name.encode(), name).json()["ref"]
    response = live.browser().get(f"{live.url}/api/v1/attachments/{ref}", headers=live.token("kbo"), timeout=10)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert unquote(response.headers["Content-Disposition"].split("filename*=UTF-8''")[1]) == name


# -- Medium: sessions, login throttle ------------------------------------------------------------------------------


def test_login_throttle_holds_for_every_spelling(live):
    s = live.browser()
    for _ in range(5):
        live.login(s, "kbo2", "wrong")
    for spelling in (" KBO2 ", "Kbo2", "kbo2"):
        assert live.login(s, spelling, "pw-security-suite").status_code == 429, spelling


def test_a_cookie_saved_before_logout_is_dead(live):
    s = live.browser("kasat_binmas")
    saved = dict(s.cookies)
    assert s.get(f"{live.url}/instances", allow_redirects=False).status_code == 200
    s.post(f"{live.url}/logout", data={"csrf_token": live.csrf(s, "/instances")})
    thief = live.browser()
    thief.cookies.update(saved)
    assert thief.get(f"{live.url}/instances", allow_redirects=False).status_code == 302
    assert thief.get(f"{live.url}/api/v1/tasks").status_code == 401


def test_cookie_api_calls_need_a_csrf_token(live):
    s = live.browser("pelaks_binluh")
    forged = s.post(f"{live.url}/api/v1/processes/sop01/instances", data="{}",
                    headers={"Content-Type": "text/plain", "Origin": "https://evil.example"})
    assert forged.status_code == 403


# -- Medium/Low: forms, pages, reasons, delegation ---------------------------------------------------------------------


def test_form_rows_and_odd_field_names(live):
    inst = _start(live, "pelaks_binluh").json()["instance_id"]
    task = _open_task(live, "pelaks_binluh", inst)
    s = live.browser(task["role"])
    token = live.csrf(s, f"/tasks/{task['id']}")
    url = f"{live.url}/tasks/{task['id']}/complete"
    started = time.monotonic()
    big = s.post(url, data={"csrf_token": token, "_add_row": "sasaran", "_rows": "40000"}, timeout=30)
    assert big.status_code == 200 and len(big.content) < 2_000_000 and time.monotonic() - started < 10
    assert s.post(url, data={"csrf_token": token, "_add_row": "sasaran", "_rows": "abc"}).status_code == 200
    odd = s.post(url, data={"csrf_token": token, "sasaran.².nama": "x"}, allow_redirects=False)
    assert odd.status_code in (302, 422)


def test_huge_page_numbers(live):
    s = live.browser("kbo")
    for path in ("/tasks", "/instances"):
        for page in ("100000000000000000000", "10^20", "-1"):
            assert s.get(f"{live.url}{path}", params={"page": page}).status_code == 200


def test_delegation_and_reasons(live):
    inst = _start(live, "pelaks_binluh").json()["instance_id"]
    task = _open_task(live, "pelaks_binluh", inst)
    holder = task["role"]
    headers = live.token(holder)
    web = live.browser()
    web.post(f"{live.url}/api/v1/tasks/{task['id']}/claim", headers=headers, json={})
    long_reason = web.post(f"{live.url}/api/v1/tasks/{task['id']}/unclaim", headers=headers,
                           json={"reason": "x" * 100_000})
    assert long_reason.status_code == 422
    for to in ("analyst", "admin", "auditor", "mitra_instansi"):
        response = web.post(f"{live.url}/api/v1/tasks/{task['id']}/delegate", headers=headers,
                            json={"to": to, "reason": "cuti"})
        assert response.status_code == 422, to


def test_staging_path_traversal(live):
    s = live.browser("analyst")
    token = live.csrf(s, "/analyst/upload")
    response = s.post(f"{live.url}/analyst/upload", data={"csrf_token": token,
                                                          "path_b.schema.json": "../forms_sibling/pwn.json"},
                      files={"bpmn": ("sop06.bpmn", (ROOT / "processes" / "sop06.bpmn").read_bytes()),
                             "forms": ("b.schema.json", b"{}")})
    assert response.status_code == 400
    assert not list(live.folder.rglob("forms_sibling"))


# -- Low: headers everywhere ------------------------------------------------------------------------------------------


def test_security_headers_on_html_json_and_xml(live):
    s = live.browser("kbo")
    for path in ("/tasks", "/api/v1/processes", "/static/js/diagram.js", "/login"):
        response = s.get(f"{live.url}{path}")
        h = response.headers
        assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY", path
        assert h["Referrer-Policy"], path
        if response.headers["Content-Type"].startswith("text/html"):
            policy = h["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
            assert "<script>" not in response.text and not re.search(r"\son[a-z]+=", response.text)
