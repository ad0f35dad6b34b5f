"""National scale on PostgreSQL: a Polri-sized organisation, SOP-07 incidents with their history, and timings.

    sopflow bench --scale national --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sopflow_bench \\
        [--instances 1000000] [--small 10000] [--samples 60] [--json]

The database named is emptied first. Steps:
1. every SOP deployed, 38 Polda, 500 Polres, 5,000 Polsek, 80,000 villages and 60,000 people with posts;
2. a few SOP-07 incidents walked to the end through the engine (and one left half-way), in random villages;
3. history in bulk (``national_fill``): those real instances, their tasks and their events copied in SQL into
   random villages at random times of the past year (90 % completed, 10 % still open, their tasks resolved to
   the new village's Polsek and Polres), first up to ``--small`` instances, then up to ``--instances``;
4. at both sizes, engine calls timed (server time, no HTTP): the task list of one Bhabinkamtibmas and of one
   Kasat, a Polda's instance list filtered to running, starting an incident, completing its first step.
Copied instances are filler for size and index depth: their hash chains name the instance they were
copied from, so ``sopflow verify`` would flag them; the instances the benchmark starts itself verify.
``--measure-only`` times a database an earlier run filled, as it is (nothing emptied or added but the
incidents it starts).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from ..runtime.caselist import InstanceFilter
from ..config import Settings
from ..core import Engine
from ..forms.formfill import sample
from ..org.posts import holders
from ..org.units import held_in_map
from . import national_fill, national_org
from .tasklist import reset_database

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
    def __init__(self, url: str, process: str, seed: int, processes_dir: Path | None = None,
                 forms_dir: Path | None = None):
        self.rnd = random.Random(seed)
        settings = Settings.from_env(database_url=url, processes_dir=processes_dir, forms_dir=forms_dir)
        self.engine = Engine(settings)
        self.engine.init_db()
        self.engine.deploy(actor="bench")
        self.process = process
        self.held_in = held_in_map(settings.processes_dir / "roles.toml")
        self.org = national_org.Org()
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

    def starter(self, village: str) -> str:
        """Someone who may start the process for ``village`` (found before any timing starts)."""
        if not hasattr(self, "_start_role"):
            self._start_role = next(p for p in self.engine.processes() if p.id == self.process).start_roles[0]
        role = self._start_role
        polsek, polres, polda, _ = self.org.villages[village]
        unit = {"desa": village, "polsek": polsek, "polres": polres, None: None}.get(self.held_in.get(role), polres)
        return self.holder(role, unit)

    def start(self, village: str) -> Any:
        return self.engine.start(self.process, actor=self.starter(village), unit=village)

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

    def clone(self, count: int, done_id: str, open_ids: tuple[str, str], running: float = 0.1) -> dict[str, float]:
        return national_fill.clone(self.engine.db.engine, count, done_id, open_ids, self.held_in,
                                   len(self.org.villages), running=running)

    # -- figures ----------------------------------------------------------------------------------------

    def measure(self, runs: int, choices: dict[str, Any]) -> dict[str, Any]:
        starts, start_cpu, completes = [], [], []
        villages = list(self.org.villages)
        for _ in range(runs):
            village = self.rnd.choice(villages)
            actor = self.starter(village)
            t0, c0 = time.perf_counter(), time.thread_time()
            inst = self.engine.start(self.process, actor=actor, unit=village)  # only the engine's call is timed
            start_cpu.append(time.thread_time() - c0)
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
        out["start_cpu_p50_ms"] = _p(start_cpu, 0.5)  # the process's own share; the rest is the database and waiting
        out["complete_p50_ms"], out["complete_p95_ms"] = _p(completes, 0.5), _p(completes, 0.95)
        out["instances"] = self.count()
        return out

    def count(self) -> int:
        with self.engine.db.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM instances")).scalar()

    def database_bytes(self) -> int:
        with self.engine.db.engine.connect() as conn:
            return conn.execute(text("SELECT pg_database_size(current_database())")).scalar()

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


def _progress(message: dict[str, Any]) -> None:
    """A long run reports each stage on stderr as it ends, so a stopped run still leaves its figures."""
    print(json.dumps(message), file=sys.stderr, flush=True)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {"processes_dir": getattr(args, "processes_dir", None) and Path(args.processes_dir),
            "forms_dir": getattr(args, "forms_dir", None) and Path(args.forms_dir)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    if getattr(args, "measure_only", False):
        return measure_only(args)
    reset_database(args.database_url)
    bench = Bench(args.database_url, args.process, args.seed, **_options(args))
    t0 = time.perf_counter()
    bench.org = national_org.build(bench.engine.db, poldas=args.poldas, polres=args.polres, polsek=args.polsek,
                                   villages=args.villages, people=args.people)
    figures: dict[str, Any] = {"organisation": {"poldas": args.poldas, "polres": args.polres, "polsek": args.polsek,
                                                "villages": args.villages, "users": bench.org.users,
                                                "posts": bench.org.posts,
                                                "build_seconds": round(time.perf_counter() - t0, 1)}}
    _progress({"organisation": figures["organisation"]})
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
    _progress({"bytes_per_completed_instance": figures["bytes_per_completed_instance"]})
    sizes = {}
    have = bench.count()
    for label, size in (("small", args.small), ("large", args.instances)):
        figures[f"bulk_{label}"] = bench.clone(max(size - have, 0), done.id, templates)
        _progress({f"bulk_{label}": figures[f"bulk_{label}"]})
        sizes[label] = bench.measure(args.samples, choices)
        have = sizes[label]["instances"]
        _progress({label: sizes[label]})
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
    figures["database_bytes"] = bench.database_bytes()
    bench.engine.close()
    return figures


def measure_only(args: argparse.Namespace) -> dict[str, Any]:
    """Time a database an earlier run filled, without emptying or filling it."""
    bench = Bench(args.database_url, args.process, args.seed, **_options(args))
    bench.org = national_org.load(bench.engine.db)
    if not bench.org.villages:
        raise SystemExit("error: no villages in this database; run the national benchmark without --measure-only first")
    figures = {"measured": bench.measure(args.samples, {"keputusan": "setuju", "jenis_kejadian": "kasus_pidana"}),
               "database_bytes": bench.database_bytes()}
    bench.engine.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    from ..cli.reports import national_arguments, national_problem

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    national_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    problem = national_problem(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    print(json.dumps(run(args), indent=2))
    return 0
