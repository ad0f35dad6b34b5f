"""The ``sopflow`` command: the engine's command-line face.

Every command takes ``--database-url``; ``--json`` prints machine-readable output. A user mistake
prints one line on stderr and exits non-zero; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import events as cli_events, reports as cli_reports, units as cli_units
from ..config import Settings
from ..errors import DefinitionError, FormInvalid, SopflowError
from .common import UsageError, _engine, _load_json, _print

DEMO_PASSWORD = "demo"


# -- commands ----------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    engine = _engine(args, init=True)
    print(f"database ready: {engine.settings.database_url}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ..checks import checker
    from ..org.roles import RoleCatalog

    settings = Settings.from_env(processes_dir=Path(args.processes_dir) if args.processes_dir else None,
                                 forms_dir=Path(args.forms_dir) if args.forms_dir else None)
    try:
        catalog = RoleCatalog.load(settings.processes_dir / "roles.toml")
    except DefinitionError as e:
        print(str(e), file=sys.stderr)
        return 2
    paths = [Path(p) for p in (args.paths or [str(settings.processes_dir)])]
    files: list[Path] = []
    unreadable = False
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.bpmn")))
        elif path.exists():
            files.append(path)
        else:
            print(f"{path}: no such file or folder", file=sys.stderr)
            unreadable = True
    problems: list[Any] = []
    results = []
    for file in files:
        try:
            results.append(checker.check_file(file, settings.forms_dir, catalog))
        except checker.Unreadable as e:
            print(str(e), file=sys.stderr)
            unreadable = True
        except Exception as e:  # never a traceback, whatever the file
            problems.append(checker.Problem(str(file), None, None, f"the checker failed on this file: {e}", "internal"))
    checker.add_cross_file_problems(results)
    for result in results:
        problems.extend(result.problems)
        if any(p.code == "xml" for p in result.problems):
            unreadable = True  # not XML at all (or refused unread): the same as a file that cannot be read
    if args.json:
        _print(args, [p.to_dict() for p in problems])
    else:
        for p in problems:
            line = str(p) if args.lang == "en" else str(p).replace(p.message, p.message_id)
            print(f"{line}{' (warning)' if p.severity == 'warning' else ''}")
        errors = sum(1 for p in problems if p.severity == "error")
        print(f"{len(files)} file(s) checked, {errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)
    if unreadable:
        return 2
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_deploy(args: argparse.Namespace) -> int:
    engine = _engine(args, init=True)
    bpmn_paths: list[Path] = []
    for raw in args.paths or []:
        path = Path(raw)
        if path.is_dir() and not any(path.glob("*.bpmn")):
            engine.settings.forms_dir = path  # a folder of forms, not of diagrams
        else:
            bpmn_paths.append(path)
    results = engine.deploy(bpmn_paths or None, actor=args.actor, unit=args.unit)
    where = f" for {args.unit}" if args.unit else ""
    _print(args, [r.to_dict() for r in results], lambda rs: "\n".join(
        f"{r['process_id']}: version {r['version']} "
        f"{'deployed' + where if r['deployed'] else 'unchanged'}" for r in rs))
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    from ..definitions.trace import build_trace

    settings = Settings.from_env(processes_dir=Path(args.processes_dir) if args.processes_dir else None)
    markdown, problems = build_trace(settings.processes_dir)
    out = Path(args.output) if args.output else settings.processes_dir / "TRACEABILITY.md"
    out.write_text(markdown, encoding="utf-8")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"wrote {out}")
    return 1 if problems else 0


def cmd_users_demo(args: argparse.Namespace) -> int:
    from ..demo.org import create_org

    engine = _engine(args, init=True)
    created = create_org(engine, DEMO_PASSWORD)
    print("!" * 72, file=sys.stderr)
    print(f"!! DEMO USERS: {len(created)} accounts, every password is {DEMO_PASSWORD!r}.", file=sys.stderr)
    print("!! For trying sopflow only. Never create them on a real deployment.", file=sys.stderr)
    print("!" * 72, file=sys.stderr)
    _print(args, created, lambda names: "users: " + ", ".join(names))
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    engine = _engine(args, init=True)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
    user = engine.add_user(args.name, args.role, password, display_name=args.display_name)
    _print(args, user.to_dict(), lambda u: f"user {u['username']} with roles {', '.join(u['roles'])}"
           + (f" (posts: {', '.join(u['posts'])})" if u["posts"] else ""))
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    engine = _engine(args)
    token = engine.create_token(args.name, args.label or "")
    _print(args, {"username": args.name, "token": token}, lambda v: v["token"])
    return 0


def cmd_processes(args: argparse.Namespace) -> int:
    engine = _engine(args)
    _print(args, [p.to_dict() for p in engine.processes()], lambda ps: "\n".join(
        f"{p['id']:<8} v{p['version']:<3} {p['name']}  (started by: {', '.join(p['start_roles'])})" for p in ps))
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    engine = _engine(args)
    data = _load_json(args.data) if args.data else None
    inst = engine.start(args.process, actor=args.as_user, data=data, unit=args.unit)
    out = {"instance_id": inst.id, "process_id": inst.process_id, "version": inst.version, "state": inst.state,
           **({"unit": inst.unit} if inst.unit else {})}
    _print(args, out, lambda o: f"started {o['process_id']} v{o['version']}: instance {o['instance_id']}")
    return 0


def cmd_instances(args: argparse.Namespace) -> int:
    engine = _engine(args)
    rows = [
        {k: v for k, v in i.to_dict().items() if k in ("id", "process_id", "version", "state", "started_at", "ended_at")}
        for i in engine.instances(process_id=args.process, state=args.state, limit=args.limit)
    ]
    _print(args, rows, lambda rs: "\n".join(f"{r['id']}  {r['process_id']} v{r['version']}  {r['state']}" for r in rs))
    return 0


TASK_FIELDS = ("id", "instance_id", "process_id", "element_id", "name", "lane", "role", "state", "assignee",
               "created_at", "due_at", "overdue")


def cmd_tasks(args: argparse.Namespace) -> int:
    if args.as_user and args.role:
        raise UsageError("give --as or --role, not both")
    from .quicklist import handles, open_tasks

    settings = Settings.from_env(database_url=args.database_url)
    if args.as_user and not args.instance and not args.all_states and handles(settings.database_url):
        # The everyday question, answered through the database driver alone: no SQLAlchemy, no engine.
        rows = open_tasks(settings.database_url, args.as_user, args.limit)
    else:
        engine = _engine(args)
        tasks = engine.tasks(user=args.as_user, role=args.role, instance_id=args.instance,
                             all_states=args.all_states, limit=args.limit)
        rows = [{k: t.to_dict()[k] for k in TASK_FIELDS} for t in tasks]
    _print(args, rows, lambda rs: "\n".join(
        f"{r['id']}  {r['process_id']}/{r['element_id']}  [{r['role']}] {r['state']}"
        f"{'  OVERDUE' if r['overdue'] else ''}  {r['name']}" for r in rs))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    engine = _engine(args)
    detail = engine.task(args.task).to_dict()
    _print(args, detail, lambda d: json.dumps(d, indent=2, ensure_ascii=False, default=str))
    return 0


def cmd_claim(args: argparse.Namespace) -> int:
    task = _engine(args).claim(args.task, actor=args.as_user)
    _print(args, task.to_dict(), lambda t: f"claimed {t['id']} by {t['assignee']}")
    return 0


def cmd_unclaim(args: argparse.Namespace) -> int:
    task = _engine(args).unclaim(args.task, actor=args.as_user, reason=args.reason)
    _print(args, task.to_dict(), lambda t: f"released {t['id']}")
    return 0


def cmd_delegate(args: argparse.Namespace) -> int:
    task = _engine(args).delegate(args.task, actor=args.as_user, to=args.to, reason=args.reason)
    _print(args, task.to_dict(), lambda t: f"delegated {t['id']} to {t['assignee']}")
    return 0


def cmd_complete(args: argparse.Namespace) -> int:
    task = _engine(args).complete(args.task, actor=args.as_user, data=_load_json(args.data))
    _print(args, task.to_dict(), lambda t: f"completed {t['id']}")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    info = _engine(args).attach(content, actor=args.as_user, filename=path.name, media_type=args.media_type)
    out = {"ref": info.ref, "size": info.size, "media_type": info.media_type}
    _print(args, out, lambda o: o["ref"])
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    events = _engine(args).history(args.instance)
    _print(args, [e.to_dict() for e in events], lambda es: "\n".join(
        f"{e['seq']:>4} {e['at']} {e['actor']:<20} {e['type']:<18} {json.dumps(e['payload'], ensure_ascii=False)[:120]}"
        for e in es))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from webui.serve import serve  # the web UI and its server live outside the engine

    return serve(args)


def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo.instances import seed_demo

    engine = _engine(args, init=True)
    fresh = not engine.instances(limit=1)
    summary = seed_demo(engine)
    if fresh:
        from ..demo.org import seed_villages

        summary.update(seed_villages(engine))
    _print(args, summary, lambda s: "\n".join(f"{k}: {v}" for k, v in s.items()))
    return 0


# -- parser --------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", help="SQLAlchemy URL (default: $DATABASE_URL or sqlite:///instance/sopflow.db)")
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument("--processes-dir", help="folder of BPMN files and roles.toml (default: processes)")
    common.add_argument("--forms-dir", help="folder of form schemas (default: forms)")

    parser = argparse.ArgumentParser(prog="sopflow", description="Run the Sat Binmas SOPs as BPMN processes.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    add("init", cmd_init, "create or upgrade the database schema")
    p = add("check", cmd_check, "check BPMN files and forms without storing anything")
    p.add_argument("paths", nargs="*")
    p.add_argument("--lang", choices=["en", "id"], default="en", help="language of the messages")
    p = add("deploy", cmd_deploy, "check and store new versions of changed processes")
    p.add_argument("paths", nargs="*")
    p.add_argument("--actor", default="system", help="who deploys (recorded)")
    p.add_argument("--unit", help="deploy for this unit and the units below it (default: the whole deployment); "
                                  "each unit runs the version of the most specific deployment above it")
    p = add("trace", cmd_trace, "write processes/TRACEABILITY.md: SOP rows -> BPMN elements")
    p.add_argument("--output")

    p = add("users", cmd_users_demo, "create the demo users (one per role, password 'demo')")
    p.add_argument("which", choices=["demo"])
    p = add("user", lambda a: cli_units.dispatch_user(a, cmd_user_add),
            "add a user (or replace its password and roles), or move their posts to another unit (mutasi)")
    p.add_argument("action", choices=["add", "move"])
    p.add_argument("name")
    p.add_argument("--role", action="append", help="R (held everywhere) or R@UNIT (a post in that unit)")
    cli_units.add_move_arguments(p)
    p.add_argument("--display-name")
    p.add_argument("--password-stdin", action="store_true")
    p = add("token", cmd_token, "create an API token for a user")
    p.add_argument("name")
    p.add_argument("--label")

    add("processes", cmd_processes, "list deployed processes")
    p = add("start", cmd_start, "start an instance of a process")
    p.add_argument("process")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--data")
    p.add_argument("--unit", help="the unit the instance belongs to (default: the starter's only unit)")
    p = add("instances", cmd_instances, "list instances")
    p.add_argument("--process")
    p.add_argument("--state", choices=["running", "completed", "error"])
    p.add_argument("--limit", type=int, default=100)
    p = add("tasks", cmd_tasks, "list tasks")
    p.add_argument("--as", dest="as_user")
    p.add_argument("--role")
    p.add_argument("--instance")
    p.add_argument("--all-states", action="store_true")
    p.add_argument("--limit", type=int)
    p = add("show", cmd_show, "show a task with its form")
    p.add_argument("task")
    for name, func, help_ in (("claim", cmd_claim, "claim a task"), ("unclaim", cmd_unclaim, "release a claimed task")):
        p = add(name, func, help_)
        p.add_argument("task")
        p.add_argument("--as", dest="as_user", required=True)
        if name == "unclaim":
            p.add_argument("--reason")
    p = add("delegate", cmd_delegate, "hand a task to another user")
    p.add_argument("task")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--to", required=True)
    p.add_argument("--reason", required=True)
    p = add("complete", cmd_complete, "complete a task with its form data")
    p.add_argument("task")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--data", required=True, help="JSON text or @file.json")
    p = add("attach", cmd_attach, "upload a document; prints its ref for a form")
    p.add_argument("file")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--media-type")
    cli_events.register(add)
    cli_units.register(add)
    p = add("history", cmd_history, "the audit events of an instance")
    p.add_argument("instance")
    from .audit import register as register_audit

    register_audit(add)
    cli_reports.register(add)
    p = add("demo", cmd_demo, "seed demo instances at different stages (once)")
    p = add("serve", cmd_serve, "run the web UI and a timer worker (embedded default)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--no-worker", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FormInvalid as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except DefinitionError as e:
        print(f"error: {e}", file=sys.stderr)
        for problem in e.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except SopflowError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a broken database URL, a full disk, …: one line, not a traceback
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            raise
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
