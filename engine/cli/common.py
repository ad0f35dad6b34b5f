"""What every ``sopflow`` subcommand shares: the engine from the command line's options, printing
(text or ``--json``), reading ``--data`` and times, and the one error a user mistake raises."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..config import Settings


class UsageError(Exception):
    """A mistake on the command line."""


def _engine(args: argparse.Namespace, init: bool = False):
    from ..core import Engine

    settings = Settings.from_env(
        database_url=args.database_url,
        processes_dir=Path(args.processes_dir) if getattr(args, "processes_dir", None) else None,
        forms_dir=Path(args.forms_dir) if getattr(args, "forms_dir", None) else None,
    )
    engine = Engine(settings)
    if init:
        engine.init_db()
    return engine


def _print(args: argparse.Namespace, value: Any, text: Callable[[Any], str] | None = None) -> None:
    if getattr(args, "json", False) or text is None:
        print(json.dumps(value, indent=2, ensure_ascii=False, default=str))
    else:
        out = text(value)
        if out:
            print(out)


def _load_json(raw: str | None) -> Any:
    if raw is None:
        return {}
    if raw.startswith("@"):
        path = Path(raw[1:])
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as e:
            raise UsageError(f"cannot read {path}: {e.strerror}") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as e:
        raise UsageError(f"--data is not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None


def _parse_time(raw: str | None) -> datetime | None:
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"not an ISO 8601 time: {raw!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
