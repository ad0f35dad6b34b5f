"""The engine's public face: one method per user action, each in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from .org import delegation
from .runtime import worklist
from .auditwork import AuditWork
from .clock import Clock, SystemClock
from .config import Settings
from .errors import Conflict, InvalidInput, NotFound
from .lazy import lazy_module
from .records import (
    AttachmentInfo, DefinitionInfo, DeployResult, FiredTimer, InstanceInfo, ProcessInfo, RoleInfo, TaskDetail,
    TaskInfo, UserInfo, VersionInfo,
)
from .org.roles import RoleCatalog
from .org.sessions import SessionStore
from .store.db import Database
from .staff import StaffWork
from .unitwork import UnitWork
from .store.models import Instance, Task
from .runtime.caselist import instance_info
from .runtime.worklist import TaskFilter

if TYPE_CHECKING:
    from .definitions.deployed import DefinitionCache

# Loaded on first use: listing tasks needs none of SpiffWorkflow, lxml, argon2 or jsonschema.
attachments = lazy_module("engine.forms.attachments")
audit = lazy_module("engine.audit.log")
definitions = lazy_module("engine.definitions.deployed")
drafts = lazy_module("engine.forms.drafts")
notify = lazy_module("engine.mail.notify")
runtime = lazy_module("engine.runtime.actions")
sopdoc = lazy_module("engine.definitions.sopdoc")
steps = lazy_module("engine.runtime.steps")
taskdata = lazy_module("engine.forms.taskdata")
timers = lazy_module("engine.runtime.timers")
unitscope = lazy_module("engine.org.unitscope")
users = lazy_module("engine.org.users")
validate = lazy_module("engine.runtime.validate")


class Engine(StaffWork, UnitWork, AuditWork):
    """Runs the deployed SOPs for many users against one database.

    :param settings: where the database, processes and forms are.
    :param clock: the time source; tests pass a :class:`~engine.clock.FixedClock`.
    """

    def __init__(self, settings: Settings | None = None, clock: Clock | None = None):
        self.settings = settings or Settings.from_env()
        self.clock: Clock = clock or SystemClock()
        self.db = Database(self.settings.database_url)
        self._definitions: DefinitionCache | None = None
        self._catalog: RoleCatalog | None = None
        # where each role is held (roles.toml held_in): read by the task mirror when a lane resolves
        for maker in (self.db.sessions, self.db.read_sessions):
            maker.configure(info={"roles_file": self.settings.processes_dir / "roles.toml"})

    # -- setup ----------------------------------------------------------------------------------

    def init_db(self) -> None:
        """Create or upgrade the schema (idempotent)."""
        from .store.migrate import upgrade

        upgrade(self.db.engine)

    def close(self) -> None:
        self.db.dispose()

    @property
    def definitions(self) -> DefinitionCache:
        """The cache of parsed definitions, made on first use (parsing needs SpiffWorkflow)."""
        if self._definitions is None:
            self._definitions = definitions.DefinitionCache()
        return self._definitions

    @property
    def catalog(self) -> RoleCatalog:
        if self._catalog is None:
            self._catalog = RoleCatalog.load(self.settings.processes_dir / "roles.toml")
        return self._catalog

    def _now(self) -> datetime:
        return self.clock.now()

    def _write(self, action: Callable[[Any], Any]) -> Any:
        """Run ``action(session)`` in one transaction; a lost race surfaces as :class:`Conflict`."""
        try:
            with self.db.transaction() as session:
                return action(session)
        except StaleDataError:
            raise Conflict("someone else changed this instance at the same moment; reload and try again") from None
        except OperationalError as e:
            if "database is locked" in str(e) or "could not serialize" in str(e):
                raise Conflict("the database is busy; try again") from None
            raise

    # -- definitions -----------------------------------------------------------------------------

    def deploy(self, paths: list[Path] | None = None, actor: str = "system", unit: str | None = None) -> list[DeployResult]:
        """Check the BPMN files under ``paths`` (default: the processes folder) and deploy them for ``unit``'s
        subtree (None: the whole deployment); see :mod:`engine.definitions.deployments`."""
        files = definitions.collect_bpmn_files(paths or [self.settings.processes_dir])
        now = self._now()
        return self._write(lambda s: definitions.deploy(s, self.catalog, files, self.settings.forms_dir, actor,
                                                        now, unit))

    def deploy_checked(self, checked: Any, actor: str, unit: str | None = None) -> list[DeployResult]:
        """Deploy a file the caller has checked already (:func:`engine.checks.checker.check_document`) for ``unit``."""
        now = self._now()
        return self._write(lambda s: definitions.store_checked(s, self.catalog, checked, actor, now, unit))

    def processes(self, for_user: str | None = None) -> list[ProcessInfo]:
        with self.db.reading() as session:
            infos = [definitions.process_info(row) for row in definitions.latest_processes(session)]
            if for_user is not None:  # those the user starts in a unit some deployment of them covers
                infos = [p for p in infos if self._starts_somewhere(session, for_user, p.id)]
            return infos

    def process_versions(self, process_id: str) -> list[VersionInfo]:
        with self.db.reading() as session:
            return definitions.versions(session, process_id)

    def definition(self, process_id: str, version: int | None = None) -> DefinitionInfo:
        with self.db.reading() as session:
            return definitions.definition_info(session, process_id, version)

    def diff_versions(self, process_id: str, from_version: int, to_version: int) -> dict[str, Any]:
        """Tasks, flows, lanes, forms and time standards added, removed or changed between two versions."""
        from .definitions.versiondiff import diff_definitions

        return diff_definitions(self.definition(process_id, from_version), self.definition(process_id, to_version))

    def roles(self) -> list[RoleInfo]:
        return self.catalog.all()

    # -- users --------------------------------------------------------------------------------------

    def add_user(self, username: str, roles: list[str], password: str, display_name: str | None = None) -> UserInfo:
        now = self._now()
        return self._write(lambda s: users.add_user(s, self.catalog, username, roles, password, now, display_name))

    def authenticate(self, username: str, password: str) -> UserInfo | None:
        with self.db.reading() as session:
            user, stale = users.check_login(session, username, password)
        if stale:
            self._write(lambda s: users.rehash(s, username, password))
        return user

    def user(self, username: str) -> UserInfo:
        with self.db.reading() as session:
            return users.get_user(session, username)

    def users(self, role: str | None = None) -> list[UserInfo]:
        with self.db.reading() as session:
            return users.list_users(session, role)

    def create_token(self, username: str, label: str = "") -> str:
        now = self._now()
        return self._write(lambda s: users.create_token(s, username, label, now))

    @property
    def sessions(self) -> SessionStore:
        """Web sessions kept in the database (ended by logout, a new password, deactivation)."""
        return SessionStore(self.db, self.clock)

    def user_for_token(self, token: str) -> UserInfo | None:
        with self.db.reading() as session:
            return users.user_for_token(session, token)

    def user_roles(self, username: str) -> list[str]:
        with self.db.reading() as session:
            return users.roles_of(session, username)

    # -- instances ------------------------------------------------------------------------------------

    def start(self, process_id: str, *, actor: str, data: dict[str, Any] | None = None,
              title: str | None = None, unit: str | None = None) -> InstanceInfo:
        """Start an instance for ``unit`` (default: the starter's only unit); ``title`` is what people
        will call it (else the process's title template)."""
        now = self._now()

        def action(session: Any) -> Instance:
            inst, opened = runtime.start(session, self.definitions, process_id, actor, data, now, unit)
            self._after_step(session, inst, set(), actor, now, data or {}, title=title,
                             opened=[t.id for t in opened])
            return inst

        return instance_info(self._write(action))

    def message(self, name: str, *, actor: str, instance_id: str | None = None,
                correlate: dict[str, Any] | None = None, data: dict[str, Any] | None = None) -> list[InstanceInfo]:
        """Deliver a message to one instance, to the instances it correlates with, or start on it."""
        from .runtime import messages

        now = self._now()
        moved = self._write(lambda s: messages.send(s, self.definitions, name, actor, instance_id=instance_id,
                                                    correlate=correlate, data=data, now=now))
        return [instance_info(i) for i in moved]

    def instances(self, process_id: str | None = None, state: str | None = None, limit: int = 100,
                  offset: int = 0, viewer: str | None = None, unit: str | None = None) -> list[InstanceInfo]:
        """Instances, newest first; only those ``viewer`` may see, and only ``unit``'s subtree, when given."""
        if state is not None and state not in ("running", "completed", "error"):
            raise InvalidInput(f"unknown state {state!r}: use running, completed or error")
        query = select(Instance).order_by(Instance.started_at.desc(), Instance.id)
        if process_id:
            query = query.where(Instance.process_id == process_id)
        if state:
            query = query.where(Instance.state == state)
        with self.db.reading() as session:
            from .org import units, visibility

            if viewer is not None:
                query = query.where(visibility.condition(session, self.catalog, viewer))
            if unit is not None:
                query = query.where(Instance.unit_path.startswith(units.get(session, unit).path, autoescape=True))
            return [instance_info(i) for i in session.scalars(query.limit(limit).offset(offset))]

    def instance(self, instance_id: str) -> InstanceInfo:
        with self.db.reading() as session:
            inst = session.get(Instance, instance_id)
            if inst is None:
                raise NotFound(f"no instance {instance_id}")
            problem = steps.stall_problem(inst, self.definitions.get(session, inst.definition_id))
            return instance_info(inst, problem)

    def may_view_instance(self, instance_id: str, username: str) -> bool:
        """Whether ``username`` may see the instance: see :mod:`engine.org.visibility`."""
        from .org.visibility import may_view

        with self.db.reading() as session:
            return may_view(session, self.catalog, instance_id, username)

    # -- tasks ------------------------------------------------------------------------------------------

    def tasks(self, *, user: str | None = None, role: str | None = None, instance_id: str | None = None,
              process_id: str | None = None, all_states: bool = False, limit: int | None = None,
              offset: int = 0, flt: TaskFilter | None = None) -> list[TaskInfo]:
        with self.db.reading() as session:
            roles = users.roles_of(session, user) if user is not None else None
            if user is not None and not roles:
                users.get_user(session, user)
            if instance_id is not None and all_states and user is None and role is None and flt is None:
                sealed = self._sealed_tasks(session, instance_id)
                if sealed is not None:
                    return sealed[offset:offset + limit if limit is not None else None]
            return worklist.list_tasks(session, self._now(), roles=roles, username=user, role=role,
                                       instance_id=instance_id, process_id=process_id, all_states=all_states,
                                       limit=limit, offset=offset, flt=flt)

    def _sealed_tasks(self, session: Any, instance_id: str) -> list[TaskInfo] | None:
        """Every task of a sealed (completed) instance, rebuilt from its history; None when it is not sealed."""
        from .audit import sealing

        inst = session.get(Instance, instance_id)
        if inst is None or inst.state != "completed" or sealing.segment_of(session, instance_id) is None:
            return None
        rows = sealing.rebuild_tasks(session, inst, lambda pid, v: self.definitions.version(session, pid, v),
                                     lambda role: unitscope.task_unit(session, inst.unit_code, role))
        now = self._now()
        return [worklist.to_info(r, now, inst.title) for r in rows]

    def count_tasks(self, *, user: str | None = None, role: str | None = None, process_id: str | None = None,
                    flt: TaskFilter | None = None) -> int:
        with self.db.reading() as session:
            roles = users.roles_of(session, user) if user is not None else None
            return worklist.count_tasks(session, roles=roles, username=user, role=role, process_id=process_id,
                                        now=self._now(), flt=flt)

    def escalations(self, user: str) -> list[TaskInfo]:
        """Overdue tasks whose escalation reached one of ``user``'s roles."""
        with self.db.reading() as session:
            return worklist.escalated_to(session, self._now(), users.roles_of(session, user))

    def task(self, task_id: str) -> TaskDetail:
        with self.db.reading() as session:
            row = self._task_row(session, task_id)
            if row is None:
                raise NotFound(f"no task {task_id}")
            inst = session.get(Instance, row.instance_id)
            loaded = self.definitions.get(session, inst.definition_id)
            meta = loaded.task_meta(row.element_id)
            schema = loaded.form_schema(row.element_id)
            data: dict[str, Any] = {}
            inputs: list[taskdata.InputValue] = []
            if row.state in worklist.OPEN:
                events = audit.payloads_of(session, row.instance_id,
                                           ("instance_started", "task_completed", "task_ready"))
                ready_seq = next((e.seq for e in events if e.type == "task_ready" and e.payload.get("task_id") == row.id),
                                 None)
                names = {eid: m.name for eid, m in loaded.process.user_tasks.items()}
                data, inputs = taskdata.form_values(row.element_id, schema, loaded.inputs.get(row.element_id, []),
                                                    taskdata.submissions(events), names, ready_seq)
                if meta.instance_item and inst.workflow_state is not None:
                    data = {**self._instance_item(inst, loaded, row.id, meta.instance_item), **data}
            elif row.state == "completed":
                data = self._completed_data(session, row)
            reader = self._sensitive_reader(session, inst)
            data = reader.data(data, row.completed_by)
            inputs = [taskdata.InputValue(**r) for r in reader.inputs([i.to_dict() for i in inputs])]
            self._record_reads(inst.id, reader)
            text = sopdoc.split(meta.documentation)
            due = (meta.due or "").strip().strip("'\"")
            return TaskDetail(
                task=worklist.to_info(row, self._now(), inst.title), form_schema=schema,
                ui_schema=loaded.ui_schema(row.element_id), instructions=meta.instructions,
                documentation=meta.documentation, data=data, inputs=[i.to_dict() for i in inputs],
                sop_rows=text.rows, notes=text.notes,
                time_standard=due, time_standard_label=sopdoc.duration_label(due),
                time_standard_label_en=sopdoc.duration_label(due, english=True),
            )

    @staticmethod
    def _instance_item(inst: Instance, loaded: Any, task_id: str, item: str) -> dict[str, Any]:
        """The item one instance of a multi-instance task works on (e.g. its Kanit): its own input."""
        run, _ = steps.load_run(inst, loaded)
        if not run.has_ready_task(task_id):
            return {}
        data = run.task_data(task_id)
        return {item: data[item]} if item in data else {}

    @staticmethod
    def _completed_data(session: Any, row: Task) -> dict[str, Any]:
        """Exactly what this task's form submitted (its own audit event), nothing inherited."""
        for _seq, _type, payload in audit.payloads_of(session, row.instance_id, ("task_completed",)):
            if payload.get("task_id") == row.id:
                return payload.get("data") or {}
        return {}

    def _task_row(self, session: Any, task_id: str) -> Task | None:
        """The task's mirror row, or, for a task of a sealed (completed) instance, the row rebuilt from its history."""
        row = session.get(Task, task_id)
        if row is not None:
            return row
        from .audit import sealing

        return sealing.find_task(session, task_id, lambda pid, v: self.definitions.version(session, pid, v),
                                 lambda inst, role: unitscope.task_unit(session, inst.unit_code, role))

    def may_act(self, task_id: str, username: str) -> bool:
        with self.db.reading() as session:
            row = session.get(Task, task_id)
            if row is None:
                return False
            roles = users.roles_of(session, username)
            if validate.READ_ONLY_ROLES.intersection(roles):
                return False
            return validate.may_act(row, username, roles)

    def claim(self, task_id: str, *, actor: str) -> TaskInfo:
        now = self._now()
        return worklist.to_info(self._write(lambda s: runtime.claim(s, task_id, actor, now)), now)

    def unclaim(self, task_id: str, *, actor: str, reason: str | None = None) -> TaskInfo:
        now = self._now()
        return worklist.to_info(self._write(lambda s: runtime.unclaim(s, task_id, actor, reason, now)), now)

    def delegate(self, task_id: str, *, actor: str, to: str, reason: str) -> TaskInfo:
        """Hand a task to someone who may do it (its role or a stand-in role; never a system role)."""
        now = self._now()

        def action(session: Any) -> Task:
            delegation.check(session, self.catalog, validate.load_task(session, task_id), to)
            row = runtime.delegate(session, task_id, actor, to, reason, now)
            row.delegation_reason = (reason or "").strip()[:500]
            notify.enqueue(session, self.settings.base_url, now, to, "delegated", row, actor=actor,
                           reason=row.delegation_reason)
            return row

        return worklist.to_info(self._write(action), now)

    def complete(self, task_id: str, *, actor: str, data: dict[str, Any]) -> TaskInfo:
        now = self._now()

        def action(session: Any) -> Task:
            try:
                step = runtime.complete_step(session, self.definitions, task_id, actor, data, now)
            except NotFound:
                found = self._task_row(session, task_id)  # a task of a sealed (completed) instance
                if found is not None and found.state == "completed":
                    raise Conflict(f"task {task_id} was already completed by {found.completed_by} at "
                                   f"{found.completed_at:%Y-%m-%d %H:%M} UTC") from None
                raise
            drafts.discard(session, task_id)
            self._after_step(session, step.instance, set(), actor, now, data, opened=[t.id for t in step.opened])
            return step.task

        return worklist.to_info(self._write(action), now)

    # -- attachments ----------------------------------------------------------------------------------------

    def attach(self, content: bytes, *, actor: str, filename: str = "", media_type: str | None = None) -> AttachmentInfo:
        now = self._now()

        def action(session: Any) -> AttachmentInfo:
            users.get_user(session, actor)
            return attachments.store(session, self.settings, content, actor, now, filename, media_type)

        try:
            return self._write(action)
        except IntegrityError:
            # The same file sent twice at the same moment (a double click, a retry): the other
            # request stored it first, so this one now finds it instead of failing.
            return self._write(action)

    def attachment(self, ref: str) -> tuple[AttachmentInfo, bytes]:
        with self.db.reading() as session:
            return attachments.load(session, ref)

    def attachment_names(self, refs: list[str]) -> dict[str, str]:
        """{ref: file name}, to show documents by name (unknown refs and unnamed files are left out)."""
        with self.db.reading() as session:
            return attachments.names(session, refs)

    def may_download(self, ref: str, username: str) -> bool:
        """An uploader, or anyone who may view an instance whose forms hold the document as a reference."""
        with self.db.reading() as session:
            try:
                attachments.load(session, ref)
            except NotFound:
                return False
            if attachments.uploaded_by(session, ref, username):
                return True
            instance_ids = attachments.instances_holding(session, ref)
        return any(self.may_view_instance(i, username) for i in instance_ids)

    # -- timers ----------------------------------------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> list[FiredTimer]:
        """Fire due timers (escalations notify their people), and start the instances whose timer start is due."""
        from .runtime import timer_starts

        when = now or self._now()

        def escalated(session: Any, task_ids: list[str]) -> None:
            notify.escalations(session, self.settings.base_url, when, task_ids)

        return (timers.fire_due(self.db, self.definitions, when, after=escalated)
                + timer_starts.start_due(self.db, self.definitions, when))

    def work(self, interval: float = 5.0, stop: Callable[[], bool] = lambda: False) -> None:
        """Fire due timers, deliver notifications and sign checkpoints at their interval until ``stop()``."""
        from .audit.checkpoints import periodic

        def sweep() -> list[FiredTimer]:
            fired = self.tick()
            self.send_notifications()
            return fired

        timers.work(periodic(self.db, self._now, sweep), interval, stop)
