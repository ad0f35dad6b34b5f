"""The unit commands of ``sopflow``: unit add, units, import units|people, user move, deployments per unit,
migrate, unassignable."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cmd_unit(args: argparse.Namespace) -> int:
    from .common import _engine, _print

    unit = _engine(args, init=True).add_unit(args.code, name=args.name, kind=args.kind, parent=args.parent,
                                             tz=args.tz or "")
    _print(args, unit.to_dict(), lambda u: f"unit {u['code']} ({u['kind']}) {u['path']}")
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    from .common import _engine, _print

    rows = [u.to_dict() for u in _engine(args, init=True).units(args.under)]
    _print(args, rows, lambda rs: "\n".join(
        f"{'  ' * (r['path'].count('/') - 2)}{r['code']:<14} {r['kind']:<10} {r['name']}"
        f"{'  [' + r['tz'] + ']' if r['tz'] else ''}" for r in rs))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .common import UsageError, _engine, _print

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    engine = _engine(args, init=True)
    counts = engine.import_units(text) if args.what == "units" else engine.import_people(text)
    _print(args, counts, lambda c: ", ".join(f"{k}: {v}" for k, v in c.items()))
    return 0


def cmd_user_move(args: argparse.Namespace) -> int:
    from .common import _engine, _print

    history = _engine(args).move_user(args.name, to_unit=args.to, from_unit=args.from_unit)
    _print(args, [p.to_dict() for p in history], lambda ps: "\n".join(
        f"{p['role']}@{p['unit']}  {p['started_at']} - {p['ended_at'] or 'now'}" for p in ps))
    return 0


def cmd_deployments(args: argparse.Namespace) -> int:
    from .common import _engine, _print

    engine = _engine(args, init=True)
    if args.set is not None:
        result = engine.deploy_version(args.process, args.set, unit=args.unit, actor=args.actor)
        _print(args, result.to_dict(), lambda r: f"{r['process_id']}: version {r['version']} "
               f"{'deployed' if r['deployed'] else 'already current'} for {r['unit'] or 'the whole deployment'}")
        return 0
    rows = [d.to_dict() for d in engine.deployments(args.process)]
    _print(args, rows, lambda rs: "\n".join(
        f"{r['unit'] or '(all units)':<16} v{r['version']:<4} {r['deployed_at']}  {r['deployed_by']}"
        f"{'  ' + r['unit_name'] if r['unit_name'] else ''}" for r in rs))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from .common import UsageError, _engine, _print

    if not args.dry_run and not (args.reason or "").strip():
        raise UsageError("migrate needs --reason TEXT (it goes into the audit log), or --dry-run")
    plan = _engine(args, init=True).migrate_all(args.process, args.to, actor=args.as_user, dry_run=args.dry_run,
                                               reason=args.reason, unit=args.unit)
    _print(args, plan, lambda es: "\n".join(
        f"{e['instance_id']}  {e['unit'] or '-':<14} v{e['from_version']} -> v{e['to_version']}  "
        + ("moved" if e.get("migrated") else "can move" if e["can_migrate"] else "; ".join(e["reasons"]))
        for e in es) or "no running instance to move")
    return 0


def cmd_unassignable(args: argparse.Namespace) -> int:
    from .common import UsageError, _engine, _print

    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    engine = _engine(args, init=True)
    engine.user(args.as_user)  # NotFound for an unknown user
    if engine.count_unassignable(args.as_user, cap=1) is None:
        raise UsageError(f"{args.as_user} supervises no unit")
    rows = engine.unassignable_report(args.as_user, args.limit)
    _print(args, rows, lambda rs: "\n".join(
        f"{r['unit']:<14} {r['role']:<20} since {r['unassignable_since']}  {r['name']}  ({r['instance_id']})"
        for r in rs) or "no unassignable task")
    return 0


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("deployments", cmd_deployments, "which version each unit runs; --set V --unit U deploys a stored version")
    p.add_argument("process")
    p.add_argument("--set", type=int, metavar="VERSION", help="make this stored version current for --unit")
    p.add_argument("--unit", help="with --set: the unit whose subtree runs it (default: the whole deployment)")
    p.add_argument("--actor", default="system", help="who deploys (recorded)")
    p = add("migrate", cmd_migrate, "move running instances to their unit's current version (or --to V)")
    p.add_argument("process")
    p.add_argument("--to", type=int, help="a version; only instances of the subtrees it is deployed for move")
    p.add_argument("--unit", help="only instances of this unit's subtree")
    p.add_argument("--as", dest="as_user", required=True, help="an analyst or administrator")
    p.add_argument("--reason", help="why (recorded in each instance's audit log)")
    p.add_argument("--dry-run", action="store_true", help="show what would move, move nothing")
    p = add("unassignable", cmd_unassignable, "open tasks in the units USER supervises that nobody holds")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--limit", type=int, default=100)
    p = add("unit", cmd_unit, "add a unit (or update its name, kind, parent and time zone)")
    p.add_argument("action", choices=["add"])
    p.add_argument("code")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, help="polri, polda, polres, polresta, polsek, satbinmas, desa, kelurahan")
    p.add_argument("--parent")
    p.add_argument("--tz", help="IANA zone, e.g. Asia/Jakarta (WIB) or Asia/Makassar (WITA)")
    p = add("units", cmd_units, "list the units as a tree")
    p.add_argument("--under", help="only this unit and the units below it")
    p = add("import", cmd_import, "import units (code,name,kind,parent,tz) or people (nrp,name,unit,roles) from CSV")
    p.add_argument("what", choices=["units", "people"])
    p.add_argument("file")


def add_move_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", help="user move: the unit the person moves to")
    p.add_argument("--from", dest="from_unit", help="user move: only the posts held in this unit")


def dispatch_user(args: argparse.Namespace, add_user: Callable[[argparse.Namespace], int]) -> Any:
    from .common import UsageError

    if args.action == "move":
        if not args.to:
            raise UsageError("user move needs --to UNIT")
        return cmd_user_move(args)
    if not args.role:
        raise UsageError("user add needs at least one --role R or --role R@UNIT")
    return add_user(args)
