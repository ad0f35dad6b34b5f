"""Clicks of the SOP-07 social-conflict journey, counted while walking it to its end.

The SOP is started over HTTP; each step is then found in its user's task list (fetched over HTTP as
the user of its lane's role) and completed through the engine with sample answers that take the
social-conflict branch. What a person clicks is counted from the form and the answer given:
switching user (log out, log in), the search button when the task is not on the first page,
the task in the list, each choice control set (radio, checkbox, multi-choice), each list opened
(select: 2), each file chosen (2), each extra table row (1), and the submit. Typing is not a click.
Prints JSON; ``--start-clicks 2`` gives the count of a start without the title step.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from engine import Engine, FixedClock, Settings
from engine.demo.instances import DEMO_PDF
from engine.forms.formfill import options, sample
from webui import create_app

ROOT = Path(__file__).resolve().parent.parent
#: a conflict reported before it breaks out, which then breaks out and is stopped by the first mediation
CHOICES = {"keputusan": "setuju", "jenis_kejadian": "konflik_sosial", "konflik_pecah": True, "konflik_berhenti": True}


def _choice_clicks(schema: dict[str, Any], ui: dict[str, Any], value: Any) -> int:
    if value in (None, "", [], {}):
        return 0
    widget = (ui or {}).get("ui:widget")
    kind = schema.get("type")
    if schema.get("format") == "attachment":
        return 2
    if kind == "boolean":
        return 1 if value else 0
    if options(schema):
        return 1 if widget == "radio" or len(options(schema)) <= 4 else 2
    if kind == "object":
        return sum(_choice_clicks(sub, (ui or {}).get(k) or {}, value.get(k))
                   for k, sub in (schema.get("properties") or {}).items() if isinstance(value, dict))
    if kind == "array":
        items = schema.get("items") or {}
        if options(items):
            return len(value)
        rows = max(0, len(value) - 1)  # the form offers one row; more are added by a click each
        return rows + sum(_choice_clicks(items, (ui or {}).get("items") or {}, v) for v in value)
    return 0


def main(start_clicks: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="sopflow-clicks-") as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/clicks.db", processes_dir=ROOT / "processes",
                            forms_dir=ROOT / "forms")
        engine = Engine(settings, clock=FixedClock(datetime(2026, 3, 2, 1, tzinfo=timezone.utc)))
        engine.init_db()
        engine.deploy()
        for role in engine.roles():
            engine.add_user(role.code, [role.code], "pw")
        app = create_app({"ENGINE": engine, "SECRET_KEY": "clicks", "WTF_CSRF_ENABLED": False, "TESTING": True})
        client = app.test_client()
        starter = "bhabinkamtibmas"  # the village officer reports the incident when it happens
        client.post("/login", data={"username": starter, "password": "pw"})
        clicks = {"start": start_clicks, "switch_user": 0, "search": 0, "open_task": 0, "choices": 0, "submit": 0}
        client.post("/start/sop07_kejadian", data={"title": "Konflik lahan RW 05 Kel. Sukamaju"})
        [inst] = engine.instances()
        current, forms, roles = starter, 0, set()
        for _ in range(200):
            open_tasks = engine.tasks(instance_id=inst.id)
            if not open_tasks:
                break
            task = open_tasks[0]
            user = task.assignee or task.role
            if user != current:
                client.post("/logout")
                client.post("/login", data={"username": user, "password": "pw"})
                clicks["switch_user"] += 2
                current = user
            if f"/tasks/{task.id}" not in client.get("/tasks").data.decode():
                listing = client.get("/tasks?q=sukamaju").data.decode()  # typed in the search box
                assert f"/tasks/{task.id}" in listing, f"{task.name} is not in {user}'s list"
                clicks["search"] += 1
            clicks["open_task"] += 1
            detail = engine.task(task.id)
            # each officer attaches his own document (a reference is usable only by its uploader)
            data = sample(detail.form_schema, CHOICES,
                          lambda: engine.attach(DEMO_PDF, actor=user, filename="dokumen.pdf").ref)
            clicks["choices"] += _choice_clicks(detail.form_schema or {}, detail.ui_schema or {}, data)
            engine.complete(task.id, actor=user, data=data)
            clicks["submit"] += 1
            forms += 1
            roles.add(task.role)
        engine.close()
        total = sum(clicks.values())
        return {"journey": "SOP-07 incident, social conflict that breaks out, to the end", "task_forms": forms, "roles": len(roles),
                "clicks": clicks, "clicks_total": total}


if __name__ == "__main__":
    start = int(sys.argv[sys.argv.index("--start-clicks") + 1]) if "--start-clicks" in sys.argv else 3
    print(json.dumps(main(start), indent=2))
