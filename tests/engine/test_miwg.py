"""The MIWG reference models, made executable (tests/data/miwg/): every one that passes check runs to its end."""

from __future__ import annotations

import importlib.util
import json
import pytest

from engine import DefinitionError, Engine, FixedClock, Settings
from engine.checks import checker
from engine.org.roles import RoleCatalog
from engine.store.models import Instance

from ..conftest import DATA, ROOT

#: beside the repository (or beside a folder above it)
CORPUS = next((p / "shared" / "corpora" / "miwg-reference" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "corpora" / "miwg-reference").is_dir()), ROOT.parent / "shared")
FILES = sorted(CORPUS.glob("*.bpmn")) if CORPUS.is_dir() else []


def _transformer():
    spec = importlib.util.spec_from_file_location("miwg_executable", DATA / "miwg" / "executable.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_executable


def _prepare(tmp_path):
    make_executable = _transformer()
    lanes: set[str] = set()
    folder = tmp_path / "processes"
    folder.mkdir()
    for path in FILES:
        data, used = make_executable(path.read_bytes())
        (folder / path.name).write_bytes(data)
        lanes |= used
    (folder / "roles.toml").write_text('[roles.petugas]\nid = "Petugas"\nen = "Clerk"\nlanes = '
                                       + json.dumps(sorted(lanes | {"PETUGAS"}), ensure_ascii=False) + "\n")
    return folder


def _awaited(engine: Engine, instance_id: str) -> list[str]:
    from engine.runtime import steps

    with engine.db.reading() as session:
        inst = session.get(Instance, instance_id)
        if inst.state != "running":
            return []
        run, _ = steps.load_run(inst, engine.definitions.get(session, inst.definition_id))
        return [name for name, _, _ in run.awaited_messages()]


def _start(engine: Engine, clock: FixedClock, process) -> list[str]:
    """Start a process the way its start event says: by hand, by its message, or by the clock."""
    if process.starts_by_hand:
        return [engine.start(process.process_id, actor="petugas").id]
    kind, text = next(iter(process.start_kinds.values()))
    if kind == "message":
        return [i.id for i in engine.message(text, actor="petugas") if i.process_id == process.process_id]
    clock.advance(days=400)
    return [f.instance_id for f in engine.tick() if f.task_element_id == "" and f.instance_id
            and engine.instance(f.instance_id).process_id == process.process_id][:1]


def _run_to_end(engine: Engine, clock: FixedClock, instance_id: str) -> str:
    for _ in range(200):
        info = engine.instance(instance_id)
        if info.state != "running":
            return info.state
        tasks = engine.tasks(instance_id=instance_id)
        if tasks:
            engine.complete(tasks[0].id, actor="petugas", data={})
        elif info.next_timer_due is not None:
            clock.advance(seconds=max(1, (info.next_timer_due - clock.now()).total_seconds() + 1))
            engine.tick()
        elif _awaited(engine, instance_id):
            engine.message(_awaited(engine, instance_id)[0], actor="petugas", instance_id=instance_id)
        else:
            return f"stalled: {info.problem}"
    return "still running after 200 steps"


@pytest.mark.skipif(not FILES, reason="the shared corpora folder is not beside the repository")
def test_every_miwg_model_that_passes_check_runs_to_its_end(tmp_path, clock, capsys):
    folder = _prepare(tmp_path)
    catalog = RoleCatalog.load(folder / "roles.toml")
    report = {}
    for path in sorted(folder.glob("*.bpmn")):
        # one database per model: several models use the same process id, and sopflow refuses a second
        # diagram under a deployed process id
        engine = Engine(Settings(database_url=f"sqlite:///{tmp_path / (path.stem + '.db')}", processes_dir=folder,
                                 forms_dir=DATA / "forms"), clock=clock)
        engine.init_db()
        engine.add_user("petugas", ["petugas"], "pw")
        checked = checker.check_file(path, DATA / "forms", catalog)
        if not checked.ok:
            errors = [p for p in checked.problems if p.severity == "error"]
            report[path.name] = f"refused at check: {errors[0].code}: {errors[0].message[:90]}"
            continue
        try:
            results = engine.deploy([path], actor="tester")
        except DefinitionError as e:
            report[path.name] = f"refused at deploy: {str(e)[:90]}"
            continue
        outcomes = []
        for result in results:
            definition = engine.definitions
            with engine.db.reading() as session:
                loaded = definition.latest(session, result.process_id)
            for inst_id in _start(engine, clock, loaded.process):
                outcome = _run_to_end(engine, clock, inst_id)
                [verified] = engine.verify(inst_id)
                assert verified.ok, (path.name, verified.problem)
                outcomes.append(outcome)
                clock.advance(minutes=1)
        report[path.name] = ", ".join(outcomes) or "nothing starts by hand"
    with capsys.disabled():
        print("\nMIWG reference models:")
        for name, outcome in report.items():
            print(f"  {name:<12} {outcome}")
        ran = [n for n, o in report.items() if o and all(part == "completed" for part in o.split(", "))]
        passed = [n for n, o in report.items() if not o.startswith("refused at check")]
        print(f"  {len(passed)} of {len(report)} pass check; {len(ran)} run to their end")
    assert passed, "no MIWG model passes check"
    deployed = [n for n in passed if not report[n].startswith("refused at deploy")]
    assert sorted(ran) == sorted(n for n in deployed if report[n] != "nothing starts by hand"), report
