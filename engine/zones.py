"""Local time: the zone a deployment (and later each unit) works in, and the name people give it.

Storage stays UTC; this only turns a stored instant into the wall-clock time of a zone for pages,
exports and reports. Every function takes the zone as an argument so a per-unit or per-instance
zone can be passed where one exists; the deployment's zone is the fallback.
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidInput

DEFAULT_ZONE = "Asia/Jakarta"

#: what Indonesians call the zones (Waktu Indonesia Barat / Tengah / Timur)
SPOKEN_NAMES = {
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
}


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The zone called ``name`` (IANA); a clear error for a name that does not exist."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise InvalidInput(f"unknown time zone {name!r} (use e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)") from e


def spoken_name(name: str, at: datetime | None = None) -> str:
    """"WIB", "WITA", "WIT"; for other zones the abbreviation the zone database gives (or UTC±hh)."""
    if name in SPOKEN_NAMES:
        return SPOKEN_NAMES[name]
    moment = (at or datetime.now(timezone.utc)).astimezone(zone(name))
    return moment.tzname() or name


def as_utc(value: datetime) -> datetime:
    """Stored instants without a zone (SQLite gives them back naive) are UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def to_local(value: datetime | str, name: str) -> datetime:
    """The instant ``value`` (datetime or ISO 8601 text) as wall-clock time in zone ``name``."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return as_utc(value).astimezone(zone(name))


def local_midnight(day: datetime, name: str) -> datetime:
    """A date typed without a zone (a report's "from"/"until") read as the local wall-clock time."""
    return day.replace(tzinfo=zone(name)) if day.tzinfo is None else day
