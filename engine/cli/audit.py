"""Trust and access commands: ``sopflow verify``, ``sopflow checkpoint``, ``sopflow seal``, ``sopflow deactivate|activate``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..lazy import lazy_module

if TYPE_CHECKING:
    from ..audit import checkpoints
else:
    # loaded when a command runs: `sopflow --help` needs neither the database layer nor cryptography
    checkpoints = lazy_module("engine.audit.checkpoints")


def cmd_verify(args: argparse.Namespace) -> int:
    from .common import UsageError, _engine, _print

    if not args.instance and not args.all:
        raise UsageError("give an instance id or --all")
    engine = _engine(args)
    results = [r.to_dict() for r in engine.verify(None if args.all else args.instance)]
    report = _checkpoint_report(engine, args)
    if report is not None:
        for r in results:
            why = report.changed.get(r["instance_id"])
            if why:
                r.update(ok=False, problem=f"{why}; {r['problem']}" if r["problem"] else why)
            r["checkpoint"] = report.checkpoint_id if report.signature_ok and not report.problem else None
    _print(args, results, lambda rs: _verify_text(rs, report))
    if args.json and report is not None and (report.problem or not report.signature_ok):
        print(f"checkpoint: {report.problem}", file=sys.stderr)
    return 0 if all(r["ok"] for r in results) and (report is None or report.ok or not args.all) else 1


def _checkpoint_report(engine: Any, args: argparse.Namespace) -> checkpoints.Report | None:
    if getattr(args, "checkpoint", None):
        key = checkpoints.public_key()
        if key is None:
            from .common import UsageError

            raise UsageError("set SOPFLOW_CHECKPOINT_PUBLIC_KEY (or the key file) to check an exported checkpoint")
        return checkpoints.check(engine.db, checkpoints.load_exported(Path(args.checkpoint)), key)
    return checkpoints.check_latest(engine.db)


def _verify_text(results: list[dict[str, Any]], report: checkpoints.Report | None) -> str:
    def verdict(r: dict[str, Any]) -> str:
        if r["ok"]:
            return "ok"
        if r["first_bad_seq"] is None:  # e.g. a stalled instance, or one whose record cannot be read
            return "PROBLEM: " + r["problem"]
        return f"MISMATCH at event {r['first_bad_seq']}: {r['problem']}"

    lines = [f"{r['instance_id']}  {verdict(r)}" for r in results]
    lines.append(f"{sum(r['ok'] for r in results)}/{len(results)} verified")
    if report is None:
        lines.append("no checkpoint key configured: chains checked without a signed checkpoint")
    elif report.problem:
        lines.append(f"checkpoint: {report.problem}")
    else:
        lines.append(f"checkpoint {report.checkpoint_id} of {report.created_at}: signature valid, "
                     f"{report.covered} chain(s) covered, {len(report.changed)} changed since")
        lines.extend(f"  CHANGED {i}: {why}" for i, why in report.changed.items())
    return "\n".join(lines)


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from .common import UsageError, _engine, _print

    if args.new_key:
        public = checkpoints.new_key_file(Path(args.new_key))
        _print(args, {"key_file": args.new_key, "public_key": public},
               lambda o: f"wrote {o['key_file']} (keep it outside the database host's backups)\npublic key: {o['public_key']}")
        return 0
    engine = _engine(args)
    if args.export:
        rows = checkpoints.all_exported(engine.db)
        Path(args.export).write_text(json.dumps(rows, indent=2), encoding="utf-8")
        print(f"wrote {len(rows)} checkpoint(s) to {args.export}")
        return 0
    key = checkpoints.private_key()
    if key is None:
        raise UsageError("no checkpoint key: set SOPFLOW_CHECKPOINT_KEY_FILE (sopflow checkpoint --new-key FILE)")
    made = checkpoints.create(engine.db, key, engine.clock.now())
    covered = len(json.loads(made["body"])["heads"])
    _print(args, made, lambda m: f"checkpoint {m['id']} signed: {covered} chain(s) at {m['created_at']}")
    return 0


def cmd_set_active(args: argparse.Namespace) -> int:
    from .common import _engine, _print

    active = args.command == "activate"
    _engine(args).sessions.set_active(args.name, active)
    _print(args, {"username": args.name, "active": active},
           lambda o: f"user {o['username']} {'activated' if active else 'deactivated; every session ended'}")
    return 0


def cmd_seal(args: argparse.Namespace) -> int:
    from .common import _engine, _print

    engine = _engine(args)
    sealed = engine.seal_completed()
    _print(args, {"sealed": sealed}, lambda r: f"sealed the history of {r['sealed']} completed instance(s)")
    return 0


def register(add: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]) -> None:
    p = add("verify", cmd_verify, "check the hash chains, replay instances, compare with the latest signed checkpoint")
    p.add_argument("instance", nargs="?")
    p.add_argument("--all", action="store_true")
    p.add_argument("--checkpoint", help="check against this exported checkpoint file instead of the database's latest")
    p = add("checkpoint", cmd_checkpoint, "sign the heads of all hash chains (key: SOPFLOW_CHECKPOINT_KEY_FILE)")
    p.add_argument("--new-key", metavar="FILE", help="create a new Ed25519 key file and print its public key")
    p.add_argument("--export", metavar="FILE", help="write every checkpoint to FILE as JSON, for safekeeping")
    add("seal", cmd_seal, "pack the history of completed instances not sealed yet (those completed before sealing "
        "existed) into one compressed segment each")
    for name, help_ in (("deactivate", "deactivate a user: ends every web session at once"),
                        ("activate", "activate a user again")):
        add(name, cmd_set_active, help_).add_argument("name")
