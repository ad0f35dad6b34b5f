"""E-mail notifications through a real SMTP server (aiosmtpd) started by the test."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from .helpers import open_task

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def _configure(engine, port, kinds=("arrival", "delegated", "due_soon", "escalated")):
    engine.settings.smtp_host, engine.settings.smtp_port = "127.0.0.1", port
    engine.settings.smtp_from, engine.settings.base_url = "sopflow@polres.test", "https://sopflow.polres.test"
    for user in ("petugas", "petugas2", "kepala"):
        engine.set_notification_prefs(user, email=f"{user}@polres.test", digest=False, kinds=set(kinds))


def _by_rcpt(inbox):
    return [(rcpts[0], msg["Subject"]) for rcpts, msg in inbox.messages]


def _pending(engine):
    from sqlalchemy import func, select

    from engine.store.models import MailOutbox

    with engine.db.reading() as session:
        return session.scalar(select(func.count()).select_from(MailOutbox).where(MailOutbox.sent_at.is_(None)))


def test_arrival_delegation_due_soon_and_escalation_mails(fx_engine, smtp, clock):
    inbox, port = smtp
    _configure(fx_engine, port)
    inst = fx_engine.start("fx_review", actor="petugas")
    task = open_task(fx_engine, inst.id, "fx_draft")
    assert fx_engine.send_notifications() >= 1
    arrival = [m for r, m in inbox.messages if r == ["petugas2@polres.test"]]
    assert arrival[0]["Subject"] == "Tugas baru: Membuat konsep"
    assert f"https://sopflow.polres.test/tasks/{task.id}" in arrival[0].get_content()
    subjects = _by_rcpt(inbox)
    assert ("petugas@polres.test", "Tugas baru: Membuat konsep") not in subjects  # not told of their own step
    due = "Batas waktu kurang dari sehari: Membuat konsep"  # PT1H: due within a day from the start
    assert {r for r, s in subjects if s == due} == {"petugas@polres.test", "petugas2@polres.test"}
    inbox.messages.clear()

    fx_engine.delegate(task.id, actor="petugas", to="petugas2", reason="Saya cuti")
    fx_engine.send_notifications()
    subjects = _by_rcpt(inbox)
    assert ("petugas2@polres.test", "Tugas dilimpahkan kepada Anda: Membuat konsep") in subjects
    delegated = next(m for r, m in inbox.messages if "dilimpahkan" in m["Subject"])
    assert "Saya cuti" in delegated.get_content()
    assert [s for r, s in subjects if s == due] == []  # the due-soon mail is not repeated
    inbox.messages.clear()

    clock.advance(hours=2)
    fx_engine.tick()
    fx_engine.send_notifications()
    assert ("kepala@polres.test", "Terlambat, dilaporkan kepada Anda: Membuat konsep") in _by_rcpt(inbox)


def test_nothing_is_lost_while_the_mail_server_is_down(fx_engine, smtp):
    inbox, port = smtp
    _configure(fx_engine, port, kinds=["arrival"])
    fx_engine.settings.smtp_port = _free_port()  # nobody listens there
    fx_engine.start("fx_review", actor="petugas")
    assert fx_engine.send_notifications() == 0
    assert _pending(fx_engine) == 1 and inbox.messages == []
    fx_engine.settings.smtp_port = port
    assert fx_engine.send_notifications() == 1
    assert _pending(fx_engine) == 0 and len(inbox.messages) == 1


def test_daily_digest_bundles_the_day(fx_engine, smtp, clock):
    inbox, port = smtp
    _configure(fx_engine, port, kinds=["arrival"])
    fx_engine.set_notification_prefs("petugas2", email="petugas2@polres.test", digest=True, kinds={"arrival"})
    fx_engine.start("fx_review", actor="petugas")
    fx_engine.start("fx_review", actor="petugas")
    fx_engine.send_notifications()
    [(rcpts, digest)] = inbox.messages
    assert rcpts == ["petugas2@polres.test"] and digest["Subject"] == "Ringkasan harian sopflow: 2 pemberitahuan"
    assert digest.get_content().count("/tasks/") == 2
    inbox.messages.clear()
    fx_engine.start("fx_review", actor="petugas")
    clock.advance(hours=3)
    fx_engine.send_notifications()
    assert inbox.messages == []  # the next digest waits for its day
    clock.advance(days=1)
    fx_engine.send_notifications()
    assert len(inbox.messages) == 1


def test_no_address_no_mail(fx_engine, smtp):
    inbox, port = smtp
    _configure(fx_engine, port, kinds=["arrival"])
    fx_engine.set_notification_prefs("petugas2", email="", digest=False, kinds={"arrival"})
    fx_engine.start("fx_review", actor="petugas")
    fx_engine.send_notifications()
    assert inbox.messages == [] and _pending(fx_engine) == 0
