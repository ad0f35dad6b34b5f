"""Schema migrations and the database connection."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from engine import Engine, Settings
from engine.store.models import Base


def test_init_is_idempotent_and_matches_models(database_url, tmp_path):
    engine = Engine(Settings(database_url=database_url))
    engine.init_db()
    engine.init_db()
    with engine.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.close()


def test_sqlite_file_is_created_with_its_folder(tmp_path):
    url = f"sqlite:///{tmp_path / 'nested' / 'dir' / 'sopflow.db'}"
    engine = Engine(Settings(database_url=url))
    engine.init_db()
    assert (tmp_path / "nested" / "dir" / "sopflow.db").exists()
    engine.close()
