"""Deployed process versions: storing them immutably and loading them (parsed once) for running."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..checks import checker
from .. import spiff
from ..forms import startform, taskdata
from . import titles
from ..safety import xmlsafe
from ..checks import structure
from ..audit.log import canonical_json
from ..errors import DefinitionError, NotFound
from ..records import DefinitionInfo, DeployResult, ProcessInfo, VersionInfo
from ..org.roles import RoleCatalog
from ..store.models import Definition, Instance
from . import deployments


@dataclasses.dataclass
class LoadedDefinition:
    """A version ready to run: its row's facts plus the parsed spec."""

    id: int
    process_id: str
    version: int
    name: str
    sha256: str
    process: spiff.ParsedProcess
    #: form path -> schema as JSON text, in the author's key order (validators are cached by it)
    forms: dict[str, str]
    lane_roles: dict[str, str]
    start_roles: list[str]
    #: user task element id -> the inputs its form declares (``formInputs``)
    inputs: dict[str, list[taskdata.Input]] = dataclasses.field(default_factory=dict)
    #: form path of the start event, when it declares one (see :mod:`engine.forms.startform`)
    start_form: str | None = None

    def start_form_text(self) -> str | None:
        return self.forms.get(self.start_form) if self.start_form else None

    #: the process's instanceTitleTemplate ("" when it has none)
    title_template: str = ""

    def task_meta(self, element_id: str) -> spiff.UserTaskMeta:
        return self.process.user_tasks[element_id]

    def task_role(self, element_id: str) -> str:
        return self.lane_roles.get(self.process.user_tasks[element_id].lane, "")

    def form_schema(self, element_id: str) -> dict[str, Any] | None:
        path = self.process.user_tasks[element_id].form
        return json.loads(self.forms[path]) if path and path in self.forms else None

    def form_text(self, element_id: str) -> str | None:
        path = self.process.user_tasks[element_id].form
        return self.forms.get(path) if path else None

    def ui_schema(self, element_id: str) -> dict[str, Any] | None:
        path = self.process.user_tasks[element_id].ui_form
        return json.loads(self.forms[path]) if path and path in self.forms else None


class DefinitionCache:
    """Parsed versions by definition id; parsing costs more than a whole request."""

    def __init__(self) -> None:
        self._loaded: dict[int, LoadedDefinition] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, definition_id: int) -> LoadedDefinition:
        found = self._loaded.get(definition_id)
        if found is not None:
            return found
        row = session.get(Definition, definition_id)
        if row is None:
            raise NotFound(f"no definition {definition_id}")
        loaded = _load(row, lambda process_id, version: self.version(session, process_id, version))
        with self._lock:
            self._loaded.setdefault(definition_id, loaded)
        return self._loaded[definition_id]

    def version(self, session: Session, process_id: str, version: int) -> LoadedDefinition:
        row_id = session.scalar(
            select(Definition.id).where(Definition.process_id == process_id, Definition.version == version)
        )
        if row_id is None:
            raise NotFound(f"process {process_id!r} has no version {version}")
        return self.get(session, row_id)

    def for_unit(self, session: Session, process_id: str, unit_code: str | None) -> LoadedDefinition:
        """The version a new instance in ``unit_code`` runs (see :mod:`engine.definitions.deployments`)."""
        return self.get(session, deployments.resolve(session, process_id, unit_code))

    def latest(self, session: Session, process_id: str) -> LoadedDefinition:
        row_id = session.scalar(
            select(Definition.id).where(Definition.process_id == process_id).order_by(Definition.version.desc()).limit(1)
        )
        if row_id is None:
            raise NotFound(f"no process {process_id!r} is deployed")
        return self.get(session, row_id)


def _load(row: Definition, version_of: Callable[[str, int], LoadedDefinition]) -> LoadedDefinition:
    tree = xmlsafe.parse_xml(row.bpmn_xml.encode("utf-8"))
    processes = spiff.parse_process(structure.without_vendor_ids(tree.getroot()),
                                    row.filename or f"{row.process_id}.bpmn", validate=False)
    process = next(p for p in processes if p.process_id == row.process_id)
    meta = json.loads(row.meta_json)
    # Kept in the author's key order: the order of a form's properties is the order of its fields.
    forms = {path: json.dumps(schema, ensure_ascii=False) for path, schema in json.loads(row.forms_json).items()}
    lane_roles = dict(meta["lane_roles"])
    called = {pid: version_of(pid, version) for pid, version in meta.get("called", {}).items()}
    if called:
        # Call activities run the version bound at deploy, with its tasks, forms and lanes.
        process = process.with_called({pid: child.process for pid, child in called.items()})
        for child in called.values():
            forms = {**child.forms, **forms}
            lane_roles = {**child.lane_roles, **lane_roles}
    return LoadedDefinition(
        id=row.id, process_id=row.process_id, version=row.version, name=row.name, sha256=row.sha256,
        process=process, forms=forms, lane_roles=lane_roles, start_roles=meta["start_roles"],
        inputs=taskdata.declared_inputs(tree.getroot()),
        start_form=startform.declared(tree.getroot()).get(row.process_id),
        title_template=titles.template_of(tree.getroot(), row.process_id),
    )


def collect_bpmn_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.bpmn")))
        elif path.suffix == ".bpmn" or path.exists():
            files.append(path)
        else:
            raise DefinitionError(f"{path}: no such file or folder")
    return files


def content_sha256(bpmn: bytes, forms: dict[str, Any]) -> str:
    digest = hashlib.sha256(bpmn)
    digest.update(b"\0")
    digest.update(canonical_json(forms).encode("utf-8"))
    return digest.hexdigest()


def deploy(
    session: Session, catalog: RoleCatalog, files: list[Path], forms_root: Path, actor: str, now: datetime,
    unit: str | None = None,
) -> list[DeployResult]:
    """Check every file, then deploy each process for ``unit``'s subtree (None: the whole deployment),
    storing a new version of those whose content changed.

    All or nothing: when any file has a problem, nothing is stored and :class:`DefinitionError`
    lists every problem of every file.
    """
    deployments.check_deployer(session, actor, unit)
    checked = checker.check_files(files, forms_root, catalog)
    problems = [p for c in checked for p in c.problems if p.severity == "error"]
    if problems:
        raise DefinitionError(f"{len(problems)} problem(s); nothing deployed", problems)
    return [r for c in _callees_first(checked) for r in store_checked(session, catalog, c, actor, now, unit)]


def _callees_first(checked: list[checker.CheckedFile]) -> list[checker.CheckedFile]:
    """The files in an order where a process called by a call activity is stored before its callers."""
    ordered: list[checker.CheckedFile] = []
    waiting = list(checked)
    while waiting:
        stored = {p.process_id for c in ordered for p in c.processes}
        pending = {p.process_id for c in waiting for p in c.processes}
        ready = [c for c in waiting if not ({n for p in c.processes for n in p.called} & (pending - stored)
                                            - {p.process_id for p in c.processes})]
        ordered.extend(ready or waiting[:1])  # a cycle is stored as written; its calls then fail to bind
        waiting = [c for c in waiting if c not in (ready or waiting[:1])]
    return ordered


def _bind_calls(session: Session, process: spiff.ParsedProcess, filename: str, unit: str | None) -> dict[str, int]:
    """The version each call activity of ``process`` will run: the one ``unit`` runs now (else the latest
    deployed), recorded for good."""
    bound = {}
    for process_id in process.called:
        own = deployments.current_for(session, process_id, unit)
        version = own.version if own is not None else session.scalar(
            select(func.max(Definition.version)).where(Definition.process_id == process_id))
        if version is None:
            raise DefinitionError(f"{filename}: a call activity of {process.process_id} calls process "
                                  f"{process_id!r}, which is not deployed; deploy it first or in the same batch")
        bound[process_id] = version
    return bound


def store_checked(
    session: Session, catalog: RoleCatalog, checked_file: checker.CheckedFile, actor: str, now: datetime,
    unit: str | None = None,
) -> list[DeployResult]:
    """Deploy the processes of a file that passed its checks for ``unit``'s subtree (None: everywhere).

    A new version is stored only if the content changed; the newest version, when it is what the file
    holds, is deployed for ``unit`` as it is; nothing happens when ``unit`` already runs it.
    """
    deployments.check_deployer(session, actor, unit)
    results = []
    sha = content_sha256(checked_file.data, checked_file.forms)
    start_forms = startform.declared(xmlsafe.parse_xml(checked_file.data).getroot())
    for process in checked_file.processes:
        latest = session.scalars(
            select(Definition).where(Definition.process_id == process.process_id)
            .order_by(Definition.version.desc()).limit(1)
        ).first()
        own = deployments.current(session, process.process_id).get(unit)
        if own is not None and own.definition_id in _same_content(session, process.process_id, sha):
            results.append(DeployResult(process.process_id, own.version, False, checked_file.filename, unit))
            continue
        if latest is not None and latest.sha256 == sha:
            deployments.record(session, latest, unit, actor, now)
            results.append(DeployResult(process.process_id, latest.version, False, checked_file.filename, unit,
                                        deployed=True))
            continue
        if latest is not None:
            _refuse_another_file(latest, checked_file, process.process_id)
        lane_roles = {lane: catalog.role_for_lane(lane) or "" for lane in process.lanes}
        for meta in process.user_tasks.values():
            lane_roles.setdefault(meta.lane, catalog.role_for_lane(meta.lane) or "")
        for lane in process.start_lanes:
            lane_roles.setdefault(lane, catalog.role_for_lane(lane) or "")
        called = _bind_calls(session, process, checked_file.filename, unit)
        meta_json = {
            **({"called": called} if called else {}),
            "lane_roles": lane_roles,
            "start_roles": sorted(catalog.starters(
                {lane_roles[lane] for lane in process.start_lanes if lane_roles.get(lane)})),
            "user_tasks": {eid: m.to_dict() for eid, m in process.user_tasks.items()},
        }
        used_forms = {
            path: schema for path, schema in checked_file.forms.items()
            if any(path in (m.form, m.ui_form) for m in process.user_tasks.values())
            or path == start_forms.get(process.process_id)
        }
        row = Definition(
            process_id=process.process_id,
            version=(latest.version + 1) if latest else 1,
            name=process.name,
            filename=Path(checked_file.filename).name,
            bpmn_xml=xmlsafe.to_text(checked_file.data),
            forms_json=json.dumps(used_forms, ensure_ascii=False),
            meta_json=canonical_json(meta_json),
            sha256=sha,
            deployed_at=now,
            deployed_by=actor,
        )
        session.add(row)
        session.flush()
        deployments.record(session, row, unit, actor, now)
        results.append(DeployResult(process.process_id, row.version, True, checked_file.filename, unit,
                                    deployed=True))
    return results


def _same_content(session: Session, process_id: str, sha: str) -> set[int]:
    return set(session.scalars(select(Definition.id).where(Definition.process_id == process_id,
                                                           Definition.sha256 == sha)))


def _refuse_another_file(latest: Definition, checked_file: checker.CheckedFile, process_id: str) -> None:
    """A new version must come from the same diagram: the same file name or the same definitions id.
    A different diagram that happens to reuse a process id (``Process_1``) is refused, not stored as a
    new version of someone else's process."""
    new_name = Path(checked_file.filename).name
    if latest.filename == new_name:
        return
    stored_id = xmlsafe.parse_xml(latest.bpmn_xml.encode("utf-8")).getroot().get("id") or ""
    if stored_id and stored_id == checked_file.definitions_id:
        return
    line = checked_file.process_lines.get(process_id)
    problem = checker.Problem(
        checked_file.filename, line, process_id,
        f"process id {process_id!r} is already deployed from another file ({latest.filename}, version "
        f"{latest.version}, definitions id {stored_id!r}): a different diagram cannot become its next version; "
        "give this process another id, or deploy it from the same file", "duplicate_process",
        detail_id=f"id proses {process_id!r} sudah dipasang dari berkas lain ({latest.filename}, versi "
                  f"{latest.version}): diagram lain tidak boleh menjadi versi berikutnya; ganti id prosesnya")
    raise DefinitionError(f"{checked_file.filename}: {problem.message}", [problem])


def latest_processes(session: Session) -> list[Definition]:
    newest = (
        select(Definition.process_id, func.max(Definition.version).label("v"))
        .group_by(Definition.process_id).subquery()
    )
    return list(
        session.scalars(
            select(Definition)
            .join(newest, (Definition.process_id == newest.c.process_id) & (Definition.version == newest.c.v))
            .order_by(Definition.process_id)
        )
    )


def process_info(row: Definition) -> ProcessInfo:
    meta = json.loads(row.meta_json)
    return ProcessInfo(id=row.process_id, name=row.name, version=row.version, start_roles=meta["start_roles"])


def versions(session: Session, process_id: str) -> list[VersionInfo]:
    rows = session.scalars(
        select(Definition).where(Definition.process_id == process_id).order_by(Definition.version)
    ).all()
    if not rows:
        raise NotFound(f"no process {process_id!r} is deployed")
    running = dict(
        session.execute(
            select(Instance.definition_id, func.count()).where(
                Instance.process_id == process_id, Instance.state == "running"
            ).group_by(Instance.definition_id)
        ).all()
    )
    current = deployments.current(session, process_id)
    return [
        VersionInfo(process_id=r.process_id, version=r.version, name=r.name, sha256=r.sha256,
                    deployed_at=r.deployed_at, deployed_by=r.deployed_by, running_instances=running.get(r.id, 0),
                    current_for=tuple(sorted((u for u, d in current.items() if d.definition_id == r.id),
                                             key=lambda u: u or "")))
        for r in rows
    ]


def definition_info(session: Session, process_id: str, version: int | None) -> DefinitionInfo:
    query = select(Definition).where(Definition.process_id == process_id)
    query = query.where(Definition.version == version) if version else query.order_by(Definition.version.desc())
    row = session.scalars(query.limit(1)).first()
    if row is None:
        raise NotFound(f"no version {version or 'latest'} of process {process_id!r}")
    return DefinitionInfo(
        process_id=row.process_id, version=row.version, name=row.name, sha256=row.sha256,
        bpmn_xml=row.bpmn_xml, forms=json.loads(row.forms_json), deployed_at=row.deployed_at,
        deployed_by=row.deployed_by,
    )
