"""A throwaway engine for trying an unsaved diagram ("coba"): its own SQLite file, its own users and a
clock that only moves when told, in a folder that is deleted afterwards. Nothing in it reaches the real
database, so real instances, their audit log and the reports never see a trial run."""

from __future__ import annotations

import json
import secrets
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ..clock import FixedClock
from ..config import Settings
from ..errors import InvalidInput, NotFound
from .names import element_names

#: the one user of a sandbox; it holds every lane role so it can act in every lane
TRIAL_USER = "coba"
#: sandboxes untouched for this long are removed by the next :func:`cleanup`
MAX_AGE_SECONDS = 2 * 3600


class Sandbox:
    """One trial run, kept in ``root`` (``meta.json``, ``coba.db``)."""

    def __init__(self, root: Path):
        self.root = root
        meta_path = root / "meta.json"
        if not meta_path.exists():
            raise NotFound("this trial run has ended or never existed")
        self.meta: dict[str, Any] = json.loads(meta_path.read_text())

    # -- life cycle ---------------------------------------------------------------------------------

    @classmethod
    def create(cls, parent: Path, owner: str, checked: Any, processes_dir: Path,
               start: datetime | None = None) -> Sandbox:
        """Deploy ``checked`` (a clean :class:`~engine.checks.checker.CheckedFile`) into a new sandbox and start it."""
        from ..core import Engine

        if not checked.ok or len(checked.processes) != 1:
            raise InvalidInput("only a diagram without errors, with one executable process, can be tried")
        cleanup(parent)
        for folder in parent.iterdir() if parent.exists() else []:
            try:
                if Sandbox(folder).owner == owner:  # one trial per analyst: a new one replaces the last
                    Sandbox(folder).close()
            except (NotFound, ValueError, OSError):
                continue
        root = parent / secrets.token_hex(12)
        root.mkdir(parents=True)
        now = (start or datetime.now(timezone.utc)).replace(microsecond=0)
        engine = Engine(Settings(database_url=f"sqlite:///{root / 'coba.db'}", processes_dir=processes_dir,
                                 forms_dir=root), clock=FixedClock(now))
        try:
            engine.init_db()
            engine.deploy_checked(checked, actor=TRIAL_USER)
            roles = [r.code for r in engine.catalog.lane_roles()]
            engine.add_user(TRIAL_USER, roles, secrets.token_hex(16), "Uji coba")
            process_id = checked.processes[0].process_id
            inst = engine.start(process_id, actor=TRIAL_USER)
        except Exception:
            engine.close()
            shutil.rmtree(root, ignore_errors=True)
            raise
        engine.close()
        (root / "meta.json").write_text(json.dumps({
            "owner": owner, "process_id": process_id, "instance_id": inst.id, "now": now.isoformat(),
            "processes_dir": str(processes_dir),
        }))
        return cls(root)

    @property
    def token(self) -> str:
        return self.root.name

    @property
    def owner(self) -> str:
        return self.meta["owner"]

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _engine(self) -> Any:
        from ..core import Engine

        settings = Settings(database_url=f"sqlite:///{self.root / 'coba.db'}",
                            processes_dir=Path(self.meta.get("processes_dir", "processes")), forms_dir=self.root)
        return Engine(settings, clock=FixedClock(datetime.fromisoformat(self.meta["now"])))

    def _save(self) -> None:
        (self.root / "meta.json").write_text(json.dumps(self.meta))

    # -- walking it ---------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Where the trial instance stands: open steps with their forms, the path so far, the clock."""
        engine = self._engine()
        try:
            inst = engine.instance(self.meta["instance_id"])
            tasks = engine.tasks(instance_id=inst.id)
            open_tasks = []
            for t in tasks:
                detail = engine.task(t.id)
                open_tasks.append({"id": t.id, "element_id": t.element_id, "name": t.name, "lane": t.lane,
                                   "due_at": t.due_at.isoformat() if t.due_at else None, "overdue": t.overdue,
                                   "form_schema": detail.form_schema, "ui_schema": detail.ui_schema,
                                   "data": detail.data})
            names = element_names(engine.definition(inst.process_id).bpmn_xml)
            history = [{"type": e.type, "at": e.at.isoformat(), "element_id": e.payload.get("element_id"),
                        "name": names.get(e.payload.get("element_id") or "", "")}
                       for e in engine.history(inst.id)]
            return {"token": self.token, "process_id": inst.process_id, "state": inst.state,
                    "now": self.meta["now"], "tasks": open_tasks, "diagram": engine.diagram_state(inst.id),
                    "next_timer_due": inst.next_timer_due.isoformat() if inst.next_timer_due else None,
                    "history": history}
        finally:
            engine.close()

    def task_form(self, task_id: str) -> tuple[Any, Any]:
        engine = self._engine()
        try:
            detail = engine.task(task_id)
            if detail.task.instance_id != self.meta["instance_id"]:
                raise NotFound(f"no task {task_id} in this trial run")
            return detail.form_schema, detail.ui_schema
        finally:
            engine.close()

    def complete(self, task_id: str, data: dict[str, Any]) -> None:
        engine = self._engine()
        try:
            if engine.task(task_id).task.instance_id != self.meta["instance_id"]:
                raise NotFound(f"no task {task_id} in this trial run")
            engine.complete(task_id, actor=TRIAL_USER, data=data)
        finally:
            engine.close()

    def advance(self, *, hours: float | None = None, to_next_due: bool = False) -> int:
        """Move the clock (by ``hours``, or to the next time standard falling due) and fire what is due.
        Returns how many timers fired."""
        now = datetime.fromisoformat(self.meta["now"])
        if to_next_due:
            engine = self._engine()
            try:
                due = engine.instance(self.meta["instance_id"]).next_timer_due
            finally:
                engine.close()
            if due is None:
                raise InvalidInput("no time standard is running in this trial")
            target = max(now, due + timedelta(seconds=1))
        else:
            if hours is None or not 0 < hours <= 24 * 366:
                raise InvalidInput("move the clock by more than 0 and at most 8784 hours")
            target = now + timedelta(hours=hours)
        self.meta["now"] = target.isoformat()
        self._save()
        engine = self._engine()
        try:
            return len(engine.tick(target))
        finally:
            engine.close()


def open_sandbox(parent: Path, token: str, owner: str) -> Sandbox:
    """The sandbox ``token`` of ``owner``; another user's sandbox is as good as absent."""
    if not token.isalnum() or len(token) != 24:
        raise NotFound("no such trial run")
    box = Sandbox(parent / token)
    if box.owner != owner:
        raise NotFound("no such trial run")
    touch = box.root / "meta.json"
    touch.touch()
    return box


def cleanup(parent: Path, max_age: float = MAX_AGE_SECONDS) -> int:
    """Remove sandboxes nobody touched for ``max_age`` seconds; returns how many went."""
    if not parent.exists():
        return 0
    gone = 0
    limit = time.time() - max_age
    for folder in parent.iterdir():
        meta = folder / "meta.json"
        stamp = meta.stat().st_mtime if meta.exists() else folder.stat().st_mtime
        if stamp < limit:
            shutil.rmtree(folder, ignore_errors=True)
            gone += 1
    return gone
