"""Delivering the mail outbox over SMTP, from the worker (never inside a step's transaction).

Settings come from the environment: SOPFLOW_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, and
SOPFLOW_BASE_URL for the links. Without a host nothing is sent and the outbox keeps the mails.
A mail that fails stays in the outbox and is tried again on the next sweep (up to MAX_ATTEMPTS).
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select

from ..config import Settings
from ..store.db import Database
from ..store.models import MailOutbox, NotificationPref

log = logging.getLogger("sopflow.mail")

MAX_ATTEMPTS = 10
BATCH = 50
DIGEST_EVERY = timedelta(days=1)


def _message(settings: Settings, address: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = address
    message["Subject"] = subject
    message.set_content(body)
    return message


def _send(settings: Settings, messages: list[EmailMessage]) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_user:
            smtp.starttls()
            smtp.login(settings.smtp_user, settings.smtp_password)
        for message in messages:
            smtp.send_message(message)


def deliver(db: Database, settings: Settings, now: datetime) -> int:
    """Send pending single mails and the digests that are due; returns how many mails went out."""
    if not settings.smtp_host:
        return 0
    return _deliver_single(db, settings, now) + _deliver_digests(db, settings, now)


def _deliver_single(db: Database, settings: Settings, now: datetime) -> int:
    sent = 0
    with db.transaction() as session:
        rows = session.scalars(
            select(MailOutbox).where(MailOutbox.sent_at.is_(None), MailOutbox.digest.is_(False),
                                     MailOutbox.attempts < MAX_ATTEMPTS)
            .order_by(MailOutbox.id).limit(BATCH).with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            try:
                _send(settings, [_message(settings, row.address, row.subject, row.body)])
            except (OSError, smtplib.SMTPException) as e:
                row.attempts += 1
                row.last_error = str(e)[:1000]
                log.warning("mail %s to %s not sent: %s", row.id, row.address, e)
                break  # the server is away: the rest waits for the next sweep
            row.sent_at, row.attempts = now, row.attempts + 1
            sent += 1
    return sent


def _deliver_digests(db: Database, settings: Settings, now: datetime) -> int:
    sent = 0
    with db.transaction() as session:
        rows = session.scalars(
            select(MailOutbox).where(MailOutbox.sent_at.is_(None), MailOutbox.digest.is_(True),
                                     MailOutbox.attempts < MAX_ATTEMPTS)
            .order_by(MailOutbox.id).with_for_update(skip_locked=True)
        ).all()
        by_user: dict[str, list[MailOutbox]] = defaultdict(list)
        for row in rows:
            by_user[row.username].append(row)
        for username, items in by_user.items():
            pref = session.get(NotificationPref, username)
            if pref is not None and pref.last_digest_at is not None and now - pref.last_digest_at < DIGEST_EVERY:
                continue
            body = "\n\n".join(f"* {i.subject}\n{i.body}" for i in items)
            subject = f"Ringkasan harian sopflow: {len(items)} pemberitahuan"
            try:
                _send(settings, [_message(settings, items[-1].address, subject, body)])
            except (OSError, smtplib.SMTPException) as e:
                for item in items:
                    item.attempts += 1
                    item.last_error = str(e)[:1000]
                break
            for item in items:
                item.sent_at, item.attempts = now, item.attempts + 1
            if pref is not None:
                pref.last_digest_at = now
            sent += 1
    return sent
