"""Report commands: ``sopflow export``, ``sopflow sla`` and ``sopflow bench``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..config import Settings


def _engine(args: argparse.Namespace):
    from .common import _engine as engine

    return engine(args)


def _print(args: argparse.Namespace, value, text=None) -> None:
    from .common import _print as print_

    print_(args, value, text)


def _date_arg(raw: str | None, end_of_day: bool = False, zone: str | None = None) -> datetime | None:
    """A report's --since/--until; a date or time typed without a zone is local (SOPFLOW_TIMEZONE)."""
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise _usage_error(f"not an ISO 8601 time: {raw!r}") from None
    if end_of_day and len(raw) == 10:
        value = value.replace(hour=23, minute=59, second=59, microsecond=999999)
    from ..zones import local_midnight

    return local_midnight(value, zone or Settings.from_env().timezone)


def cmd_export(args: argparse.Namespace) -> int:
    from ..audit.export import write_export

    engine = _engine(args)
    count = write_export(engine, args.format, Path(args.out), process_id=args.process,
                         since=_date_arg(args.since, zone=engine.settings.timezone),
                         until=_date_arg(args.until, end_of_day=True, zone=engine.settings.timezone))
    print(f"wrote {count} event(s) to {args.out}")
    return 0


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value}h"


def cmd_sla(args: argparse.Namespace) -> int:
    from ..audit.sla import sla_report, write_csv

    engine = _engine(args)
    rows = sla_report(engine, process_id=args.process, since=_date_arg(args.since, zone=engine.settings.timezone),
                      until=_date_arg(args.until, end_of_day=True, zone=engine.settings.timezone))
    if args.csv:
        write_csv(rows, Path(args.csv))
    _print(args, [r.to_dict() for r in rows], lambda rs: "\n".join(
        f"{r['process_id']:<6} {r['element_id']:<40} {r['role']:<22} n={r['count']:<4} "
        f"median={_hours(r['median_hours'])} p90={_hours(r['p90_hours'])} open={r['open_count']} "
        f"open-median={_hours(r['open_median_hours'])} standard={_hours(r['standard_hours'])} "
        f"overdue={'no standard' if r['overdue_share'] is None else format(r['overdue_share'], '.0%')}"
        for r in rs))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.scale == "national":
        return _national(args)
    from ..bench import compare, render, run_benchmark

    figures = run_benchmark(quick=args.quick, rounds=args.rounds, pg_url=args.postgresql)
    if args.compare:
        before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        rows = compare(before, figures)
        if args.json:
            print(json.dumps({"figures": figures, "compare": rows}, indent=2, ensure_ascii=False))
        else:
            print(render(rows))
        return 0
    _print(args, figures, lambda f: "\n".join(f"{k}: {v}" for k, v in f.items()))
    return 0


def _national(args: argparse.Namespace) -> int:
    from ..bench import national

    problem = national_problem(args)
    if problem:
        raise _usage_error(problem)
    figures = national.run(args)
    _print(args, figures, lambda f: "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in f.items()))
    return 0


def national_arguments(parser: argparse.ArgumentParser, database_url: bool = True) -> None:
    """The national benchmark's options, shared by ``sopflow bench --scale national`` and the script."""
    if database_url:
        parser.add_argument("--database-url", help="a PostgreSQL database; it is emptied first")
    parser.add_argument("--instances", type=int, default=100_000, help="the large size (Polri: 1000000)")
    parser.add_argument("--small", type=int, default=10_000, help="the small size timed beside the large one")
    parser.add_argument("--samples", type=int, default=60, help="timed calls per figure (national scale)")
    parser.add_argument("--measure-only", action="store_true",
                        help="time a database an earlier national run filled; nothing is emptied")
    parser.add_argument("--process", default="sop07")
    parser.add_argument("--poldas", type=int, default=38)
    parser.add_argument("--polres", type=int, default=500)
    parser.add_argument("--polsek", type=int, default=5000)
    parser.add_argument("--villages", type=int, default=80000)
    parser.add_argument("--people", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=13)


def national_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the options, or None."""
    if not args.database_url or not args.database_url.startswith("postgresql"):
        return "the national benchmark runs on PostgreSQL: give --database-url postgresql+psycopg://…"
    if args.villages >= 100_000:
        return "--villages must stay below 100000 (village codes are DS00000-DS99999)"
    for name in ("instances", "small", "samples", "poldas", "polres", "polsek", "villages", "people"):
        if getattr(args, name) < 1:
            return f"--{name} must be at least 1"
    if args.small > args.instances:
        return "--small must not exceed --instances"
    return None


def _usage_error(message: str) -> Exception:
    from .common import UsageError

    return UsageError(message)


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("export", cmd_export, "export the event log for process mining")
    p.add_argument("format", choices=["xes", "csv", "ocel"])
    p.add_argument("out")
    p.add_argument("--process")
    p.add_argument("--since", help="ISO date or time")
    p.add_argument("--until", help="ISO date or time (a date includes the whole day)")
    p = add("sla", cmd_sla, "time standards report per SOP, step and role")
    p.add_argument("--process")
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--csv", help="also write the report as CSV to this file")
    p = add("bench", cmd_bench, "measure speed and size; prints figures")
    p.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds per figure (at least 3)")
    p.add_argument("--compare", metavar="FILE", help="print the change against an earlier `bench --json` output")
    p.add_argument("--postgresql", metavar="URL", help="also measure the task list and the bytes per instance on this PostgreSQL database "
                   "(it is emptied first)")
    p.add_argument("--scale", choices=["engine", "national"], default="engine",
                   help="engine: the engine beside bare SpiffWorkflow on SQLite; national: a Polri-sized "
                   "organisation with --instances SOP-07 incidents on the PostgreSQL --database-url (emptied first)")
    national_arguments(p, database_url=False)
