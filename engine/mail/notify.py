"""E-mail notifications, written to the outbox inside the transaction of the step that caused them.

Nothing is sent here: :mod:`engine.mail.mailer` delivers the outbox from the worker, so a step never
waits for (or fails because of) the mail server, and a mail is never lost when it is down.
People choose what they want on their preferences page; without an address they get nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Instance, MailOutbox, NotificationPref, Task
from ..store.statements import once

KINDS = ("arrival", "delegated", "due_soon", "escalated")
#: "due within a day"
DUE_SOON = timedelta(days=1)
SUBJECTS = {
    "arrival": "Tugas baru: {task}",
    "delegated": "Tugas dilimpahkan kepada Anda: {task}",
    "due_soon": "Batas waktu kurang dari sehari: {task}",
    "escalated": "Terlambat, dilaporkan kepada Anda: {task}",
}
INTROS = {
    "arrival": "Tugas baru menunggu peran Anda.",
    "delegated": "{actor} melimpahkan tugas ini kepada Anda. Alasan: {reason}",
    "due_soon": "Batas waktu tugas ini kurang dari sehari lagi ({due} UTC).",
    "escalated": "Tugas ini melewati waktu standarnya dan dilaporkan kepada peran Anda.",
}


def _wanted(pref: NotificationPref | None, kind: str) -> bool:
    return bool(pref and pref.email and getattr(pref, f"on_{kind}", False))


def task_link(base_url: str, task_id: str) -> str:
    return f"{base_url.rstrip('/')}/tasks/{task_id}"


def enqueue(session: Session, base_url: str, now: datetime, username: str, kind: str, task: Task, *,
            actor: str = "", reason: str = "", dedupe_key: str | None = None) -> bool:
    """Write one mail for ``username`` about ``task`` if they asked for this kind; True when written."""
    pref = session.get(NotificationPref, username)
    if not _wanted(pref, kind):
        return False
    if dedupe_key and session.scalar(select(MailOutbox.id).where(MailOutbox.dedupe_key == dedupe_key)):
        return False
    inst = session.get(Instance, task.instance_id)
    title = (inst.title if inst is not None else "") or task.process_id.upper()
    due = task.due_at.strftime("%d-%m-%Y %H:%M") if task.due_at else "-"
    intro = INTROS[kind].format(actor=actor, reason=reason, due=due)
    body = (f"{intro}\n\nTugas: {task.name}\nPerkara: {title}\nSOP: {task.process_id.upper()} · {task.lane}\n"
            f"Batas: {due}{' UTC' if task.due_at else ''}\n\nBuka tugas: {task_link(base_url, task.id)}\n\n"
            "-- sopflow Sat Binmas. Atur pemberitahuan di halaman Pemberitahuan.\n")
    session.add(MailOutbox(username=username, address=pref.email, kind=kind, task_id=task.id,
                           subject=SUBJECTS[kind].format(task=task.name)[:300], body=body, digest=pref.digest,
                           dedupe_key=dedupe_key, created_at=now, attempts=0))
    return True


def role_holders(session: Session, role: str, unit: str | None = None) -> list[str]:
    """Active holders of ``role``: deployment-wide, or by a post in ``unit`` or below it."""
    from ..org.posts import holders

    return holders(session, role, unit)


def _escalation_unit(session: Session, task: Task) -> str | None:
    """The escalation goes to the supervisor in the task's own hierarchy (its Kasat, not every Kasat)."""
    from ..org.unitscope import task_unit

    inst = session.get(Instance, task.instance_id)
    return task_unit(session, inst.unit_code, task.escalated_role) if inst is not None else None


def _wanting(kind: str) -> Any:
    """Usernames who gave an address and want mails of ``kind``: holders are looked up among these only."""
    return select(NotificationPref.username).where(NotificationPref.email != "",
                                                   getattr(NotificationPref, f"on_{kind}").is_(True))


def _holders_wanting_arrivals(session: Session, role: str, unit_code: str | None) -> list[str]:
    """Holders of ``role`` (in ``unit_code``'s subtree) who want arrival mails; the common case (no
    unit) runs one statement built once."""
    from ..org.posts import holders

    if unit_code:
        return holders(session, role, unit_code, among=_wanting("arrival"))
    return sorted(set(session.scalars(once(_arrival_holders_query), {"role": role})))


def _arrival_holders_query() -> Any:
    """Holders of ``:role`` by a post anywhere or deployment-wide who want arrival mails."""
    from sqlalchemy import bindparam

    from ..org.posts import holders_statement

    return holders_statement(bindparam("role"), among=_wanting("arrival"))


def arrivals(session: Session, base_url: str, now: datetime, task_ids: list[str], actor: str) -> None:
    """Tell the holders of each new task's role that it arrived (not the person whose step made it)."""
    for task_id in task_ids:
        task = session.get(Task, task_id)
        if task is None or task.state not in ("ready", "claimed"):
            continue
        people = [task.assignee] if task.assignee else _holders_wanting_arrivals(session, task.role, task.unit_code)
        for username in people:
            if username != actor:
                enqueue(session, base_url, now, username, "arrival", task)


def escalations(session: Session, base_url: str, now: datetime, task_ids: list[str]) -> None:
    for task_id in task_ids:
        task = session.get(Task, task_id)
        if task is None or not task.escalated_role:
            continue
        for username in role_holders(session, task.escalated_role, _escalation_unit(session, task)):
            enqueue(session, base_url, now, username, "escalated", task, dedupe_key=f"escalated:{task.id}:{username}")


def due_soon(session: Session, base_url: str, now: datetime) -> int:
    """Open tasks due within a day: one mail per task and person, ever. Returns how many were written."""
    written = 0
    rows = session.scalars(select(Task).where(Task.state.in_(("ready", "claimed")), Task.due_at > now,
                                              Task.due_at <= now + DUE_SOON).order_by(Task.due_at).limit(500))
    for task in rows:
        people = [task.assignee] if task.assignee else role_holders(session, task.role, task.unit_code)
        for username in people:
            written += enqueue(session, base_url, now, username, "due_soon", task,
                               dedupe_key=f"due_soon:{task.id}:{username}")
    return written


def get_prefs(session: Session, username: str) -> NotificationPref:
    pref = session.get(NotificationPref, username)
    if pref is None:
        pref = NotificationPref(username=username, email="", on_arrival=True, on_delegated=True, on_due_soon=True,
                                on_escalated=True, digest=False)
    return pref
