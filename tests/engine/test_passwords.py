"""Password hashes: argon2id at no less than OWASP's minimum, and old hashes moved on at login."""

from __future__ import annotations

import subprocess
import sys

from argon2 import PasswordHasher, extract_parameters
from sqlalchemy import select

from engine.store.models import User


def _stored_hash(engine, username: str) -> str:
    with engine.db.reading() as session:
        return session.scalar(select(User.password_hash).where(User.username == username))


def test_new_hashes_meet_the_owasp_minimum(fx_engine):
    params = extract_parameters(_stored_hash(fx_engine, "petugas"))
    assert params.type.name == "ID"
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2 and params.parallelism >= 1


def test_an_old_hash_is_replaced_at_the_next_login(fx_engine):
    costly = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4).hash("pw")
    with fx_engine.db.transaction() as session:
        session.scalar(select(User).where(User.username == "kepala")).password_hash = costly
    assert fx_engine.authenticate("kepala", "wrong") is None
    assert _stored_hash(fx_engine, "kepala") == costly  # a failed login changes nothing
    assert fx_engine.authenticate("kepala", "pw").username == "kepala"
    renewed = _stored_hash(fx_engine, "kepala")
    assert renewed != costly and extract_parameters(renewed).memory_cost == 19 * 1024
    assert fx_engine.authenticate("kepala", "pw") is not None


def test_help_does_not_load_the_database_layer():
    code = "import sys; import engine.cli; print('sqlalchemy' in sys.modules, 'SpiffWorkflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
