"""Alembic environment: runs migrations on the engine sopflow hands over (or on sqlalchemy.url)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from engine.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    sql_engine = config.attributes.get("connection_engine")
    if sql_engine is None:
        sql_engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with sql_engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run()
