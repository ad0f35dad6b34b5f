"""Hostile API bodies get a clear 4xx and change nothing; nothing crashes on stored data."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from engine.store.models import Event


@pytest.fixture
def token(fx_engine):
    return {"Authorization": f"Bearer {fx_engine.create_token('petugas')}"}


def deep(depth: int) -> str:
    return '{"data":' + '{"a":' * depth + "1" + "}" * depth + "}"


@pytest.mark.parametrize("body, status", [
    (deep(900), 400), (deep(5000), 400), ('{"data": {"x": "' + "a" * 2_000_000 + '"}}', 413),
    ('{"data": {"x": "\\ud800"}}', 422), ('{"data": {"x": 1}}', 422),
])
def test_start_bodies_are_bounded(client, token, fx_engine, body, status):
    response = client.post("/api/v1/processes/fx_review/instances", data=body,
                           headers={**token, "Content-Type": "application/json"})
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/problem+json"
    assert fx_engine.instances() == []


def test_complete_bodies_are_bounded(client, token, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = fx_engine.tasks(instance_id=inst.id)[0]
    for body in (deep(5000), '{"data": {"nomor_surat": "\\ud800"}}'):
        response = client.post(f"/api/v1/tasks/{task.id}/complete", data=body,
                                headers={**token, "Content-Type": "application/json"})
        assert 400 <= response.status_code < 500
    assert fx_engine.tasks(instance_id=inst.id)[0].state == "ready"


def test_pages_of_an_instance_with_forged_deep_data_answer_without_crashing(client, token, fx_engine):
    inst = fx_engine.start("fx_review", actor="petugas")
    # the stored (compact) form of instance_started: mask, process_id, version, sha256, data
    payload = '[15,"fx_review",1,"x",' + '{"a":' * 5000 + "1" + "}" * 5000 + "]"
    with fx_engine.db.transaction() as session:
        session.execute(update(Event).where(Event.instance_id == inst.id, Event.seq == 1).values(payload=payload))
    response = client.get(f"/api/v1/instances/{inst.id}/history", headers=token)
    assert response.status_code == 422 and response.json["detail"]
