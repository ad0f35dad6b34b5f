"""Commands for what moves instances from outside a task: messages and the clock (tick, worker)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("message", cmd_message, "send a message: start on it, or move the instance(s) waiting for it")
    p.add_argument("name")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--instance", help="the instance that waits for the message")
    target.add_argument("--correlate", action="append", metavar="KEY=VALUE",
                        help="deliver to the running instances whose waiting step has KEY=VALUE (repeatable)")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--data", help="JSON object or @file.json carried by the message")
    p = add("tick", cmd_tick, "fire due timers (and start processes whose timer start is due) once")
    p.add_argument("--now", help="ISO 8601 time to fire at (default: now)")
    p = add("worker", cmd_worker, "fire due timers in a loop")
    p.add_argument("--interval", type=float, default=5.0)


def correlation(pairs: list[str] | None) -> dict[str, str] | None:
    from .common import UsageError

    if not pairs:
        return None
    found = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--correlate needs KEY=VALUE, not {pair!r}")
        found[key.strip()] = value
    return found


def cmd_message(args: argparse.Namespace) -> int:
    from .common import _engine, _load_json, _print

    moved = _engine(args).message(args.name, actor=args.as_user, instance_id=args.instance,
                                  correlate=correlation(args.correlate),
                                  data=_load_json(args.data) if args.data else None)
    out = [{"instance_id": i.id, "process_id": i.process_id, "version": i.version, "state": i.state} for i in moved]
    _print(args, out, lambda rows: "\n".join(f"message {args.name}: instance {r['instance_id']} {r['state']}"
                                             for r in rows))
    return 0


def cmd_tick(args: argparse.Namespace) -> int:
    from .common import _engine, _parse_time, _print

    fired = _engine(args).tick(_parse_time(args.now))
    _print(args, [f.to_dict() for f in fired], lambda fs: f"{len(fs)} timer(s) fired")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from .common import _engine

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    engine = _engine(args)
    print(f"timer worker on {engine.settings.database_url}, every {args.interval} s (Ctrl-C stops)", file=sys.stderr)
    try:
        engine.work(args.interval)
    except KeyboardInterrupt:
        pass
    return 0
