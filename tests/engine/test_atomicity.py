"""A failure in the middle of a step leaves no trace; concurrent completions give one winner."""

from __future__ import annotations

import threading

import pytest

import engine.runtime.mirror as mirror
from engine import Conflict, Engine, Settings

from .helpers import event_types, open_task


def test_error_mid_step_writes_nothing(fx_engine, monkeypatch):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    before_events = fx_engine.history(inst.id)
    before_state = fx_engine.instance(inst.id)
    real = mirror.apply_to_mirror
    calls = []

    def failing(*args, **kwargs):
        calls.append(args[3])
        real(*args, **kwargs)
        if len(calls) == 2:  # after the completion and the next task were written
            raise OSError("disk full")

    monkeypatch.setattr(mirror, "apply_to_mirror", failing)
    with pytest.raises(OSError):
        fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1"})
    monkeypatch.undo()
    assert fx_engine.history(inst.id) == before_events
    assert fx_engine.instance(inst.id) == before_state
    assert [t.id for t in fx_engine.tasks(instance_id=inst.id)] == [task.id]
    assert fx_engine.tasks(user="kepala") == []
    fx_engine.complete(task.id, actor="petugas", data={"nomor_surat": "B/1"})  # and it still works
    assert fx_engine.verify(inst.id)[0].ok


def test_two_threads_complete_one_task_one_wins(fx_engine, database_url):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    fx_engine.claim  # noqa: B018 - both act as holders of the role, unclaimed
    engines = [Engine(Settings(database_url=database_url, processes_dir=fx_engine.settings.processes_dir,
                               forms_dir=fx_engine.settings.forms_dir), clock=fx_engine.clock) for _ in range(2)]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(engine: Engine, user: str) -> None:
        barrier.wait()
        try:
            engine.complete(task.id, actor=user, data={"nomor_surat": f"B/{user}"})
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=attempt, args=(e, u)) for e, u in zip(engines, ["petugas", "petugas2"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert event_types(fx_engine, inst.id).count("task_completed") == 1
    assert fx_engine.verify(inst.id)[0].ok
    for e in engines:
        e.close()


def test_many_threads_race_for_many_tasks(fx_engine, database_url):
    tasks = [open_task(fx_engine, fx_engine.start("fx_review", actor="petugas").id, "fx_draft") for _ in range(6)]
    engines = [Engine(Settings(database_url=database_url, processes_dir=fx_engine.settings.processes_dir,
                               forms_dir=fx_engine.settings.forms_dir), clock=fx_engine.clock) for _ in range(4)]
    wins: list[str] = []
    lock = threading.Lock()

    def racer(engine: Engine, user: str) -> None:
        for task in tasks:
            try:
                engine.complete(task.id, actor=user, data={"nomor_surat": "B/1"})
                with lock:
                    wins.append(task.id)
            except Conflict:
                pass

    threads = [threading.Thread(target=racer, args=(e, u)) for e, u in zip(engines, ["petugas", "petugas2"] * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == sorted(t.id for t in tasks)
    assert all(r.ok for r in fx_engine.verify())
    for e in engines:
        e.close()
