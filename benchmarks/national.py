"""National scale on PostgreSQL: a Polri-sized organisation, SOP-07 incidents with their history, and timings.

    python -m benchmarks.national --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sopflow_bench \\
        [--instances 1000000] [--small 10000] [--samples 60] [--process sop07] [--json]

The database named is emptied first. Steps:
1. every SOP deployed, 38 Polda, 500 Polres, 5,000 Polsek, 80,000 villages and 60,000 people with posts;
2. a few SOP-07 incidents walked to the end through the engine (and one left half-way), in random villages;
3. history in bulk: those real instances, their tasks and their events copied in SQL into random villages at
   random times of the past year (90 % completed, 10 % still open, their tasks resolved to the new village's
   Polsek and Polres), first up to ``--small`` instances, then up to ``--instances``;
4. at both sizes, engine calls timed (server time, no HTTP): the task list of one Bhabinkamtibmas and of one
   Kasat, a Polda's instance list filtered to running, starting an incident, completing its first step.
Copied instances are filler for size and index depth: their hash chains name the instance they were
copied from, so ``sopflow verify`` would flag them; the instances the benchmark starts itself verify.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from engine import Engine, Settings
from engine.runtime.caselist import InstanceFilter
from engine.forms.formfill import sample
from engine.org.posts import holders
from engine.org.units import held_in_map

from . import national_org
from .loadtest import reset_database

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2) if ordered else 0.0


def _timed(call, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        out.append(time.perf_counter() - t0)
    return out


class Bench:
    def __init__(self, url: str, process: str, seed: int):
        self.rnd = random.Random(seed)
        self.engine = Engine(Settings(database_url=url, processes_dir=ROOT / "processes", forms_dir=ROOT / "forms"))
        self.engine.init_db()
        self.engine.deploy(actor="bench")
        self.process = process
        self.held_in = held_in_map(ROOT / "processes" / "roles.toml")
        self._who: dict[tuple[str, str | None], str] = {}

    def holder(self, role: str, unit: str | None) -> str:
        key = (role, unit)
        if key not in self._who:
            with self.engine.db.reading() as session:
                found = holders(session, role, unit)
            if not found:
                raise RuntimeError(f"nobody holds {role} in {unit}")
            self._who[key] = found[0]
        return self._who[key]

    def start(self, village: str) -> Any:
        starter = self.engine.processes()
        role = next(p for p in starter if p.id == self.process).start_roles[0]
        kind = self.held_in.get(role)
        polsek, polres, polda, _ = self.org.villages[village]
        unit = {"desa": village, "polsek": polsek, "polres": polres, None: None}.get(kind, polres)
        return self.engine.start(self.process, actor=self.holder(role, unit), unit=village)

    def complete_one(self, instance_id: str, choices: dict[str, Any]) -> tuple[float, bool]:
        tasks = self.engine.tasks(instance_id=instance_id)
        if not tasks:
            return 0.0, False
        task = tasks[0]
        user = task.assignee or self.holder(task.role, task.unit)
        detail = self.engine.task(task.id)
        data = sample(detail.form_schema, choices, lambda: self.engine.attach(PDF, actor=user, filename="b.pdf").ref)
        t0 = time.perf_counter()
        self.engine.complete(task.id, actor=user, data=data)
        return time.perf_counter() - t0, True

    # -- bulk history ---------------------------------------------------------------------------------

    def clone(self, count: int, done_id: str, open_ids: tuple[str, str], batch: int = 20000,
              running: float = 0.1) -> None:
        """Copy the template instances ``count`` times into random villages and times: a share ``running``
        still open (half waiting for the Kasat, half for the Bhabinkamtibmas), the rest completed."""
        cases = " ".join(f"WHEN '{role}' THEN m.{ {'desa': 'village', 'polsek': 'polsek', 'polres': 'polres'}[kind] }"
                         for role, kind in self.held_in.items() if kind in ("desa", "polsek", "polres"))
        unit_case = f"CASE t.role {cases} ELSE NULL END"
        villages = len(self.org.villages)
        while count > 0:
            n = min(batch, count)
            count -= n
            with self.engine.db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS m"))
                conn.execute(text(f"""
                    CREATE TEMP TABLE m AS
                    SELECT gen_random_uuid()::text AS new_id,
                           CASE WHEN r < :running / 2 THEN :open_a WHEN r < :running THEN :open_b
                                ELSE :done_id END AS tid,
                           u.code AS village, u.path AS vpath, split_part(u.path, '/', 5) AS polsek,
                           split_part(u.path, '/', 4) AS polres,
                           now() - random() * interval '365 days' AS started
                    FROM (SELECT 'DS' || lpad(floor(random() * {villages})::int::text, 5, '0') AS code,
                                 random() AS r
                          FROM generate_series(1, :n)) g JOIN units u ON u.code = g.code"""),
                             {"n": n, "open_a": open_ids[0], "open_b": open_ids[1], "done_id": done_id,
                              "running": running})
                conn.execute(text("""
                    INSERT INTO instances (id, definition_id, process_id, version, state, workflow_state, state_sha256,
                        id_counter, started_at, started_by, ended_at, next_timer_due, error, event_count, last_hash,
                        row_version, title, title_given, search_text, unit_code, unit_path)
                    SELECT m.new_id, t.definition_id, t.process_id, t.version, t.state, t.workflow_state,
                        t.state_sha256, t.id_counter, m.started, t.started_by,
                        m.started + (t.ended_at - t.started_at), NULL, t.error, t.event_count, t.last_hash,
                        1, t.title, t.title_given, t.search_text, m.village, m.vpath
                    FROM m JOIN instances t ON t.id = m.tid"""))
                conn.execute(text(f"""
                    INSERT INTO tasks (id, instance_id, process_id, version, element_id, name, lane, role, state,
                        assignee, delegated_by, delegation_reason, created_at, due_at, overdue, escalated_role,
                        completed_at, completed_by, unit_code)
                    SELECT gen_random_uuid()::text, m.new_id, t.process_id, t.version, t.element_id, t.name, t.lane,
                        t.role, t.state, t.assignee, t.delegated_by, t.delegation_reason,
                        m.started + (t.created_at - i.started_at), m.started + (t.due_at - i.started_at), t.overdue,
                        t.escalated_role, m.started + (t.completed_at - i.started_at), t.completed_by, {unit_case}
                    FROM m JOIN tasks t ON t.instance_id = m.tid JOIN instances i ON i.id = m.tid"""))
                conn.execute(text("""
                    INSERT INTO events (instance_id, seq, type, actor, at, payload, hash)
                    SELECT m.new_id, e.seq, e.type, e.actor, m.started + (e.at - i.started_at), e.payload, e.hash
                    FROM m JOIN events e ON e.instance_id = m.tid JOIN instances i ON i.id = m.tid"""))
                # a completed template's history is sealed: copy the segment and what indexes it
                conn.execute(text("""
                    INSERT INTO event_segments (instance_id, event_count, head, body)
                    SELECT m.new_id, s.event_count, s.head, s.body
                    FROM m JOIN event_segments s ON s.instance_id = m.tid"""))
                for table, column in (("sealed_tasks", "task_key"), ("sealed_parties", "username"),
                                      ("sealed_attachments", "sha256")):
                    conn.execute(text(f"""
                        INSERT INTO {table} ({column}, segment_id)
                        SELECT x.{column}, ns.id
                        FROM m JOIN event_segments os ON os.instance_id = m.tid
                        JOIN event_segments ns ON ns.instance_id = m.new_id
                        JOIN {table} x ON x.segment_id = os.id"""))
        with self.engine.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))

    # -- figures ----------------------------------------------------------------------------------------

    def measure(self, runs: int, choices: dict[str, Any]) -> dict[str, Any]:
        starts, completes = [], []
        villages = list(self.org.villages)
        for _ in range(runs):
            village = self.rnd.choice(villages)
            t0 = time.perf_counter()
            inst = self.start(village)
            starts.append(time.perf_counter() - t0)
            spent, done = self.complete_one(inst.id, choices)
            if done:
                completes.append(spent)
        with self.engine.db.engine.connect() as conn:
            bhabin_village = conn.execute(text(
                "SELECT unit_code FROM tasks WHERE role = 'bhabinkamtibmas' AND state IN ('ready','claimed') "
                "AND unit_code LIKE 'DS%' GROUP BY unit_code ORDER BY count(*) DESC LIMIT 1")).scalar()
            kasat_polres = conn.execute(text(
                "SELECT unit_code FROM tasks WHERE role = 'kasat_binmas' AND state IN ('ready','claimed') "
                "GROUP BY unit_code ORDER BY count(*) DESC LIMIT 1")).scalar()
            polda = conn.execute(text("SELECT split_part(unit_path, '/', 3) FROM instances WHERE state = 'running' "
                                      "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")).scalar()
        bhabin = self.holder("bhabinkamtibmas", bhabin_village or next(iter(self.org.villages)))
        kasat = self.holder("kasat_binmas", kasat_polres or "PR000")
        auditor = self.holder("auditor", polda or "PD00")
        out: dict[str, Any] = {"bhabinkamtibmas_open_tasks": len(self.engine.tasks(user=bhabin, limit=50)),
                               "kasat_open_tasks": len(self.engine.tasks(user=kasat, limit=50))}
        lists = {
            "tasklist_bhabinkamtibmas": lambda: self.engine.tasks(user=bhabin, limit=50),
            "tasklist_kasat": lambda: self.engine.tasks(user=kasat, limit=50),
            "polda_instance_list": lambda: self.engine.search_instances(
                InstanceFilter(unit=polda, state="running"), user=auditor, limit=50),
        }
        for name, call in lists.items():
            call()
            times = _timed(call, runs)
            out[f"{name}_p50_ms"], out[f"{name}_p95_ms"] = _p(times, 0.5), _p(times, 0.95)
        out["start_p50_ms"], out["start_p95_ms"] = _p(starts, 0.5), _p(starts, 0.95)
        out["complete_p50_ms"], out["complete_p95_ms"] = _p(completes, 0.5), _p(completes, 0.95)
        with self.engine.db.engine.connect() as conn:
            out["instances"] = conn.execute(text("SELECT count(*) FROM instances")).scalar()
        return out

    def sizes(self) -> dict[str, int]:
        with self.engine.db.engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT pg_total_relation_size('{t}')")).scalar()
                    for t in ("instances", "tasks", "events", "event_segments", "sealed_tasks", "sealed_parties",
                              "sealed_attachments")}

    def bytes_per_completed(self, done_id: str, open_ids: tuple[str, str], copies: int = 5000) -> dict[str, Any]:
        """Disk taken by completed incidents with their history: tables and indexes grown by ``copies``
        completed copies, divided by ``copies``."""
        before = self.sizes()
        self.clone(copies, done_id, open_ids, running=0.0)
        after = self.sizes()
        detail = {t: round((after[t] - before[t]) / copies) for t in after}
        return {"bytes_per_completed_instance": sum(detail.values()), "bytes_by_table": detail}


def walk_to_end(bench: Bench, instance_id: str, choices: dict[str, Any], max_steps: int = 120) -> tuple[int, list[float]]:
    steps, times = 0, []
    for _ in range(max_steps):
        spent, done = bench.complete_one(instance_id, choices)
        if not done:
            break
        steps += 1
        times.append(spent)
    return steps, times


def run(args: argparse.Namespace) -> dict[str, Any]:
    reset_database(args.database_url)
    bench = Bench(args.database_url, args.process, args.seed)
    t0 = time.perf_counter()
    bench.org = national_org.build(bench.engine.db, poldas=args.poldas, polres=args.polres, polsek=args.polsek,
                                   villages=args.villages, people=args.people)
    figures: dict[str, Any] = {"organisation": {"poldas": args.poldas, "polres": args.polres, "polsek": args.polsek,
                                                "villages": args.villages, "users": bench.org.users,
                                                "posts": bench.org.posts,
                                                "build_seconds": round(time.perf_counter() - t0, 1)}}
    choices = {"keputusan": "setuju", "jenis_kejadian": "kasus_pidana"}
    villages = list(bench.org.villages)
    done = bench.start(bench.rnd.choice(villages))
    steps, step_times = walk_to_end(bench, done.id, choices)
    at_kasat = bench.start(bench.rnd.choice(villages)).id
    at_bhabin = bench.start(bench.rnd.choice(villages)).id
    for _ in range(60):  # walk the second until it waits for the village officer
        open_now = bench.engine.tasks(instance_id=at_bhabin)
        if not open_now or open_now[0].role == "bhabinkamtibmas":
            break
        bench.complete_one(at_bhabin, choices)
    templates = (at_kasat, at_bhabin)
    figures["template"] = {"steps_to_complete": steps, "state": bench.engine.instance(done.id).state,
                           "open_roles": [t.role for i in templates for t in bench.engine.tasks(instance_id=i)]}
    figures.update(bench.bytes_per_completed(done.id, templates))
    sizes = {}
    have = 5003
    for label, size in (("small", args.small), ("large", args.instances)):
        t0 = time.perf_counter()
        bench.clone(max(size - have, 0), done.id, templates)
        have = max(size, have)
        figures[f"bulk_{label}_seconds"] = round(time.perf_counter() - t0, 1)
        sizes[label] = bench.measure(args.samples, choices)
        have = sizes[label]["instances"]
        print(json.dumps({label: sizes[label]}), file=sys.stderr, flush=True)  # progress of a long run
    figures["small"], figures["large"] = sizes["small"], sizes["large"]
    figures["ratio_large_to_small_p95"] = {
        k.removesuffix("_p95_ms"): round(sizes["large"][k] / sizes["small"][k], 2) if sizes["small"][k] else None
        for k in sizes["small"] if k.endswith("_p95_ms")}
    yearly = len(villages) * 52  # one report per village per week
    per_instance_s = (sizes["large"]["start_p50_ms"] + max(steps, 1) * sizes["large"]["complete_p50_ms"]) / 1000
    figures["one_year_sop07"] = {
        "incidents": yearly,
        "disk_gb": round(yearly * figures["bytes_per_completed_instance"] / 1e9, 1),
        "worker_hours": round(yearly * per_instance_s / 3600, 1),
        "assumes": f"{max(steps, 1)} steps per incident at the large size's median start and step times",
    }
    with bench.engine.db.engine.connect() as conn:
        figures["database_bytes"] = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
    bench.engine.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database; it is emptied first")
    parser.add_argument("--instances", type=int, default=100_000, help="the large size (Polri: 1000000)")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=60, help="timed calls per figure")
    parser.add_argument("--process", default="sop07")
    parser.add_argument("--poldas", type=int, default=38)
    parser.add_argument("--polres", type=int, default=500)
    parser.add_argument("--polsek", type=int, default=5000)
    parser.add_argument("--villages", type=int, default=80000)
    parser.add_argument("--people", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgresql"):
        print("error: the national benchmark runs on PostgreSQL", file=sys.stderr)
        return 2
    figures = run(args)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
