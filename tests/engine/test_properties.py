"""Random walks through the fixtures always end completed or waiting, and always verify."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Conflict, NotAllowed

from .test_elements import el_engine  # noqa: F401  (the fixture)

#: Text a form may hold: the engine refuses NUL and lone surrogates at the door (engine/safety/bounds.py),
#: so a walk drawing them would test that refusal, not the walk.
TEXT = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
ROLE_USERS = {"petugas": ["petugas", "petugas2"], "kepala": ["kepala"], "pengawas": ["pengawas"]}
DATA = {
    "fx_draft": st.fixed_dictionaries({"nomor_surat": st.text(TEXT, min_size=1, max_size=20)},
                                      optional={"jumlah_peserta": st.integers(0, 10000)}),
    "fx_review_task": st.fixed_dictionaries({"keputusan": st.sampled_from(["setuju", "revisi"])}),
    "in_report": st.fixed_dictionaries({"jenis": st.sampled_from(["bencana", "konflik", "pidana"])}),
}
ACTION = st.tuples(st.sampled_from(["complete", "claim", "unclaim", "tick", "wait"]), st.integers(0, 1000),
                   st.integers(1, 180))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(process=st.sampled_from(["fx_review", "fx_incident"]), actions=st.lists(ACTION, max_size=25),
       data=st.data())
def test_random_walks_end_completed_or_waiting_and_verify(fx_engine, clock, process, actions, data):
    inst = fx_engine.start(process, actor="petugas")
    for kind, pick, minutes in actions:
        open_tasks = fx_engine.tasks(instance_id=inst.id)
        if kind == "wait":
            clock.advance(minutes=minutes)
            continue
        if kind == "tick":
            fx_engine.tick()
            continue
        if not open_tasks:
            break
        task = open_tasks[pick % len(open_tasks)]
        users = ROLE_USERS[task.role]
        user = task.assignee or users[pick % len(users)]
        try:
            if kind == "claim":
                fx_engine.claim(task.id, actor=user)
            elif kind == "unclaim" and task.assignee:
                fx_engine.unclaim(task.id, actor=task.assignee, reason="acak")
            elif kind == "complete":
                form = data.draw(DATA.get(task.element_id, st.just({})))
                fx_engine.complete(task.id, actor=user, data=form)
        except (Conflict, NotAllowed):
            pass
    state = fx_engine.instance(inst.id)
    open_after = fx_engine.tasks(instance_id=inst.id)
    assert state.state in ("completed", "running")
    assert (state.state == "completed") == (not open_after and state.next_timer_due is None)
    if state.state == "running":
        assert open_after, "a running instance must be waiting on someone"
    [result] = fx_engine.verify(inst.id)
    assert result.ok, result.problem


ELEMENT_DATA = {
    "sub_draft": st.fixed_dictionaries({"nomor_surat": st.text(TEXT, min_size=1, max_size=20)}),
    "assign": st.fixed_dictionaries({"kanit": st.lists(st.text(TEXT, min_size=1, max_size=10), min_size=1, max_size=4)}),
    "three_times": st.fixed_dictionaries({"keputusan": st.sampled_from(["setuju", "revisi"])}),
}
ELEMENT_STARTERS = {"el_subprocess": "petugas", "el_multi": "kepala", "el_timers": "petugas"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(process=st.sampled_from(sorted(ELEMENT_STARTERS)), actions=st.lists(ACTION, max_size=25), data=st.data())
def test_random_walks_through_sub_processes_multi_instance_and_timers(el_engine, clock, process, actions, data):
    inst = el_engine.start(process, actor=ELEMENT_STARTERS[process])
    for kind, pick, minutes in actions:
        open_tasks = el_engine.tasks(instance_id=inst.id)
        if kind in ("wait", "tick"):
            clock.advance(minutes=minutes * 10)
            el_engine.tick()
            continue
        if not open_tasks:
            continue
        task = open_tasks[pick % len(open_tasks)]
        try:
            form = data.draw(ELEMENT_DATA.get(task.element_id, st.just({})))
            el_engine.complete(task.id, actor=task.role, data=form)
        except (Conflict, NotAllowed):
            pass
    state = el_engine.instance(inst.id)
    open_after = el_engine.tasks(instance_id=inst.id)
    assert state.state in ("completed", "running") and not state.problem
    if state.state == "running":
        assert open_after or state.next_timer_due is not None, "a running instance must be waiting on someone or a timer"
    [result] = el_engine.verify(inst.id)
    assert result.ok, result.problem
