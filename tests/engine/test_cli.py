"""The sopflow command: exact JSON shapes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from engine.cli import main

from ..conftest import DATA


@pytest.fixture
def cli(database_url, monkeypatch):
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(DATA / "processes"))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(DATA / "forms"))
    monkeypatch.setenv("DATABASE_URL", database_url)

    def run(*argv: str, capsys=None) -> int:
        return main(list(argv))

    assert main(["init"]) == 0
    assert main(["deploy"]) == 0
    return run


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_full_loop_through_the_cli(cli, capsys, monkeypatch, tmp_path):
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("rahasia\n"))
    assert cli("user", "add", "petugas", "--role", "petugas", "--password-stdin") == 0
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("rahasia\n"))
    assert cli("user", "add", "kepala", "--role", "kepala", "--password-stdin") == 0
    capsys.readouterr()
    assert cli("processes", "--json") == 0
    procs = _json(capsys)
    assert {p["id"] for p in procs} == {"fx_review", "fx_incident"}
    assert set(procs[0]) == {"id", "name", "version", "start_roles"}
    assert cli("start", "fx_review", "--as", "petugas", "--json") == 0
    started = _json(capsys)
    assert set(started) == {"instance_id", "process_id", "version", "state"}
    assert cli("tasks", "--as", "petugas", "--json") == 0
    [task] = _json(capsys)
    assert set(task) == {"id", "instance_id", "process_id", "element_id", "name", "lane", "role", "state",
                         "assignee", "created_at", "due_at", "overdue"}
    assert cli("show", task["id"], "--json") == 0
    shown = _json(capsys)
    assert shown["form_schema"]["required"] == ["nomor_surat"] and "documentation" in shown
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    assert cli("attach", str(pdf), "--as", "petugas", "--json") == 0
    ref = _json(capsys)["ref"]
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"nomor_surat": "B/1", "lampiran": ref}))
    assert cli("claim", task["id"], "--as", "petugas") == 0
    assert cli("complete", task["id"], "--as", "petugas", "--data", f"@{data}", "--json") == 0
    capsys.readouterr()
    assert cli("complete", task["id"], "--as", "petugas", "--data", "{}") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already completed" in err
    assert cli("history", started["instance_id"], "--json") == 0
    assert [e["type"] for e in _json(capsys)][:4] == ["instance_started", "task_ready", "task_claimed", "task_completed"]
    assert cli("tick", "--now", "2099-01-01T00:00:00", "--json") == 0
    assert _json(capsys) == []  # the draft's timer was cancelled by completing it
    assert cli("verify", "--all", "--json") == 0
    assert all(r["ok"] for r in _json(capsys))
    assert cli("instances", "--state", "running", "--json") == 0
    assert len(_json(capsys)) == 1


@pytest.mark.parametrize("argv, code, words", [
    (["start", "nope", "--as", "x"], 1, "no user"),
    (["complete", "abc", "--as", "x", "--data", "{"], 2, "not valid JSON"),
    (["tick", "--now", "yesterday"], 2, "ISO 8601"),
    (["verify"], 2, "--all"),
])
def test_mistakes_give_one_clear_line(cli, capsys, argv, code, words):
    capsys.readouterr()
    assert cli(*argv) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.count("\n") == 1


def test_console_script_runs(tmp_path):
    out = subprocess.run([sys.executable, "-m", "engine.cli", "--help"], capture_output=True, text=True, check=True)
    assert "verify" in out.stdout and "tasks" in out.stdout
