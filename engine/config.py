"""Settings of an engine, read from the environment or given by the caller."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .safety import filetypes

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

    #: SMTP server for notifications ("" = do not send; mails wait in the outbox)
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "sopflow@localhost"
    #: how people reach the web UI, for the links in mails
    base_url: str = "http://localhost:5000"

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
        settings.smtp_host = env.get("SOPFLOW_SMTP_HOST", "")
        settings.smtp_port = int(env.get("SOPFLOW_SMTP_PORT") or 25)
        settings.smtp_user = env.get("SOPFLOW_SMTP_USER", "")
        settings.smtp_password = env.get("SOPFLOW_SMTP_PASSWORD", "")
        settings.smtp_from = env.get("SOPFLOW_SMTP_FROM") or settings.smtp_from
        settings.base_url = env.get("SOPFLOW_BASE_URL") or settings.base_url
        if "SOPFLOW_MAX_ATTACHMENT_BYTES" in env:
            settings.max_attachment_bytes = int(env["SOPFLOW_MAX_ATTACHMENT_BYTES"])
        for key, value in overrides.items():
            if value is not None:
                setattr(settings, key, value)
        from .zones import zone

        zone(settings.timezone)  # an unknown zone stops the start with a clear message
        return settings
