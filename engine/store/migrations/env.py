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
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a column by copying the table and dropping the old one, which its foreign keys
            # refuse while other rows point at it (instances at definitions). The pragma works only outside a
            # transaction, so it is set on the raw connection before SQLAlchemy begins one; the keys are
            # checked as a whole before the commit instead.
            _foreign_keys(connection, on=False)
        try:
            context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the upgrade would leave rows pointing at nothing: {broken[:5]}")
            connection.commit()
        finally:
            if sqlite:
                connection.rollback()
                _foreign_keys(connection, on=True)


def _foreign_keys(connection, on: bool) -> None:
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


run()
