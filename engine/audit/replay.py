"""Re-running an instance from its definition version and its recorded inputs.

The log holds causes (an instance started, a task completed, a timer tick) and what the engine
derived from them. Replay feeds the causes to :mod:`engine.runtime.steps` with the logged times and
expects to derive the very same events, state hash after state hash. The first disagreement is
reported with the event where it shows.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .. import spiff
from ..runtime import record, steps
from .log import canonical_json
from ..definitions.deployed import LoadedDefinition
from ..records import EventInfo


@dataclasses.dataclass
class Frame:
    """The state of an instance right after one event, for stepping through its history."""

    seq: int
    type: str
    at: datetime
    actor: str
    completed: list[str]
    active: list[str]
    overdue: list[str]
    flows: list[str]
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["at"] = self.at.isoformat()
        return out


@dataclasses.dataclass
class Outcome:
    ok: bool
    first_bad_seq: int | None
    problem: str
    state_sha256: str
    id_counter: int
    frames: list[Frame]


class _Mismatch(Exception):
    def __init__(self, seq: int, problem: str):
        super().__init__(problem)
        self.seq, self.problem = seq, problem


def replay(definition: LoadedDefinition, instance_id: str, events: list[EventInfo], *,
           with_frames: bool = False, version_of: Callable[[int], LoadedDefinition] | None = None) -> Outcome:
    """Re-run ``events`` from ``definition`` (the version the instance started on).

    :param version_of: loads another version of the process, for instances that were migrated.
    """
    state = _ReplayState(definition, instance_id, version_of)
    frames: list[Frame] = []
    try:
        for event in events:
            state.apply(event)
            if with_frames:
                frames.append(state.frame(event))
        if state.pending:
            missing = state.pending[0][0]
            last = events[-1].seq if events else 0
            raise _Mismatch(last + 1, f"the log ends early: replay expected a {missing.type} event after event {last}")
    except _Mismatch as m:
        return Outcome(False, m.seq, m.problem, state.sha, state.ids.counter if state.ids else 0, frames)
    return Outcome(True, None, "", state.sha, state.ids.counter if state.ids else 0, frames)


class _ReplayState:
    def __init__(self, definition: LoadedDefinition, instance_id: str,
                 version_of: Callable[[int], LoadedDefinition] | None = None):
        self.definition = definition
        self.version_of = version_of
        self.instance_id = instance_id
        self.run: spiff.Run | None = None
        self.ids: spiff.IdSequence | None = None
        self.sha = ""
        #: derived events the replay produced and the log must show next: (event, at, actor)
        self.pending: deque[tuple[steps.Derived, datetime, str]] = deque()
        self.overdue_tasks: set[str] = set()

    def apply(self, event: EventInfo) -> None:
        if event.type == "timer_fired":
            self.overdue_tasks.add(event.payload.get("task_id", ""))
        if self.pending:
            expected, at, actor = self.pending.popleft()
            self._compare(event, expected, at, actor)
            return
        handler = getattr(self, f"_on_{event.type}", None)
        if handler is None:
            raise _Mismatch(event.seq, f"event {event.seq} ({event.type}) is not something the engine would do here")
        handler(event)

    # -- causes -----------------------------------------------------------------------------

    def _on_instance_started(self, event: EventInfo) -> None:
        if self.run is not None:
            raise _Mismatch(event.seq, f"event {event.seq}: the instance is started a second time")
        p = event.payload
        data = p.get("data") or {}
        message = p.get("message")
        if "state_format" in p and (type(p["state_format"]) is not int or p["state_format"] == 1):
            raise _Mismatch(event.seq, f"event {event.seq}: the start names saved-state format "
                                       f"{p['state_format']!r}, which no start records")
        try:
            self.run, self.ids, derived = steps.start(self.definition, self.instance_id, dict(data), event.at,
                                                      message=message, by_clock="clock_due" in p,
                                                      state_format=p.get("state_format", 1))
        except (spiff.EngineStepError, spiff.UnknownStateFormat) as e:
            raise _Mismatch(event.seq, f"event {event.seq}: the start fails on replay: {e}") from None
        cause = steps.Derived("instance_started", {"process_id": self.definition.process_id,
                                                   "version": self.definition.version,
                                                   "sha256": self.definition.sha256, "data": data,
                                                   **({"message": message} if message is not None else {}),
                                                   **({"clock_due": p["clock_due"]} if "clock_due" in p else {}),
                                                   **steps.state_format_of(self.run)})
        self._expect(event, cause, derived)

    def _on_task_completed(self, event: EventInfo) -> None:
        run, ids = self._running(event)
        p = event.payload
        task_id = p.get("task_id", "")
        if not run.has_ready_task(task_id):
            raise _Mismatch(event.seq, f"event {event.seq}: task {task_id} was not open at this point on replay")
        data = p.get("data")
        try:
            derived = steps.complete(self.definition, run, ids, task_id, dict(data or {}), event.at)
        except spiff.EngineStepError as e:
            raise _Mismatch(event.seq, f"event {event.seq}: completing {p.get('element_id')} fails on replay: {e}") from None
        cause = steps.Derived("task_completed", {"task_id": task_id, "element_id": p.get("element_id"), "data": data})
        self._expect(event, cause, derived)

    def _on_timer_fired(self, event: EventInfo) -> None:
        run, ids = self._running(event)
        try:
            derived = steps.fire_timers(self.definition, run, ids, event.at)
        except spiff.EngineStepError as e:
            raise _Mismatch(event.seq, f"event {event.seq}: firing timers fails on replay: {e}") from None
        if not derived:
            raise _Mismatch(event.seq, f"event {event.seq}: no timer was due at {event.at.isoformat()} on replay")
        self._expect(event, None, derived)

    def _on_message_received(self, event: EventInfo) -> None:
        run, ids = self._running(event)
        p = event.payload
        try:
            derived = steps.deliver(self.definition, run, ids, p.get("name", ""), dict(p.get("data") or {}), event.at)
        except spiff.EngineStepError as e:
            raise _Mismatch(event.seq, f"event {event.seq}: message {p.get('name')!r} fails on replay: {e}") from None
        self._expect(event, steps.Derived("message_received", {"name": p.get("name"), "data": p.get("data")}), derived)

    def _on_instance_migrated(self, event: EventInfo) -> None:
        run, ids = self._running(event)
        target = event.payload.get("to_version")
        if self.version_of is None or not isinstance(target, int):
            raise _Mismatch(event.seq, f"event {event.seq}: migration to version {target} cannot be replayed")
        try:
            new_definition = self.version_of(target)
            derived = steps.migrate(new_definition, run, ids, event.at)
        except Exception as e:  # a missing version or a failing move both mean the log is wrong
            raise _Mismatch(event.seq, f"event {event.seq}: the move to version {target} fails on replay: {e}") from None
        cause = steps.Derived("instance_migrated", {"from_version": self.definition.version,
                                                    "to_version": new_definition.version,
                                                    "sha256": new_definition.sha256,
                                                    # the analyst's reason is input, like a form's data
                                                    **({"reason": event.payload["reason"]}
                                                       if "reason" in event.payload else {})})
        self.definition = new_definition
        self._expect(event, cause, derived)

    def _on_instance_error(self, event: EventInfo) -> None:
        run, ids = self._running(event)
        try:
            steps.fire_timers(self.definition, run, ids, event.at)
        except spiff.EngineStepError:
            return
        raise _Mismatch(event.seq, f"event {event.seq}: the logged engine error does not happen on replay")

    def _on_task_claimed(self, event: EventInfo) -> None:
        self._require_open(event)

    _on_task_unclaimed = _on_task_claimed
    _on_task_delegated = _on_task_claimed

    def _on_sensitive_read(self, event: EventInfo) -> None:
        """Someone was shown a sensitive value: logged for the audit, nothing in the process moves."""

    # -- helpers ------------------------------------------------------------------------------

    def _running(self, event: EventInfo) -> tuple[spiff.Run, spiff.IdSequence]:
        if self.run is None or self.ids is None:
            raise _Mismatch(event.seq, f"event {event.seq} ({event.type}) comes before the instance started")
        return self.run, self.ids

    def _require_open(self, event: EventInfo) -> None:
        run, _ = self._running(event)
        task_id = event.payload.get("task_id", "")
        if not run.has_ready_task(task_id):
            raise _Mismatch(event.seq, f"event {event.seq} ({event.type}): task {task_id} is not open at this point")

    def _expect(self, event: EventInfo, cause: steps.Derived | None, derived: list[steps.Derived]) -> None:
        assert self.run is not None
        dump = self.run.dump()
        self.sha = hashlib.sha256(dump.encode("utf-8")).hexdigest()
        # The runtime saves and reloads between steps, and a reloaded workflow is not byte-for-byte
        # the one kept in memory (SpiffWorkflow recomputes data deltas); do exactly the same.
        self.run = spiff.Run.load(dump, self.definition.process)
        recorded = record.recorded(cause, derived, self.sha)
        self._compare(event, recorded[0], event.at, event.actor)
        self.pending.extend((r, event.at, event.actor) for r in recorded[1:])

    @staticmethod
    def _compare(event: EventInfo, expected: steps.Derived, at: datetime, actor: str) -> None:
        if event.type != expected.type:
            raise _Mismatch(event.seq, f"event {event.seq} is {event.type}; replay derives {expected.type} here")
        if canonical_json(event.payload) != canonical_json(expected.payload):
            diff = _first_difference(event.payload, expected.payload)
            raise _Mismatch(event.seq, f"event {event.seq} ({event.type}) differs from replay: {diff}")
        if event.at != at or event.actor != actor:
            raise _Mismatch(event.seq, f"event {event.seq} ({event.type}) has another time or actor than its step")

    def frame(self, event: EventInfo) -> Frame:
        if self.run is None:
            return Frame(event.seq, event.type, event.at, event.actor, [], [], [], [], {})
        completed, flows = self.run.element_path()
        ready = self.run.ready_user_tasks()
        active = [t.element_id for t in ready]
        overdue = [t.element_id for t in ready if t.id in self.overdue_tasks]
        data = self.run.task_data(ready[0].id) if ready else self.run.final_data()
        return Frame(event.seq, event.type, event.at, event.actor, completed, active, overdue, flows, data)


def _first_difference(logged: dict[str, Any], derived: dict[str, Any]) -> str:
    for key in sorted(set(logged) | set(derived)):
        if canonical_json(logged.get(key)) != canonical_json(derived.get(key)):
            return f"{key}: log has {canonical_json(logged.get(key))[:120]}, replay has {canonical_json(derived.get(key))[:120]}"
    return "content differs"
