"""Times on pages in the local zone, named as people say it ("20-11-2026 20:59 WIB").

The deployment's zone comes from the engine's settings (SOPFLOW_TIMEZONE); a page that knows a
more specific zone (a unit's, an instance's) passes it: ``{{ t.due_at|localtime(zone=...) }}``.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app

from engine.zones import spoken_name, to_local

FORMATS = {"datetime": "%d-%m-%Y %H:%M", "date": "%d-%m-%Y", "time": "%H:%M", "seconds": "%d-%m-%Y %H:%M:%S"}


def deployment_zone() -> str:
    return current_app.extensions["sopflow"].settings.timezone


def localtime(value: datetime | str | None, style: str = "datetime", zone: str | None = None,
              named: bool = True) -> str:
    """``value`` (UTC instant) as local wall-clock text; "" for no value."""
    if value is None or value == "":
        return ""
    name = zone or deployment_zone()
    local = to_local(value, name)
    text = local.strftime(FORMATS.get(style, style))
    return f"{text} {spoken_name(name, local)}" if named and style != "date" else text


def local_iso(value: datetime | str | None, zone: str | None = None) -> str:
    """ISO 8601 with the local offset, for <time datetime="…"> and machine-readable copies."""
    if value is None or value == "":
        return ""
    return to_local(value, zone or deployment_zone()).isoformat(timespec="seconds")


def local_today(zone: str | None = None) -> str:
    """Today's date (YYYY-MM-DD) where the user works, not in UTC."""
    now = current_app.extensions["sopflow"].clock.now()
    return to_local(now, zone or deployment_zone()).date().isoformat()


def init_app(app: Flask) -> None:
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.filters["local_iso"] = local_iso
    app.jinja_env.globals["zone_name"] = lambda zone=None: spoken_name(zone or deployment_zone())
