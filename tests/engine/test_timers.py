"""Time standards: due times, firing once, escalation, several workers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine import Engine, Settings

from .helpers import event_types, open_task, tick_at_once


def test_boundary_timer_gives_due_time(fx_engine, clock):
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    assert task.due_at == clock.now() + timedelta(hours=1)
    assert not task.overdue
    assert fx_engine.instance(inst.id).next_timer_due == task.due_at


def test_timer_fires_once_and_escalates(fx_engine, clock):
    inst = fx_engine.start("fx_review", actor="petugas")
    assert fx_engine.tick() == []  # not due yet
    clock.advance(minutes=59)
    assert fx_engine.tick() == []
    clock.advance(minutes=2)
    fired = fx_engine.tick()
    assert [(f.timer_id, f.task_element_id) for f in fired] == [("fx_draft_waktu", "fx_draft")]
    clock.advance(hours=5)
    assert fx_engine.tick() == []  # never twice
    task = open_task(fx_engine, inst.id, "fx_draft")
    assert task.overdue and task.state == "ready"  # the task stays open
    assert [t.id for t in fx_engine.escalations("kepala")] == [task.id]
    assert event_types(fx_engine, inst.id).count("timer_fired") == 1
    assert fx_engine.instance(inst.id).next_timer_due is None
    assert fx_engine.verify(inst.id)[0].ok


def test_tick_at_an_explicit_time(fx_engine, clock):
    inst = fx_engine.start("fx_review", actor="petugas")
    fired = fx_engine.tick(clock.now() + timedelta(hours=2))
    assert len(fired) == 1 and fired[0].instance_id == inst.id
    assert fx_engine.verify(inst.id)[0].ok


def test_completing_before_due_cancels_the_timer(fx_engine, clock):
    inst = fx_engine.start("fx_review", actor="petugas")
    clock.advance(minutes=30)
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/1"})
    clock.advance(hours=3)
    assert fx_engine.tick() == []
    assert fx_engine.instance(inst.id).next_timer_due is None


def test_timer_restarts_when_the_task_comes_back(fx_engine, clock):
    inst = fx_engine.start("fx_review", actor="petugas")
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_draft").id, actor="petugas", data={"nomor_surat": "B/1"})
    clock.advance(hours=4)
    fx_engine.complete(open_task(fx_engine, inst.id, "fx_review_task").id, actor="kepala", data={"keputusan": "revisi"})
    again = open_task(fx_engine, inst.id, "fx_draft")
    assert again.due_at == clock.now() + timedelta(hours=1)
    clock.advance(hours=2)
    assert len(fx_engine.tick()) == 1
    assert fx_engine.verify(inst.id)[0].ok


def test_several_workers_never_fire_a_timer_twice(fx_engine, clock, database_url):
    instances = [fx_engine.start("fx_review", actor="petugas").id for _ in range(12)]
    clock.advance(hours=2)
    workers = [Engine(Settings(database_url=database_url, processes_dir=fx_engine.settings.processes_dir,
                               forms_dir=fx_engine.settings.forms_dir), clock=clock) for _ in range(3)]
    results = tick_at_once(workers)
    fired = sorted(f.instance_id for r in results for f in r)
    assert fired == sorted(instances)
    for inst_id in instances:
        assert event_types(fx_engine, inst_id).count("timer_fired") == 1
    assert all(r.ok for r in fx_engine.verify())
    for w in workers:
        w.close()


def test_worker_loop_keeps_going_after_a_failed_sweep():
    from engine.runtime.timers import work

    calls = []

    def fire():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return []

    work(fire, 0, stop=lambda: len(calls) >= 3, sleep=lambda s: None)
    assert len(calls) == 3
