"""Schema creation and upgrades through Alembic, callable from code (``sopflow init``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine as SqlEngine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(sql_engine: SqlEngine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection_engine"] = sql_engine
    return config


def upgrade(sql_engine: SqlEngine) -> None:
    """Bring the database to the newest schema; does nothing when it is already there."""
    command.upgrade(alembic_config(sql_engine), "head")
