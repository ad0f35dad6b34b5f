"""The staff side of the engine: task context, drafts, delegation choices, titles, search, notifications.

A mixin of :class:`engine.core.Engine` (it uses its database, definitions, catalogue and clock), kept
apart so each file stays one readable job.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .audit import log as audit
from .org import delegation
from .errors import InvalidInput, NotFound
from .lazy import lazy_module
from .records import AttachmentInfo, UserInfo
from .store.models import Instance, NotificationPref, Task
from .runtime.worklist import OPEN

if TYPE_CHECKING:
    from .runtime.caselist import InstanceFilter, InstanceRow
    from .runtime.context import TaskContext

# Loaded on first use, as in engine.core: most commands need few of these.
attachments = lazy_module("engine.forms.attachments")
caselist = lazy_module("engine.runtime.caselist")
context = lazy_module("engine.runtime.context")
drafts = lazy_module("engine.forms.drafts")
mailer = lazy_module("engine.mail.mailer")
notify = lazy_module("engine.mail.notify")
runtime = lazy_module("engine.runtime.actions")
sensitive = lazy_module("engine.org.sensitive")
titles = lazy_module("engine.definitions.titles")
users = lazy_module("engine.org.users")
validate = lazy_module("engine.runtime.validate")


class StaffWork:
    # -- what a task works on ------------------------------------------------------------------------

    def task_context(self, task_id: str) -> TaskContext:
        """The earlier steps of the task's instance (as the log recorded them), the note that sent it
        back, the delegation reason and who did what; a UI schema's ``ui:context`` narrows the steps."""
        with self.db.reading() as session:
            row = self._task_row(session, task_id)
            if row is None:
                raise NotFound(f"no task {task_id}")
            inst = session.get(Instance, row.instance_id)
            loaded = self.definitions.get(session, inst.definition_id)
            reader = self._sensitive_reader(session, inst)
            events = [reader.event(e) for e in audit.infos(audit.events_of(session, inst.id))]
            ui = loaded.ui_schema(row.element_id) or {}
            only = ui.get("ui:context")
            names = {eid: meta.name for eid, meta in loaded.process.user_tasks.items()}

            def schema_of(element_id: str) -> dict[str, Any] | None:
                return loaded.form_schema(element_id) if element_id in loaded.process.user_tasks else None

            def attachment(ref: str) -> AttachmentInfo | None:
                try:
                    return attachments.load(session, ref)[0]
                except NotFound:
                    return None

            built = context.build(events, task_id=row.id, element_id=row.element_id, task_names=names,
                                  schema_of=schema_of, attachment=attachment,
                                  only=[str(x) for x in only] if isinstance(only, list) else None)
        self._record_reads(row.instance_id, reader)
        return built

    # -- drafts -------------------------------------------------------------------------------------

    def save_draft(self, task_id: str, *, actor: str, data: dict[str, Any]) -> datetime:
        now = self._now()

        def action(session: Session) -> datetime:
            task = validate.load_task(session, task_id)
            roles = users.roles_of(session, actor)
            allowed = not validate.READ_ONLY_ROLES.intersection(roles) and validate.may_act(task, actor, roles)
            return drafts.save(session, task, actor, data, now, allowed)

        return self._write(action)

    def draft(self, task_id: str, *, actor: str) -> tuple[dict[str, Any], datetime] | None:
        with self.db.reading() as session:
            return drafts.load(session, task_id, actor)

    def discard_draft(self, task_id: str, *, actor: str) -> None:
        self._write(lambda s: drafts.discard(s, task_id, actor))

    def instance_attachments(self, instance_id: str) -> list[AttachmentInfo]:
        """Attachments referenced by the completed forms of an instance, in order of use."""
        refs: list[str] = []
        for event in self.history(instance_id):
            if event.type == "task_completed":
                refs.extend(r for r in attachments.refs_in(event.payload.get("data")) if r not in refs)
        found = []
        with self.db.reading() as session:
            for ref in refs:
                try:
                    found.append(attachments.load(session, ref)[0])
                except NotFound:
                    continue
        return found

    # -- delegation ----------------------------------------------------------------------------------

    def delegates(self, task_id: str, *, actor: str) -> list[UserInfo]:
        """The people ``actor`` may hand the task to (its role's holders and stand-ins; no system roles)."""
        with self.db.reading() as session:
            task = validate.load_task(session, task_id)
            return delegation.candidates(session, self.catalog, task, actor)

    # -- instances: titles and search ------------------------------------------------------------------

    def search_instances(self, flt: InstanceFilter, *, user: str, limit: int = 50, offset: int = 0) -> list[InstanceRow]:
        with self.db.reading() as session:
            from .org.visibility import condition, sees_whole_subtree

            whole = flt.unit is not None and sees_whole_subtree(session, user, flt.unit)
            return caselist.search(session, self._now(), flt, user, limit, offset, caselist.instance_info,
                                   scope=None if whole else condition(session, self.catalog, user))

    def rename_instance(self, instance_id: str, title: str, *, actor: str) -> None:
        """Give an instance the title a person typed (templates no longer change it)."""
        text = titles.clean_title(title)
        if not text:
            raise InvalidInput("a title cannot be empty")

        def action(session: Session) -> None:
            users.get_user(session, actor)
            inst = validate.lock_instance(session, instance_id)
            inst.title, inst.title_given = text, True
            titles.refresh(session, inst, "", {})

        self._write(action)

    def _after_step(self, session: Session, inst: Instance, open_before: set[str], actor: str,
                    now: datetime, data: Any, title: str | None = None, opened: list[str] | None = None) -> None:
        """In the step's own transaction: the title and search text, mails about arrived tasks
        (``opened``: the tasks the step opened, when known; else those open now and not before)."""
        if title and titles.clean_title(title):
            inst.title, inst.title_given = titles.clean_title(title), True
        loaded = self.definitions.get(session, inst.definition_id)
        titles.refresh(session, inst, loaded.title_template, data if isinstance(data, dict) else {},
                       hidden=sensitive.hidden_keys(loaded.forms))
        written = runtime.flush_step(session, inst)  # held until the mails are written (see flush_step)
        if opened is not None:
            arrived = opened
        else:
            arrived = [t for t in self._open_task_ids(session, inst.id) if t not in open_before]
        notify.arrivals(session, self.settings.base_url, now, arrived, actor)
        del written

    @staticmethod
    def _open_task_ids(session: Session, instance_id: str) -> set[str]:
        return set(session.scalars(select(Task.id).where(Task.instance_id == instance_id, Task.state.in_(OPEN))))

    # -- notifications ---------------------------------------------------------------------------------

    def notification_prefs(self, username: str) -> dict[str, Any]:
        with self.db.reading() as session:
            pref = notify.get_prefs(session, username)
            return {"email": pref.email, "digest": pref.digest,
                    **{f"on_{k}": bool(getattr(pref, f"on_{k}")) for k in notify.KINDS}}

    def set_notification_prefs(self, username: str, *, email: str, digest: bool, kinds: set[str]) -> None:
        email = (email or "").strip()
        if email and (len(email) > 254 or "@" not in email or any(c.isspace() for c in email)):
            raise InvalidInput(f"{email!r} is not an e-mail address")
        unknown = kinds - set(notify.KINDS)
        if unknown:
            raise InvalidInput(f"unknown notification kind(s): {', '.join(sorted(unknown))}")

        def action(session: Session) -> None:
            users.get_user(session, username)
            pref = session.get(NotificationPref, username)
            if pref is None:
                pref = NotificationPref(username=username)
                session.add(pref)
            pref.email, pref.digest = email, bool(digest)
            for kind in notify.KINDS:
                setattr(pref, f"on_{kind}", kind in kinds)

        self._write(action)

    def send_notifications(self, now: datetime | None = None) -> int:
        """Write "due within a day" mails, then deliver the outbox; returns how many mails went out."""
        now = now or self._now()
        self._write(lambda s: notify.due_soon(s, self.settings.base_url, now))
        return mailer.deliver(self.db, self.settings, now)
