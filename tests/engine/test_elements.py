"""Each BPMN element kind runs to its end, through the runtime and the CLI, replays and verifies.

The diagrams are in tests/data/elements/, one element kind each (with lanes and forms).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from engine import DefinitionError, Engine, InvalidInput, NotFound, Settings
from engine.cli import main

from ..conftest import DATA, make_engine
from .helpers import tick_at_once

ELEMENTS = DATA / "elements"

#: (file, process, who starts it, steps): ("do", element, data) completes its one open task,
#: ("wait", minutes) lets time pass and ticks, ("message", name, data) delivers a message.
SCENARIOS = {
    "subprocess": ("el_subprocess", "petugas", [
        ("do", "sub_draft", {"nomor_surat": "B/1"}), ("do", "sub_note", {"catatan": "ok"}),
        ("do", "approve", {})]),
    "multi_instance": ("el_multi", "kepala", [
        ("do", "assign", {"kanit": ["Kanit Reskrim", "Kanit Intelkam"]}),
        ("do", "per_kanit", {"catatan": "1"}), ("do", "per_kanit", {"catatan": "2"}),
        ("do", "three_times", {"keputusan": "revisi"}), ("do", "three_times", {"keputusan": "setuju"})]),
    "timers": ("el_timers", "petugas", [
        ("wait", 61), ("wait", 60), ("wait", 60), ("wait", 60), ("wait", 60), ("do", "report", {}),
        ("wait", 11000), ("wait", 1500), ("wait", 1500), ("do", "take_over", {})]),
    "events": ("el_events", "petugas", [
        ("do", "secure", {}), ("do", "log", {}), ("do", "inspect_task", {"keputusan": "revisi"}), ("do", "fix", {}),
        ("do", "inform", {}), ("do", "inspect_task", {"keputusan": "setuju"})]),
    "event_subprocess_plain": ("el_event_sub", "petugas", [("do", "work", {"catatan": "selesai"})]),
    "event_subprocess_interrupting": ("el_event_sub", "petugas", [
        ("wait", 61), ("do", "remind_task", {}), ("message", "tarik_laporan", {"alasan": "dicabut"}),
        ("do", "withdraw_task", {})]),
    "call_activity": ("el_call_parent", "petugas", [
        ("do", "draft", {"nomor_surat": "B/3"}), ("do", "child_approve", {"keputusan": "setuju"}), ("do", "file", {})]),
    "gateways": ("el_gateways", "petugas", [
        ("do", "review", {"keputusan": "setuju"}), ("do", "draft", {"nomor_surat": "B/2", "jumlah_peserta": 20}),
        ("do", "photo", {}), ("do", "approve", {}), ("wait", 3000), ("do", "chase", {})]),
}


@pytest.fixture
def el_engine(database_url, clock):
    engine = make_engine(database_url, clock, ELEMENTS, DATA / "forms")
    engine.deploy(actor="tester")
    for role in ("petugas", "kepala", "pengawas"):
        engine.add_user(role, [role], "pw")
    yield engine
    engine.close()


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_element_runs_to_its_end_and_verifies(el_engine, clock, name):
    process, starter, steps = SCENARIOS[name]
    inst = el_engine.start(process, actor=starter)
    for step in steps:
        assert not el_engine.instance(inst.id).problem
        if step[0] == "wait":
            clock.advance(minutes=step[1])
            el_engine.tick()
        elif step[0] == "message":
            el_engine.message(step[1], actor="petugas", instance_id=inst.id, data=step[2])
        else:
            _, element, data = step
            found = [t for t in el_engine.tasks(instance_id=inst.id) if t.element_id == element]
            assert found, f"{element} is not open: {[t.element_id for t in el_engine.tasks(instance_id=inst.id)]}"
            el_engine.complete(found[0].id, actor=found[0].role, data=data)
        [result] = el_engine.verify(inst.id)
        assert result.ok, (step, result.problem)
    assert el_engine.instance(inst.id).state == "completed"
    assert el_engine.tasks(instance_id=inst.id) == []
    frames = el_engine.replay_frames(inst.id)
    assert frames[-1].type == "instance_completed"


def test_cycle_timer_fires_its_repetitions_only(el_engine, clock):
    inst = el_engine.start("el_timers", actor="petugas")
    clock.advance(minutes=61)
    assert [f.timer_id for f in el_engine.tick()] == ["wait_hour"]
    fired = []
    for _ in range(6):
        clock.advance(minutes=60)
        fired += [f.timer_id for f in el_engine.tick()]
    assert fired == ["remind"] * 3
    assert el_engine.instance(inst.id).next_timer_due is None
    assert [t.element_id for t in el_engine.tasks(instance_id=inst.id)] == ["report"]


def test_time_date_is_read_as_utc(el_engine, clock):
    inst = el_engine.start("el_timers", actor="petugas")
    clock.advance(minutes=61)
    el_engine.tick()
    task = el_engine.tasks(instance_id=inst.id)[0]
    el_engine.complete(task.id, actor="petugas", data={})
    assert el_engine.instance(inst.id).next_timer_due == datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)


def test_multi_instance_tasks_keep_the_element_id_and_lane(el_engine):
    inst = el_engine.start("el_multi", actor="kepala")
    [assign] = el_engine.tasks(instance_id=inst.id)
    el_engine.complete(assign.id, actor="kepala", data={"kanit": ["A", "B", "C"]})
    children = el_engine.tasks(instance_id=inst.id)
    assert [(t.element_id, t.role) for t in children] == [("per_kanit", "petugas")] * 3
    assert sorted(el_engine.task(t.id).data.get("nama_kanit") for t in children) == ["A", "B", "C"]


# -- the same through the command line -----------------------------------------------------------------


@pytest.fixture
def cli(database_url, monkeypatch, capsys):
    monkeypatch.setenv("SOPFLOW_PROCESSES_DIR", str(ELEMENTS))
    monkeypatch.setenv("SOPFLOW_FORMS_DIR", str(DATA / "forms"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["init"]) == 0
    assert main(["deploy"]) == 0
    for role in ("petugas", "kepala"):
        monkeypatch.setattr("sys.stdin", __import__("io").StringIO("rahasia\n"))
        assert main(["user", "add", role, "--role", role, "--password-stdin"]) == 0
    capsys.readouterr()

    def run(*argv: str):
        code = main(list(argv))
        out = capsys.readouterr()
        assert code == 0, out.err
        return json.loads(out.out) if "--json" in argv else None

    return run


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_element_runs_through_the_cli(cli, name):
    process, starter, steps = SCENARIOS[name]
    started = cli("start", process, "--as", starter, "--json")
    instance_id = started["instance_id"]
    year = 2090
    for step in steps:
        if step[0] == "wait":
            year += 1  # the command line runs on the real clock: tick far ahead, once per wait
            cli("tick", "--now", f"{year}-01-01T00:00:00+00:00", "--json")
            continue
        if step[0] == "message":
            cli("message", step[1], "--instance", instance_id, "--as", "petugas", "--data", json.dumps(step[2]), "--json")
            continue
        _, element, data = step
        role = "kepala" if element in ("approve", "review", "assign", "take_over", "fix", "inform", "remind_task",
                                     "child_approve") else "petugas"
        open_tasks = [t for t in cli("tasks", "--as", role, "--json") if t["instance_id"] == instance_id]
        found = [t for t in open_tasks if t["element_id"] == element]
        if not found and name == "timers":
            continue  # on the real clock the dated wait and the reminders fall at other ticks
        assert found, f"{element} is not open for {role}: {[t['element_id'] for t in open_tasks]}"
        cli("complete", found[0]["id"], "--as", role, "--data", json.dumps(data), "--json")
    assert [r["ok"] for r in cli("verify", instance_id, "--json")] == [True]
    assert cli("instances", "--state", "completed", "--json")[0]["id"] == instance_id


def test_messages_start_correlate_and_interrupt(el_engine):
    [inst] = el_engine.message("laporan_masuk", actor="petugas", data={"pelapor": "Warga"})
    assert inst.started_by == "petugas"
    [register] = el_engine.tasks(instance_id=inst.id)
    el_engine.complete(register.id, actor="petugas", data={"nomor_surat": "B/7"})
    assert el_engine.tasks(instance_id=inst.id) == [] and not el_engine.instance(inst.id).problem
    with pytest.raises(NotFound, match="no running instance waits for message 'konfirmasi' with nomor_surat=B/8"):
        el_engine.message("konfirmasi", actor="petugas", correlate={"nomor_surat": "B/8"})
    with pytest.raises(NotFound, match="no process starts on message 'tidak_ada'"):
        el_engine.message("tidak_ada", actor="petugas")
    assert [i.id for i in el_engine.message("konfirmasi", actor="petugas", correlate={"nomor_surat": "B/7"})] == [inst.id]
    assert [t.element_id for t in el_engine.tasks(instance_id=inst.id)] == ["handle"]
    with pytest.raises(NotFound, match="is not waiting for message 'konfirmasi'"):
        el_engine.message("konfirmasi", actor="petugas", instance_id=inst.id)
    el_engine.message("batal", actor="petugas", instance_id=inst.id, data={"alasan": "dicabut"})
    assert el_engine.instance(inst.id).state == "completed"
    types = [e.type for e in el_engine.history(inst.id)]
    assert types.count("message_received") == 2 and "task_cancelled" in types
    [result] = el_engine.verify(inst.id)
    assert result.ok, result.problem
    with pytest.raises(InvalidInput, match="not started by hand"):
        el_engine.start("el_messages", actor="petugas")


def test_message_through_the_cli(cli, capsys):
    [started] = cli("message", "laporan_masuk", "--as", "petugas", "--data", '{"pelapor": "Warga"}', "--json")
    [task] = [t for t in cli("tasks", "--as", "petugas", "--json") if t["instance_id"] == started["instance_id"]]
    cli("complete", task["id"], "--as", "petugas", "--data", '{"nomor_surat": "B/9"}', "--json")
    [moved] = cli("message", "konfirmasi", "--correlate", "nomor_surat=B/9", "--as", "petugas", "--json")
    assert moved["instance_id"] == started["instance_id"] and moved["state"] == "running"
    assert main(["message", "konfirmasi", "--instance", started["instance_id"], "--as", "petugas"]) == 1
    err = capsys.readouterr().err
    assert "is not waiting for message 'konfirmasi'" in err and err.count("\n") == 1
    cli("message", "batal", "--instance", started["instance_id"], "--as", "petugas", "--json")
    assert [r["ok"] for r in cli("verify", started["instance_id"], "--json")] == [True]


@pytest.mark.parametrize("old, new, words", [
    (">PT1H<", ">P99999999999D<", "far too long"),
    (">PT1H<", ">not-a-duration<", "neither an ISO 8601 value"),
    (">R3/PT1H<", ">R/PT1S<", "more often than once a minute"),
    (">2026-03-10T08:00:00<", ">9999-01-01<", "outside the years"),
])
def test_check_refuses_unbounded_or_unreadable_timers(old, new, words):
    from engine.checks import checker
    from engine.org.roles import RoleCatalog

    text = (ELEMENTS / "el_timers.bpmn").read_text().replace(old, new, 1)
    checked = checker.check_document(text.encode(), "el_timers.bpmn", DATA / "forms",
                                     RoleCatalog.load(ELEMENTS / "roles.toml"))
    timer_problems = [p for p in checked.problems if p.code == "timer"]
    assert len(timer_problems) == 1 and words in timer_problems[0].message and timer_problems[0].line
    assert not checked.ok


def test_timer_start_event_starts_one_instance_per_due_time(el_engine, clock, database_url):
    clock.advance(days=6)
    assert [f for f in el_engine.tick() if f.timer_id == "weekly"] == []
    clock.advance(days=1, minutes=1)
    workers = [Engine(Settings(database_url=database_url, processes_dir=ELEMENTS, forms_dir=DATA / "forms"),
                      clock=clock) for _ in range(3)]
    results = tick_at_once(workers)
    for w in workers:
        w.close()
    started = [f for r in results for f in r if f.timer_id == "weekly"]
    assert len(started) == 1
    inst = el_engine.instance(started[0].instance_id)
    assert inst.started_by == "clock" and inst.process_id == "el_timer_start"
    first = el_engine.history(inst.id)[0]
    assert first.type == "instance_started" and first.payload["clock_due"] == started[0].due_at.isoformat()
    assert el_engine.tick() == []  # the same due time never starts twice
    [plan] = el_engine.tasks(instance_id=inst.id)
    el_engine.complete(plan.id, actor="kepala", data={"catatan": "rencana"})
    assert el_engine.instance(inst.id).state == "completed"
    clock.advance(days=7)
    assert len([f for f in el_engine.tick() if f.timer_id == "weekly"]) == 1
    assert all(r.ok for r in el_engine.verify())
    with pytest.raises(InvalidInput, match="started by the clock"):
        el_engine.start("el_timer_start", actor="kepala")


def test_the_clock_starts_the_version_deployed_for_the_whole_deployment(el_engine, clock, tmp_path):
    """A version deployed for one unit's subtree is not the clock's: an instance started by a timer has no
    unit, so it runs what the whole deployment runs."""
    el_engine.add_unit("KEPRI", name="Polda Kepri", kind="polda")
    changed = tmp_path / "el_timer_start.bpmn"
    changed.write_text((ELEMENTS / "el_timer_start.bpmn").read_text().replace("Rencana mingguan", "Rencana pekan"))
    [result] = el_engine.deploy([changed], actor="tester", unit="KEPRI")
    assert (result.version, result.unit) == (2, "KEPRI")
    clock.advance(days=7)
    started = [f for f in el_engine.tick() if f.timer_id == "weekly"]
    assert [el_engine.instance(f.instance_id).version for f in started] == [1]
    el_engine.deploy_version("el_timer_start", 2, unit=None, actor="tester")  # now everywhere
    clock.advance(days=7)
    started = [f for f in el_engine.tick() if f.timer_id == "weekly"]
    assert [el_engine.instance(f.instance_id).version for f in started] == [2]


def test_a_message_starts_the_version_deployed_for_the_whole_deployment(el_engine, tmp_path):
    el_engine.add_unit("KEPRI", name="Polda Kepri", kind="polda")
    changed = tmp_path / "el_messages.bpmn"
    changed.write_text((ELEMENTS / "el_messages.bpmn").read_text().replace("Catat laporan", "Catat laporan warga"))
    [result] = el_engine.deploy([changed], actor="tester", unit="KEPRI")
    assert (result.version, result.unit) == (2, "KEPRI")
    [inst] = el_engine.message("laporan_masuk", actor="petugas", data={"pelapor": "Warga"})
    assert el_engine.instance(inst.id).version == 1


def test_call_activity_runs_the_version_bound_at_deploy(el_engine, tmp_path):
    import shutil

    from sqlalchemy import select

    from engine.store.models import Definition

    with el_engine.db.reading() as session:
        meta = json.loads(session.scalar(select(Definition.meta_json).where(Definition.process_id == "el_call_parent")))
    assert meta["called"] == {"el_call_child": 1}
    changed = tmp_path / "el_call_child.bpmn"
    changed.write_text((ELEMENTS / "el_call_child.bpmn").read_text().replace('name="Setujui"', 'name="Setujui (v2)"'))
    assert [r.version for r in el_engine.deploy([changed], actor="tester")] == [2]
    inst = el_engine.start("el_call_parent", actor="petugas")
    [draft] = el_engine.tasks(instance_id=inst.id)
    el_engine.complete(draft.id, actor="petugas", data={"nomor_surat": "B/4"})
    [approve] = el_engine.tasks(instance_id=inst.id)
    assert approve.name == "Setujui" and approve.role == "kepala"  # version 1, as bound
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    shutil.copy(ELEMENTS / "roles.toml", lonely / "roles.toml")
    (lonely / "caller.bpmn").write_text((ELEMENTS / "el_call_parent.bpmn").read_text()
                                        .replace("el_call_parent", "el_call_lonely").replace("el_call_child", "nowhere"))
    with pytest.raises(DefinitionError, match="calls process 'nowhere', which is not deployed"):
        el_engine.deploy([lonely / "caller.bpmn"], actor="tester")


STALLING = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://sopflow.test/stall">
  <bpmn:signal id="sig" name="sirene"/>
  <bpmn:process id="el_stalls" name="Waits for a signal nobody sends" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="lane" name="PETUGAS">
      <bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>wait</bpmn:flowNodeRef><bpmn:flowNodeRef>end</bpmn:flowNodeRef>
    </bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:signalEventDefinition id="wait_def" signalRef="sig"/></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_a_stalled_instance_is_a_problem_for_verify_and_the_instance_info(el_engine):
    """Whatever check decides about this element, an instance that can never move is never "ok"."""
    from lxml import etree

    from engine.checks import checker
    from engine import spiff

    data = STALLING.encode()
    processes = spiff.parse_process(etree.fromstring(data), "el_stalls.bpmn", validate=False)
    el_engine.deploy_checked(checker.CheckedFile("el_stalls.bpmn", data, [], processes, {}), actor="tester")
    inst = el_engine.start("el_stalls", actor="petugas")
    info = el_engine.instance(inst.id)
    assert info.state == "running" and "stalled" in info.problem and "wait" in info.problem
    [result] = el_engine.verify(inst.id)
    assert not result.ok and "stalled" in result.problem
