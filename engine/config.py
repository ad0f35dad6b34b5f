"""Settings of an engine, read from the environment or given by the caller."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from . import filetypes

DEFAULT_DATABASE_URL = "sqlite:///instance/sopflow.db"


@dataclasses.dataclass
class Settings:
    #: any SQLAlchemy URL; SQLite file by default
    database_url: str = DEFAULT_DATABASE_URL
    #: where BPMN files and roles.toml live
    processes_dir: Path = Path("processes")
    #: where the JSON Schemas of the forms live
    forms_dir: Path = Path("forms")
    #: largest attachment accepted, in bytes
    max_attachment_bytes: int = 10 * 1024 * 1024
    #: the zone pages, exports and reports show times in (IANA name; storage stays UTC)
    timezone: str = "Asia/Jakarta"
    #: media types an attachment may have
    allowed_media_types: tuple[str, ...] = filetypes.ALLOWED

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``SOPFLOW_*`` / ``DATABASE_URL`` variables; explicit overrides win."""
        env = os.environ
        settings = cls(
            database_url=env.get("DATABASE_URL") or env.get("SOPFLOW_DATABASE_URL") or DEFAULT_DATABASE_URL,
            processes_dir=Path(env.get("SOPFLOW_PROCESSES_DIR", "processes")),
            forms_dir=Path(env.get("SOPFLOW_FORMS_DIR", "forms")),
            timezone=env.get("SOPFLOW_TIMEZONE") or "Asia/Jakarta",
        )
        if "SOPFLOW_MAX_ATTACHMENT_BYTES" in env:
            settings.max_attachment_bytes = int(env["SOPFLOW_MAX_ATTACHMENT_BYTES"])
        for key, value in overrides.items():
            if value is not None:
                setattr(settings, key, value)
        from .zones import zone

        zone(settings.timezone)  # an unknown zone stops the start with a clear message
        return settings
