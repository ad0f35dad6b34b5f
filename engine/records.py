"""Plain records the engine hands out: no ORM objects, no SpiffWorkflow objects.

Each record's :meth:`to_dict` gives the JSON shape the CLI prints and the web API serves,
so both faces stay identical.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


class Record:
    def to_dict(self) -> dict[str, Any]:
        return {f.name: _jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class RoleInfo(Record):
    code: str
    title_id: str
    title_en: str
    lanes: list[str]
    external: bool = False
    #: roles whose holders may stand in for this one (receive its delegated tasks)
    stand_ins: list[str] = dataclasses.field(default_factory=list)
    #: roles whose processes this role may start too (a Kapolsek may open what his Bhabinkamtibmas starts)
    starts_for: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class UserInfo(Record):
    username: str
    display_name: str
    roles: list[str]
    active: bool = True
    #: the roles held in a unit, as "role@UNIT" (roles held deployment-wide are only in ``roles``)
    posts: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class ProcessInfo(Record):
    id: str
    name: str
    version: int
    start_roles: list[str]


@dataclasses.dataclass(frozen=True)
class VersionInfo(Record):
    process_id: str
    version: int
    name: str
    sha256: str
    deployed_at: datetime
    deployed_by: str
    running_instances: int = 0
    #: the units whose subtree currently runs this version (None: the whole deployment)
    current_for: tuple[str | None, ...] = ()


@dataclasses.dataclass(frozen=True)
class DefinitionInfo(Record):
    """One stored version with its sources, for diagrams and the modeler."""

    process_id: str
    version: int
    name: str
    sha256: str
    bpmn_xml: str
    #: form path (relative to forms/) -> JSON text
    forms: dict[str, Any]
    deployed_at: datetime
    deployed_by: str


@dataclasses.dataclass(frozen=True)
class DeployResult(Record):
    process_id: str
    version: int
    #: a new version was stored
    created: bool
    file: str
    #: the unit whose subtree the version was deployed for (None: the whole deployment)
    unit: str | None = None
    #: the version became the unit's current one (new, or the newest version deployed for one more unit)
    deployed: bool = False


@dataclasses.dataclass(frozen=True)
class InstanceInfo(Record):
    id: str
    process_id: str
    version: int
    state: str  # running | completed | error
    started_at: datetime
    ended_at: datetime | None
    started_by: str = ""
    next_timer_due: datetime | None = None
    #: why a running instance cannot move on (it is stalled); "" when nothing is wrong
    problem: str = ""
    title: str = ""
    #: the unit the instance belongs to (None in a deployment without units)
    unit: str | None = None


@dataclasses.dataclass(frozen=True)
class TaskInfo(Record):
    id: str
    instance_id: str
    process_id: str
    element_id: str
    name: str
    lane: str
    role: str
    state: str  # ready | claimed | completed | cancelled
    assignee: str | None
    created_at: datetime
    due_at: datetime | None
    overdue: bool
    completed_at: datetime | None = None
    completed_by: str | None = None
    delegated_by: str | None = None
    version: int = 0
    #: the title of the task's instance (what case this is)
    instance_title: str = ""
    delegation_reason: str | None = None
    #: the unit the task's lane resolved to (None: any holder of the role)
    unit: str | None = None


@dataclasses.dataclass(frozen=True)
class TaskDetail(Record):
    task: TaskInfo
    form_schema: dict[str, Any] | None
    ui_schema: dict[str, Any] | None
    instructions: str
    documentation: str
    #: the values the form shows: for an open task, what this same step submitted earlier in the
    #: instance (choices left out) and its declared inputs; for a completed task, what it submitted
    data: dict[str, Any]
    #: declared inputs that are not fields of the form, shown read-only: field, value, step, step_name
    inputs: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: the SOP rows the step carries out (number, text as the SOP writes it, its mark, its MUTU BAKU cells)
    sop_rows: list[Any] = dataclasses.field(default_factory=list)
    #: the analyst's notes (ASUMSI) on the step: for analysts and auditors
    notes: list[str] = dataclasses.field(default_factory=list)
    #: the time standard as ISO 8601 ("PT1H") and as words ("1 jam"); "" when the SOP gives none
    time_standard: str = ""
    time_standard_label: str = ""
    time_standard_label_en: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = self.task.to_dict()
        out.update(
            form_schema=self.form_schema,
            ui_schema=self.ui_schema,
            instructions=self.instructions,
            documentation=self.documentation,
            data=_jsonable(self.data),
            inputs=_jsonable(self.inputs),
            sop_rows=[r.to_dict() for r in self.sop_rows],
            notes=list(self.notes),
            time_standard=self.time_standard,
            time_standard_label=self.time_standard_label,
            time_standard_label_en=self.time_standard_label_en,
        )
        return out


@dataclasses.dataclass(frozen=True)
class AttachmentInfo(Record):
    ref: str  # "sha256:<hex>"
    size: int
    media_type: str
    filename: str = ""
    uploaded_by: str = ""
    uploaded_at: datetime | None = None


@dataclasses.dataclass(frozen=True)
class EventInfo(Record):
    instance_id: str
    seq: int
    type: str
    actor: str
    at: datetime
    payload: dict[str, Any]
    prev_hash: str
    hash: str


@dataclasses.dataclass(frozen=True)
class FiredTimer(Record):
    instance_id: str
    timer_id: str  # boundary event element id
    task_element_id: str  # the user task it watches ("" if not on a user task)
    due_at: datetime
    fired_at: datetime


@dataclasses.dataclass(frozen=True)
class VerifyResult(Record):
    instance_id: str
    ok: bool
    events: int
    #: seq of the first event where the chain or the replay disagrees (None when ok)
    first_bad_seq: int | None = None
    problem: str = ""
