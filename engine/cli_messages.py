"""`sopflow message`: send a message that starts an instance or moves a waiting one."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def register(add: Callable[..., argparse.ArgumentParser], command: Callable[[argparse.Namespace], int]) -> None:
    p = add("message", command, "send a message: start on it, or move the instance(s) waiting for it")
    p.add_argument("name")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--instance", help="the instance that waits for the message")
    target.add_argument("--correlate", action="append", metavar="KEY=VALUE",
                        help="deliver to the running instances whose waiting step has KEY=VALUE (repeatable)")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--data", help="JSON object or @file.json carried by the message")


def correlation(pairs: list[str] | None) -> dict[str, str] | None:
    if not pairs:
        return None
    found = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--correlate needs KEY=VALUE, not {pair!r}")
        found[key.strip()] = value
    return found
