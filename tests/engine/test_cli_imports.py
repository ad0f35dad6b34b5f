"""Commands import only what they need: `sopflow tasks --as USER` lists tasks through the database
driver alone (no SQLAlchemy, SpiffWorkflow, lxml, argon2, jsonschema or Alembic), and `sopflow --help`
without even SQLAlchemy.

Each command runs in a fresh interpreter (as the console script does) against a real SQLite file;
the modules it loaded are read back from that interpreter. No timing is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from engine import Engine, FixedClock, Settings

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"SpiffWorkflow", "lxml", "argon2", "jsonschema", "alembic", "flask"}
PROBE = """
import contextlib, io, json, sys
sys.argv = ["sopflow"] + sys.argv[1:]
from engine.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main()
    except SystemExit as e:
        code = e.code
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted({m.split(".")[0] for m in sys.modules}),
                  "orm": "sqlalchemy.orm" in sys.modules}))
"""


def _run(args: list[str], database_url: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout.splitlines()[-1])


def test_tasks_imports_no_workflow_library_password_hasher_or_migrations(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = Engine(Settings(database_url=url, processes_dir=ROOT / "processes", forms_dir=ROOT / "forms"),
                    clock=FixedClock(datetime(2026, 3, 2, 8, tzinfo=timezone.utc)))
    engine.init_db()
    engine.deploy()
    process = next(p for p in engine.processes() if p.id == "sop03")
    role = process.start_roles[0]
    engine.add_user("penguji", [role], "pw")
    engine.start("sop03", actor="penguji", data={})
    expected = [t.id for t in engine.tasks(user="penguji")]
    engine.close()
    assert expected

    probe = _run(["tasks", "--as", "penguji", "--json"], url)

    assert probe["code"] == 0
    assert [t["id"] for t in json.loads(probe["out"])] == expected
    # the database driver alone: neither SQLAlchemy (let alone its ORM) nor the engine is loaded
    assert "sqlalchemy" not in probe["modules"] and not probe["orm"]
    assert HEAVY.isdisjoint(probe["modules"]), HEAVY.intersection(probe["modules"])


def test_help_imports_no_database_layer(tmp_path):
    probe = _run(["--help"], f"sqlite:///{tmp_path / 'none.db'}")

    assert probe["code"] == 0
    assert "tasks" in probe["out"]
    assert (HEAVY | {"sqlalchemy"}).isdisjoint(probe["modules"])
