"""Load and fault test: real gunicorn workers and timer workers on PostgreSQL, simulated staff.

    python -m benchmarks.loadtest --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sopflow_load \\
        --workers 4 --clients 50 --seconds 60 [--faults]

Everything runs on loopback; the run is bounded in requests and in time and stops by itself.
The database named in --database-url is emptied first. Prints figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from engine import Engine, FixedClock, Settings
from engine.demo.instances import DEMO_PDF
from engine.bench.tasklist import reset_database
from engine.forms.formfill import sample

from .http import Client

ROOT = Path(__file__).resolve().parent.parent
STAFF_EXCLUDED = {"admin", "analyst", "auditor"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """The processes under test: one gunicorn master with its workers, and timer workers."""

    def __init__(self, url: str, workers: int, timer_workers: int, port: int):
        self.url, self.workers, self.port = url, workers, port
        self.env = {**os.environ, "DATABASE_URL": url, "SOPFLOW_SECRET_KEY": "load-test-" + "x" * 40,
                    "SOPFLOW_PROCESSES_DIR": str(ROOT / "processes"), "SOPFLOW_FORMS_DIR": str(ROOT / "forms"),
                    "SOPFLOW_LOGIN_LIMIT": "10000/minute"}
        self.web: subprocess.Popen | None = None
        self.timers: list[subprocess.Popen] = []
        self.timer_count = timer_workers
        self.log = open(ROOT / "instance" / "loadtest-servers.log", "ab") if (ROOT / "instance").exists() else subprocess.DEVNULL

    def start(self) -> None:
        self.web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "5", "--timeout", "60", "webui:create_app()"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)
        for _ in range(self.timer_count):
            self.timers.append(self._timer_worker())
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if Client("127.0.0.1", self.port).get("/api/v1/openapi.json").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("the web server did not come up within 60 s (see instance/loadtest-servers.log)")

    def _timer_worker(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "engine.cli", "worker", "--interval", "1"],
                                cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)

    def web_worker_pids(self) -> list[int]:
        assert self.web is not None
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.web.pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def kill_web_worker(self) -> int | None:
        pids = self.web_worker_pids()
        if not pids:
            return None
        victim = random.choice(pids)
        os.kill(victim, signal.SIGKILL)  # the master starts a new worker by itself
        return victim

    def kill_and_restart_timer_worker(self) -> None:
        if self.timers:
            victim = self.timers.pop(0)
            victim.kill()
            victim.wait()
        self.timers.append(self._timer_worker())

    def stop(self) -> None:
        for proc in [*self.timers, self.web]:
            if proc is not None and proc.poll() is None:
                proc.terminate()
        for proc in [*self.timers, self.web]:
            if proc is not None:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


def database_outage(url: str, seconds: float) -> None:
    """Make the database unreachable for sopflow for a few seconds: refuse and cut its connections."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        try:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": name})
            time.sleep(seconds)
        finally:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    admin.dispose()


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: Counter[tuple[str, int]] = Counter()
        self.completed_ok: list[str] = []
        self.requests = 0

    def add(self, route: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latency[route].append(seconds)
            self.status[(route, status)] += 1
            self.requests += 1


def _items(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, dict):
        for key in ("items", "tasks", "data"):
            if isinstance(payload.get(key), list):
                return payload[key]
    return payload if isinstance(payload, list) else []


def staff_client(port: int, user: str, token: str, stats: Stats, stop: threading.Event, budget: list[int],
                 budget_lock: threading.Lock, rng: random.Random, think: float = 0.0) -> None:
    client = Client("127.0.0.1", port)
    login_page = client.request("GET", "/login")
    stats.add("login_page", login_page.status, login_page.seconds)
    csrf = _csrf(login_page.body)
    login = client.post_form("/login", {"username": user, "password": "demo", "csrf_token": csrf})
    stats.add("login", login.status, login.seconds)
    api = Client("127.0.0.1", port, token=token)
    attachment: list[str] = []

    def attach() -> str:
        if not attachment:
            r = api.post_file("/api/v1/attachments", "file", "bukti.pdf", DEMO_PDF, "application/pdf")
            stats.add("attach", r.status, r.seconds)
            attachment.append(r.json().get("ref", "") if r.status < 300 else "")
        return attachment[0]

    while not stop.is_set():
        with budget_lock:
            if budget[0] <= 0:
                return
            budget[0] -= 4
        if think:
            time.sleep(rng.uniform(0.5, 1.5) * think)  # a person reads the page before acting
        listing = api.get("/api/v1/tasks?limit=20")
        stats.add("tasks", listing.status, listing.seconds)
        tasks = _items(listing.json()) if listing.status == 200 else []
        if not tasks:
            time.sleep(0.05)
            continue
        task = tasks[0] if rng.random() < 0.3 else rng.choice(tasks)  # the first one is raced for
        claim = api.request("POST", f"/api/v1/tasks/{task['id']}/claim", b"{}",
                            {"Content-Type": "application/json"})
        stats.add("claim", claim.status, claim.seconds)
        detail = api.get(f"/api/v1/tasks/{task['id']}")
        stats.add("task", detail.status, detail.seconds)
        if detail.status != 200:
            continue
        if think:
            time.sleep(rng.uniform(0.5, 1.5) * think)  # … and fills the form
        data = sample(detail.json().get("form_schema"), {"keputusan": "setuju"}, attach)
        done = api.post_json(f"/api/v1/tasks/{task['id']}/complete", {"data": data})
        stats.add("complete", done.status, done.seconds)
        if done.status == 200:
            with stats.lock:
                stats.completed_ok.append(task["id"])
    client.close()
    api.close()


def _csrf(body: bytes) -> str:
    import re

    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body) or \
        re.search(rb'value="([^"]+)"[^>]*name="csrf_token"', body)
    return match.group(1).decode() if match else ""


def prepare(url: str, instances: int, seed: int) -> tuple[Engine, dict[str, str]]:
    reset_database(url)
    engine = Engine(Settings(database_url=url, processes_dir=ROOT / "processes", forms_dir=ROOT / "forms"))
    engine.init_db()
    engine.deploy(actor="loadtest")
    tokens = {}
    for role in engine.roles():
        engine.add_user(role.code, [role.code], "demo")
        tokens[role.code] = engine.create_token(role.code, "loadtest")
    processes = engine.processes()
    rng = random.Random(seed)
    # A share of the instances starts "in the past", so their time standards fall due during the run.
    past = Engine(engine.settings, clock=FixedClock(engine.clock.now() - timedelta(days=4)))
    for i in range(instances):
        process = processes[i % len(processes)]
        (past if rng.random() < 0.25 else engine).start(process.id, actor=process.start_roles[0])
    past.close()
    return engine, tokens


def check_afterwards(engine: Engine, stats: Stats, end: Any) -> dict[str, Any]:
    completions: Counter[str] = Counter()
    fired: Counter[tuple[str, str, str]] = Counter()
    for inst in engine.instances(limit=1_000_000):
        for event in engine.history(inst.id):
            if event.type == "task_completed":
                completions[event.payload["task_id"]] += 1
            elif event.type == "timer_fired":
                fired[(inst.id, event.payload["element_id"], event.payload["task_id"])] += 1
    ok_ids = Counter(stats.completed_ok)
    lost = [t for t in ok_ids if completions[t] == 0]
    double = [t for t, n in completions.items() if n > 1] + [t for t, n in ok_ids.items() if n > 1]
    overdue_unfired = [i.id for i in engine.instances(state="running", limit=1_000_000)
                       if i.next_timer_due is not None and i.next_timer_due < end - timedelta(seconds=10)]
    holders = {r.code: engine.users(role=r.code) for r in engine.roles()}
    stranded = [t.id for t in engine.tasks(limit=1_000_000)
                if not (t.assignee or holders.get(t.role))]
    results = engine.verify()
    return {
        "completions_acknowledged": len(ok_ids),
        "lost_completions": len(lost),
        "double_completions": len(double),
        "timers_fired": len(fired),
        "timers_fired_twice": sum(1 for n in fired.values() if n > 1),
        "due_timers_not_fired": len(overdue_unfired),
        "tasks_nobody_can_act_on": len(stranded),
        "verify_ok": sum(r.ok for r in results),
        "verify_total": len(results),
        "verify_failures": [r.to_dict() for r in results if not r.ok][:5],
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    engine, tokens = prepare(args.database_url, args.instances, args.seed)
    cluster = Cluster(args.database_url, args.workers, args.timer_workers, args.port or free_port())
    stats = Stats()
    stop = threading.Event()
    budget, budget_lock = [args.requests], threading.Lock()
    staff = [code for code in tokens if code not in STAFF_EXCLUDED]
    faults: list[str] = []
    try:
        cluster.start()
        rng = random.Random(args.seed)
        threads = [threading.Thread(target=staff_client, daemon=True,
                                    args=(cluster.port, user, tokens[user], stats, stop, budget, budget_lock,
                                          random.Random(args.seed + i), args.think_ms / 1000))
                   for i, user in enumerate(rng.choice(staff) for _ in range(args.clients))]
        started = time.perf_counter()
        for t in threads:
            t.start()
        if args.faults:
            time.sleep(args.seconds / 3)
            faults.append(f"killed web worker {cluster.kill_web_worker()}")
            cluster.kill_and_restart_timer_worker()
            faults.append("killed and restarted a timer worker")
            time.sleep(args.seconds / 6)
            database_outage(args.database_url, 3.0)
            faults.append("database refused connections for 3 s")
        deadline = started + args.seconds
        while time.perf_counter() < deadline and any(t.is_alive() for t in threads):
            time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        elapsed = time.perf_counter() - started
        time.sleep(3)  # let timer workers finish their sweep
    finally:
        cluster.stop()
    end = engine.clock.now()
    figures: dict[str, Any] = {
        "workers": args.workers, "clients": args.clients, "timer_workers": args.timer_workers,
        "think_ms": args.think_ms,
        "seconds": round(elapsed, 1), "requests": stats.requests,
        "requests_per_second": round(stats.requests / elapsed, 1), "faults": faults,
        "routes": {}, "status": {}, "server_errors_5xx": 0,
    }
    for route, values in sorted(stats.latency.items()):
        ordered = sorted(values)
        pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))] * 1000, 1)  # noqa: E731
        figures["routes"][route] = {"n": len(values), "p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99)}
    for (route, status), n in sorted(stats.status.items()):
        figures["status"].setdefault(route, {})[str(status)] = n
        if status == 503:
            figures["unavailable_503"] = figures.get("unavailable_503", 0) + n  # database away: a clear refusal
        elif status >= 500 and status != 599:
            figures["server_errors_5xx"] += n
    figures["connection_failures"] = sum(n for (r, s), n in stats.status.items() if s == 599)
    figures.update(check_afterwards(engine, stats, end))
    engine.close()
    return figures


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default=os.environ.get("SOPFLOW_LOAD_DATABASE_URL"),
                   help="PostgreSQL URL of a database the test may empty")
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--timer-workers", type=int, default=2)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--instances", type=int, default=400)
    p.add_argument("--requests", type=int, default=20_000, help="stop after about this many requests")
    p.add_argument("--seconds", type=float, default=60.0, help="stop after this long at most")
    p.add_argument("--think-ms", type=float, default=0.0,
                   help="mean pause of a simulated person before listing and before submitting (0: no pause)")
    p.add_argument("--faults", action="store_true", help="kill workers and cut the database during the run")
    p.add_argument("--port", type=int)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    if not args.database_url or not args.database_url.startswith("postgresql"):
        p.error("--database-url must name a PostgreSQL database (it is emptied first)")
    return args


def main(argv: list[str] | None = None) -> int:
    figures = run(parse(argv))
    print(json.dumps(figures, indent=2))
    healthy = (figures["server_errors_5xx"] == 0 and figures["lost_completions"] == 0
               and figures["double_completions"] == 0 and figures["verify_ok"] == figures["verify_total"])
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
