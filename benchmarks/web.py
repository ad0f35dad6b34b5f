"""Web figures: bytes of the task list and a task page, and server time of the task list with
10,000 open tasks for one role (Flask test client, temporary SQLite file; prints JSON)."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from engine import Engine, FixedClock
from engine.bench import _workspace, bulk_open_tasks
from webui import create_app


def main(open_tasks: int = 10_000) -> dict:
    with tempfile.TemporaryDirectory(prefix="sopflow-web-") as tmp:
        settings = _workspace(Path(tmp))
        engine = Engine(settings, clock=FixedClock(datetime(2026, 1, 5, 8, tzinfo=timezone.utc)))
        engine.init_db()
        engine.deploy()
        engine.add_user("staf", ["staf"], "pw")
        engine.add_user("kepala", ["kepala"], "pw")
        inst = engine.start("seq30", actor="staf")
        task = engine.tasks(instance_id=inst.id)[0]
        # a task page deep in an instance: ten earlier steps shown as its context
        later = engine.start("seq30", actor="staf")
        for _ in range(10):
            step = engine.tasks(instance_id=later.id)[0]
            engine.complete(step.id, actor=step.role, data={"catatan": "selesai sesuai rencana", "lanjut": True})
        deep = engine.tasks(instance_id=later.id)[0]
        bulk_open_tasks(engine, open_tasks, ["staf"])
        app = create_app({"ENGINE": engine, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "TESTING": True})
        client = app.test_client()
        client.post("/login", data={"username": "staf", "password": "pw"})
        timings = []
        for _ in range(60):
            t0 = time.perf_counter()
            response = client.get("/tasks")
            timings.append(time.perf_counter() - t0)
        list_bytes = len(response.data)
        page = client.get(f"/tasks/{task.id}")
        deep_page = client.get(f"/tasks/{deep.id}") if deep.role == "staf" else None
        if deep_page is None:
            other = app.test_client()
            other.post("/login", data={"username": deep.role, "password": "pw"})
            deep_page = other.get(f"/tasks/{deep.id}")
        css = client.get("/static/css/app.css")
        ordered = sorted(timings)
        figures = {
            "open_tasks_of_role": engine.count_tasks(role="staf"),
            "tasklist_server_p50_ms": round(statistics.median(timings) * 1000, 1),
            "tasklist_server_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
            "tasklist_html_bytes": list_bytes,
            "task_page_html_bytes": len(page.data),
            "task_page_after_10_steps_html_bytes": len(deep_page.data),
            "stylesheet_bytes": len(css.data),
            "tasklist_total_bytes": list_bytes + len(css.data),
            "task_page_total_bytes_without_diagram": len(page.data) + len(css.data),
        }
        engine.close()
        return figures


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000), indent=2))
