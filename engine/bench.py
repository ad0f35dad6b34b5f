"""`sopflow bench`: speed and size figures of the engine, printed, never asserted.

Everything runs on temporary SQLite files with generated processes:
* ``seq30``: 30 user tasks in a row, alternating between two lanes, each with a PT1H time standard
  (a boundary timer, as every SOP step has);
* ``loop``: one user task and a gateway that loops back, for the cost of step n of a long instance.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .clock import FixedClock
from .config import Settings
from .core import Engine

ROLES = """
[roles.staf]
id = "Staf"
en = "Staff"
lanes = ["STAF"]

[roles.kepala]
id = "Kepala"
en = "Head"
lanes = ["KEPALA"]
"""
FORM = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
        "properties": {"catatan": {"type": "string", "maxLength": 500}, "lanjut": {"type": "boolean"}},
        "additionalProperties": False}
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
        'id="d_{pid}" targetNamespace="http://sopflow/bench"><bpmn:process id="{pid}" name="{pid}" isExecutable="true">')
FORM_EXT = ('<bpmn:extensionElements><spiffworkflow:properties><spiffworkflow:property name="formJsonSchemaFilename" '
            'value="b/form.schema.json"/></spiffworkflow:properties></bpmn:extensionElements>')


def _lanes(pid: str, staf: list[str], kepala: list[str]) -> str:
    refs = lambda ids: "".join(f"<bpmn:flowNodeRef>{i}</bpmn:flowNodeRef>" for i in ids)  # noqa: E731
    return (f'<bpmn:laneSet id="{pid}_ls"><bpmn:lane id="{pid}_l1" name="STAF">{refs(staf)}</bpmn:lane>'
            f'<bpmn:lane id="{pid}_l2" name="KEPALA">{refs(kepala)}</bpmn:lane></bpmn:laneSet>')


def seq_bpmn(n: int, timers: bool = True) -> str:
    pid = f"seq{n}"
    parts, staf, kepala = [], ["s"], []
    prev = "s"
    parts.append('<bpmn:startEvent id="s"/>')
    for i in range(1, n + 1):
        tid = f"t{i}"
        (staf if i % 2 else kepala).append(tid)
        parts.append(f'<bpmn:userTask id="{tid}" name="Langkah {i}">{FORM_EXT}</bpmn:userTask>')
        parts.append(f'<bpmn:sequenceFlow id="f{i}" sourceRef="{prev}" targetRef="{tid}"/>')
        if timers:
            (staf if i % 2 else kepala).extend([f"{tid}_w", f"{tid}_e"])
            parts.append(f'<bpmn:boundaryEvent id="{tid}_w" cancelActivity="false" attachedToRef="{tid}">'
                         f'<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H'
                         f'</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'
                         f'<bpmn:endEvent id="{tid}_e"/>'
                         f'<bpmn:sequenceFlow id="{tid}_fe" sourceRef="{tid}_w" targetRef="{tid}_e"/>')
        prev = tid
    staf.append("e")
    parts.append('<bpmn:endEvent id="e"/>')
    parts.append(f'<bpmn:sequenceFlow id="fend" sourceRef="{prev}" targetRef="e"/>')
    return HEAD.format(pid=pid) + _lanes(pid, staf, kepala) + "".join(parts) + "</bpmn:process></bpmn:definitions>"


def loop_bpmn() -> str:
    pid = "loop"
    body = (f'<bpmn:startEvent id="s"/><bpmn:userTask id="t" name="Langkah">{FORM_EXT}</bpmn:userTask>'
            '<bpmn:exclusiveGateway id="g" default="back"/><bpmn:endEvent id="e"/>'
            '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="g"/>'
            '<bpmn:sequenceFlow id="done" sourceRef="g" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
            'lanjut == False</bpmn:conditionExpression></bpmn:sequenceFlow>'
            '<bpmn:sequenceFlow id="back" sourceRef="g" targetRef="t"/>')
    return HEAD.format(pid=pid) + _lanes(pid, ["s", "t", "g", "e"], []) + body + "</bpmn:process></bpmn:definitions>"


def _workspace(root: Path) -> Settings:
    (root / "processes").mkdir()
    (root / "forms" / "b").mkdir(parents=True)
    (root / "processes" / "roles.toml").write_text(ROLES)
    (root / "forms" / "b" / "form.schema.json").write_text(json.dumps(FORM))
    (root / "processes" / "seq30.bpmn").write_text(seq_bpmn(30))
    (root / "processes" / "loop.bpmn").write_text(loop_bpmn())
    return Settings(database_url=f"sqlite:///{root / 'bench.db'}", processes_dir=root / "processes",
                    forms_dir=root / "forms")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def run_benchmark(quick: bool = False) -> dict[str, Any]:
    instances = 10 if quick else 60
    open_instances = 5_000 if quick else 100_000
    loop_steps = 120 if quick else 1000
    with tempfile.TemporaryDirectory(prefix="sopflow-bench-") as tmp:
        root = Path(tmp)
        settings = _workspace(root)
        clock = FixedClock(datetime(2026, 1, 5, 8, tzinfo=timezone.utc))
        engine = Engine(settings, clock=clock)
        engine.init_db()
        engine.deploy()
        engine.add_user("staf", ["staf"], "pw")
        engine.add_user("kepala", ["kepala"], "pw")
        figures: dict[str, Any] = {"sizes": {"instances": instances, "open_instances": open_instances,
                                             "loop_steps": loop_steps}}
        figures.update(_complete_and_start(engine, clock, instances, root))
        figures.update(_bare(root))
        figures["overhead_ratio"] = round(figures["complete_p50_ms"] / figures["bare_p50_ms"], 3)
        figures.update(_loop(engine, clock, loop_steps))
        engine.close()
        figures.update(_tasklist(root, open_instances))
    return figures


def _complete_and_start(engine: Engine, clock: FixedClock, instances: int, root: Path) -> dict[str, Any]:
    starts, completes = [], []
    db_file = root / "bench.db"
    _checkpoint(engine)
    size_before = db_file.stat().st_size
    for _ in range(instances):
        t0 = time.perf_counter()
        inst = engine.start("seq30", actor="staf")
        starts.append(time.perf_counter() - t0)
        while True:
            tasks = engine.tasks(instance_id=inst.id)
            if not tasks:
                break
            task = tasks[0]
            clock.advance(minutes=10)
            t0 = time.perf_counter()
            engine.complete(task.id, actor=task.role, data={"catatan": "selesai sesuai rencana", "lanjut": True})
            completes.append(time.perf_counter() - t0)
    _checkpoint(engine, vacuum=True)
    per_instance = (db_file.stat().st_size - size_before) / instances
    return {
        "complete_p50_ms": _ms(statistics.median(completes)),
        "complete_p95_ms": _ms(_pct(completes, 0.95)),
        "start_p50_ms": _ms(statistics.median(starts)),
        "start_p95_ms": _ms(_pct(starts, 0.95)),
        "bytes_per_completed_instance": int(per_instance),
        "completed_instances_measured": instances,
    }


def _checkpoint(engine: Engine, vacuum: bool = False) -> None:
    raw = engine.db.engine.raw_connection()  # outside SQLAlchemy's transaction: both need autocommit
    try:
        cursor = raw.cursor()
        if vacuum:
            cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def _bare(root: Path) -> dict[str, Any]:
    """The same 30 steps on bare SpiffWorkflow: deserialize, run, serialize, all in memory."""
    from . import spiff

    return spiff.bench_bare(seq_bpmn(30), "seq30", {"catatan": "selesai sesuai rencana", "lanjut": True})


def _loop(engine: Engine, clock: FixedClock, steps: int) -> dict[str, Any]:
    inst = engine.start("loop", actor="staf")
    timings: dict[int, float] = {}
    samples: list[float] = []
    marks = {10, 100, 1000, steps}
    for n in range(1, steps + 1):
        task = engine.tasks(instance_id=inst.id)[0]
        clock.advance(seconds=30)
        t0 = time.perf_counter()
        engine.complete(task.id, actor="staf", data={"lanjut": True})
        samples.append(time.perf_counter() - t0)
        if n in marks:
            window = samples[-5:]
            timings[n] = statistics.median(window)
    out = {f"step_ms_{n}": _ms(v) for n, v in sorted(timings.items())}
    if 10 in timings and steps in timings:
        out["step_ratio_last_to_10"] = round(timings[steps] / timings[10], 2)
    return out


def _tasklist(root: Path, open_instances: int) -> dict[str, Any]:
    """A role's first page of tasks with ``open_instances`` open tasks in the mirror.

    The open tasks are bulk-inserted into the mirror (with their instances), spread over 20
    roles: the task list reads nothing else, and starting 100,000 instances one by one would
    only measure ``start`` again.
    """
    settings = Settings(database_url=f"sqlite:///{root / 'tasklist.db'}", processes_dir=root / "processes",
                        forms_dir=root / "forms")
    clock = FixedClock(datetime(2026, 1, 5, 8, tzinfo=timezone.utc))
    engine = Engine(settings, clock=clock)
    engine.init_db()
    engine.deploy()
    engine.add_user("staf", ["staf"], "pw")
    roles = ["staf"] + [f"peran{i}" for i in range(19)]
    bulk_open_tasks(engine, open_instances, roles)
    gc.collect()
    timings = []
    for page in range(60):
        t0 = time.perf_counter()
        engine.tasks(user="staf", limit=25, offset=(page % 4) * 25)
        engine.count_tasks(user="staf")
        timings.append(time.perf_counter() - t0)
    engine.close()
    return {"tasklist_p50_ms": _ms(statistics.median(timings)), "tasklist_p95_ms": _ms(_pct(timings, 0.95)),
            "tasklist_open_tasks_of_role": open_instances // len(roles)}


def bulk_open_tasks(engine: Engine, count: int, roles: list[str]) -> None:
    """Put ``count`` open first-step tasks of seq30 (with their instances) into the mirror, spread over ``roles``."""
    from sqlalchemy import insert

    from .store.models import Definition, Instance, Task

    with engine.db.transaction() as session:
        definition_id = session.query(Definition.id).filter(Definition.process_id == "seq30").scalar()
    base = engine.clock.now()
    batch = 5000
    for start in range(0, count, batch):
        inst_rows, task_rows = [], []
        for i in range(start, min(start + batch, count)):
            iid = str(uuid.UUID(int=i + 1))
            created = base + timedelta(seconds=i)
            inst_rows.append(dict(id=iid, definition_id=definition_id, process_id="seq30", version=1,
                                  state="running", workflow_state=None, state_sha256="", id_counter=0,
                                  started_at=created, started_by="staf", event_count=0, last_hash="", row_version=1))
            task_rows.append(dict(id=str(uuid.UUID(int=10**12 + i)), instance_id=iid, process_id="seq30", version=1,
                                  element_id="t1", name="Langkah 1", lane="STAF", role=roles[i % len(roles)],
                                  state="ready", assignee=None, created_at=created,
                                  due_at=created + timedelta(hours=1 + (i % 48)), overdue=False))
        with engine.db.transaction() as session:
            session.execute(insert(Instance), inst_rows)
            session.execute(insert(Task), task_rows)


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run_benchmark(quick=bool(os.environ.get("QUICK"))), indent=2))
