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
        enforced = sqlite and _pragma(connection, "PRAGMA foreign_keys")[0][0]
        if sqlite:
            # A batch migration rebuilds a table: copy, DROP, rename. With foreign keys enforced, SQLite
            # refuses to drop a table other rows refer to (instances -> definitions), so they are off
            # meanwhile (the pragma only works outside a transaction) and checked as a whole before the commit.
            _pragma(connection, "PRAGMA foreign_keys=OFF")
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
            if enforced:
                _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection, sql: str) -> list:  # noqa: ANN001
    """Run ``sql`` on the driver's connection itself, outside any transaction."""
    cursor = connection.connection.driver_connection.cursor()
    try:
        return cursor.execute(sql).fetchall()
    finally:
        cursor.close()


run()
