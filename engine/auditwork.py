"""The auditor's side of the engine: history, verification, replay and the diagram's markers.

A mixin of :class:`engine.core.Engine` (it uses its database, definitions and clock), kept apart so each
file stays one readable job.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from .audit import eventcodec
from .audit import log as audit
from .runtime import worklist
from .errors import NotFound
from .lazy import lazy_module
from .records import EventInfo, VerifyResult
from .store.models import Instance, Task

if TYPE_CHECKING:
    from .audit.replay import Frame

# Loaded on first use, as in engine.core.
attachments = lazy_module("engine.forms.attachments")
steps = lazy_module("engine.runtime.steps")
validate = lazy_module("engine.runtime.validate")
users = lazy_module("engine.org.users")


class AuditWork:
    def history(self, instance_id: str) -> list[EventInfo]:
        with self.db.reading() as session:
            inst = session.get(Instance, instance_id)
            if inst is None:
                raise NotFound(f"no instance {instance_id}")
            reader = self._sensitive_reader(session, inst)
            events = [reader.event(e) for e in audit.infos(audit.events_of(session, instance_id))]
        self._record_reads(instance_id, reader)
        return events

    def history_view(self, instance_id: str) -> list[dict[str, Any]]:
        """The log for auditors: each event with the role that entitled the actor, the data it changed
        (as a diff), the documents it referenced and the time taken against the step's standard."""
        from .audit.history import annotate

        events = self.history(instance_id)
        with self.db.reading() as session:
            inst = session.get(Instance, instance_id)
            return annotate(events, lambda v: self.definitions.version(session, inst.process_id, v),
                            lambda user: users.roles_of(session, user))

    def verify(self, instance_id: str | None = None) -> list[VerifyResult]:
        """Check the hash chain, re-run each instance from its log, and check its documents."""
        with self.db.reading() as session:
            if instance_id is not None:
                if session.get(Instance, instance_id) is None:
                    raise NotFound(f"no instance {instance_id}")
                ids = [instance_id]
            else:
                ids = list(session.scalars(select(Instance.id).order_by(Instance.started_at, Instance.id)))
        return [self._verify_safely(i) for i in ids]

    def _verify_safely(self, instance_id: str) -> VerifyResult:
        """Verify one instance; data it cannot even read makes it fail, never stops the others."""
        try:
            return self._verify_one(instance_id)
        except OperationalError:
            raise  # the database is down: no instance can be verified, say so once
        except Exception as e:  # RecursionError and MemoryError included: the data is hostile
            return VerifyResult(instance_id, False, 0, None,
                                f"cannot verify this instance: {type(e).__name__}: {str(e)[:200]}")

    def _verify_one(self, instance_id: str) -> VerifyResult:
        with self.db.reading() as session:
            inst = session.get(Instance, instance_id)
            try:
                rows = audit.events_of(session, instance_id)
            except eventcodec.HistoryUnreadable as e:
                return VerifyResult(instance_id, False, 0, 1, f"the sealed history was altered or damaged: {e}")
            bad_seq, problem = audit.check_chain(rows, inst)
            if bad_seq is not None:
                return VerifyResult(instance_id, False, len(rows), bad_seq, problem)
            events = audit.infos(rows)
            outcome = self._replay(session, inst, events)
            if not outcome.ok:
                return VerifyResult(instance_id, False, len(rows), outcome.first_bad_seq, outcome.problem)
            if outcome.state_sha256 != inst.state_sha256 or outcome.id_counter != inst.id_counter:
                return VerifyResult(instance_id, False, len(rows), len(rows),
                                    "the stored workflow state differs from the state replay reaches")
            if inst.workflow_state is not None:
                stored = zlib.decompress(inst.workflow_state)
                if hashlib.sha256(stored).hexdigest() != inst.state_sha256:
                    return VerifyResult(instance_id, False, len(rows), len(rows),
                                        "the stored workflow state was altered (its hash does not match)")
            for event in events:
                if event.type != "task_completed":
                    continue
                for ref in attachments.refs_in(event.payload.get("data")):
                    problem = attachments.integrity_problem(session, ref)
                    if problem:
                        return VerifyResult(instance_id, False, len(rows), event.seq, f"event {event.seq}: {problem}")
            stalled = steps.stall_problem(inst, self.definitions.get(session, inst.definition_id))
            if stalled:
                return VerifyResult(instance_id, False, len(rows), None, stalled)
        return VerifyResult(instance_id, True, len(rows))

    def seal_completed(self) -> int:
        """Seal every completed instance whose history is still in rows (completed before sealing existed);
        returns how many were sealed."""
        from .audit import sealing
        from .store.models import EventSegment

        with self.db.reading() as session:
            ids = list(session.scalars(select(Instance.id).where(
                Instance.state == "completed",
                Instance.id.not_in(select(EventSegment.instance_id))).order_by(Instance.started_at, Instance.id)))
        done = 0
        for instance_id in ids:
            done += bool(self._write(lambda s, i=instance_id: sealing.seal(s, validate.lock_instance(s, i))))
        return done

    def replay_frames(self, instance_id: str) -> list[Frame]:
        """The state after every event, re-derived by replay (not read from mutable rows)."""
        with self.db.reading() as session:
            inst = session.get(Instance, instance_id)
            if inst is None:
                raise NotFound(f"no instance {instance_id}")
            events = audit.infos(audit.events_of(session, instance_id))
            return self._replay(session, inst, events, with_frames=True).frames

    def _replay(self, session: Any, inst: Instance, events: list[EventInfo], with_frames: bool = False) -> Any:
        """Replay from the version the instance started on (it may have moved since)."""
        from .audit.replay import replay

        started = events[0].payload.get("version") if events and events[0].type == "instance_started" else None
        if isinstance(started, int):
            first = self.definitions.version(session, inst.process_id, started)
        else:
            first = self.definitions.get(session, inst.definition_id)
        return replay(first, inst.id, events, with_frames=with_frames,
                      version_of=lambda v: self.definitions.version(session, inst.process_id, v))

    def diagram_state(self, instance_id: str) -> dict[str, Any]:
        """Element ids done, active and overdue, and the sequence flows taken: the diagram's markers."""
        with self.db.reading() as session:
            inst = session.get(Instance, instance_id)
            if inst is None:
                raise NotFound(f"no instance {instance_id}")
            loaded = self.definitions.get(session, inst.definition_id)
            now = self._now()
            rows = session.scalars(select(Task).where(Task.instance_id == instance_id)).all()
            active = sorted({r.element_id for r in rows if r.state in worklist.OPEN})
            overdue = sorted({r.element_id for r in rows if worklist.to_info(r, now).overdue})
            if inst.workflow_state is not None:
                run, _ = steps.load_run(inst, loaded)
                completed, flows = run.element_path()
            else:
                frames = self.replay_frames(instance_id)
                completed, flows = (frames[-1].completed, frames[-1].flows) if frames else ([], [])
            return {"completed": sorted(set(completed)), "active": active, "overdue": overdue, "flows": flows}
