"""Every table of sopflow, in SQLAlchemy 2 declarative style."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        from datetime import timezone

        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        from datetime import timezone

        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


uuid_pk = Annotated[str, mapped_column(String(36), primary_key=True)]
timestamp = Annotated[datetime, mapped_column(UtcDateTime())]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[timestamp]


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


class Unit(Base):
    """A police unit or a village: Polri, Polda, Polres, Polsek, desa/kelurahan (a tree by ``parent_code``)."""

    __tablename__ = "units"
    __table_args__ = (Index("ix_units_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),)

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("units.code"), index=True)
    #: IANA time zone of the unit (Asia/Jakarta = WIB, Asia/Makassar = WITA, Asia/Jayapura = WIT); "" inherits
    tz: Mapped[str] = mapped_column(String(64), default="")
    #: codes from the root down to this unit, "/POLRI/KEPRI/TPI/": a subtree is one prefix range scan
    path: Mapped[str] = mapped_column(String(600))


class Post(Base):
    """A user holds a role in a unit from ``started_at``; a transfer ends the post instead of deleting it."""

    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_role_unit", "role", "unit_code", "ended_at"),
        Index("ix_posts_user", "user_id", "ended_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(80))
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    started_at: Mapped[timestamp]
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Definition(Base):
    """One immutable deployed version of a process: BPMN, forms and what was read from them."""

    __tablename__ = "definitions"
    __table_args__ = (UniqueConstraint("process_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(300), default="")
    bpmn_xml: Mapped[str] = mapped_column(Text)
    #: JSON: {form path: schema object} for every form the process references
    forms_json: Mapped[str] = mapped_column(Text)
    #: JSON: user tasks, lanes -> roles, start roles, flows, timers (read once at deploy)
    meta_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    deployed_at: Mapped[timestamp]
    deployed_by: Mapped[str] = mapped_column(String(80))


class Deployment(Base):
    """A version deployed for a unit's subtree (None: the whole deployment).

    The newest row of a process and unit is what that subtree runs; a start takes the most specific one
    covering the instance's unit, so Polresta Tanjungpinang's own version wins over Polda Kepri's there,
    and deploying for one unit changes nothing for another. Rows are never updated or deleted.
    """

    __tablename__ = "deployments"
    __table_args__ = (Index("ix_deployments_process_unit", "process_id", "unit_code", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(100))
    definition_id: Mapped[int] = mapped_column(ForeignKey("definitions.id"))
    version: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str | None] = mapped_column(ForeignKey("units.code"))
    deployed_at: Mapped[timestamp]
    deployed_by: Mapped[str] = mapped_column(String(80))


class Instance(Base):
    __tablename__ = "instances"
    __table_args__ = (
        Index("ix_instances_process_state", "process_id", "state"),
        Index("ix_instances_next_timer_due", "next_timer_due"),
        # varchar_pattern_ops: "unit_path LIKE '/POLRI/KEPRI/%'" uses the index whatever the collation
        Index("ix_instances_unit_path", "unit_path", "started_at", postgresql_ops={"unit_path": "varchar_pattern_ops"}),
        # a unit's running cases (the list supervisors open): only running rows, so it stays small
        Index("ix_instances_running_unit_path", "unit_path", "started_at",
              postgresql_ops={"unit_path": "varchar_pattern_ops"}, postgresql_include=["id"],
              sqlite_where=text("state = 'running'"), postgresql_where=text("state = 'running'")),
    )

    id: Mapped[uuid_pk]
    definition_id: Mapped[int] = mapped_column(ForeignKey("definitions.id"))
    process_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))  # running | completed | error
    #: zlib-compressed saved workflow (without the spec); dropped once completed
    workflow_state: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: sha256 of the uncompressed saved workflow: what replay must reproduce
    state_sha256: Mapped[str] = mapped_column(String(64))
    #: next value of the deterministic task-id counter
    id_counter: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[timestamp]
    started_by: Mapped[str] = mapped_column(String(80))
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    next_timer_due: Mapped[datetime | None] = mapped_column(UtcDateTime())
    error: Mapped[str | None] = mapped_column(Text)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
    row_version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: what people call this case ("Konflik lahan RW 05 Kel. Sukamaju"): typed at start or built by the
    #: process's instanceTitleTemplate from the data entered so far
    title: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: True when a person typed the title (a template then never overwrites it)
    title_given: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    #: lower-cased title and entered values, for the "search by title and data" boxes
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: the unit the instance belongs to (for SOP-07 the village); None in a deployment without units
    unit_code: Mapped[str | None] = mapped_column(String(40))
    #: that unit's path, copied so "instances of a subtree" is one index range scan
    unit_path: Mapped[str | None] = mapped_column(String(600))

    __mapper_args__ = {"version_id_col": row_version}


class Task(Base):
    """Mirror of user tasks, kept in step with the workflow so task lists never load one."""

    __tablename__ = "tasks"
    __table_args__ = (
        # Partial: only open tasks (completed_at is set on completion and cancellation), so a role's
        # queue is read from a small index in due order, and finished tasks cost no index space.
        Index("ix_tasks_open_role", "role", "due_at", "created_at", "id",
              sqlite_where=text("completed_at IS NULL AND assignee IS NULL"),
              postgresql_where=text("completed_at IS NULL AND assignee IS NULL")),
        Index("ix_tasks_assignee_state", "assignee", "state"),
        Index("ix_tasks_instance", "instance_id", "state"),
        Index("ix_tasks_open_escalated", "escalated_role", "due_at",
              sqlite_where=text("completed_at IS NULL"), postgresql_where=text("completed_at IS NULL")),
        # a post's open tasks: only open rows, read for the role and the units it is held in
        Index("ix_tasks_open_role_unit", "role", "unit_code",
              sqlite_where=text("completed_at IS NULL"), postgresql_where=text("completed_at IS NULL")),
    )

    id: Mapped[uuid_pk]
    instance_id: Mapped[str] = mapped_column(ForeignKey("instances.id", ondelete="CASCADE"))
    process_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    lane: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(20))  # ready | claimed | completed | cancelled
    assignee: Mapped[str | None] = mapped_column(String(80))
    delegated_by: Mapped[str | None] = mapped_column(String(80))
    #: why it was delegated, shown to the person who received it
    delegation_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[timestamp]
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    #: role told when the time standard passed (the lane of the escalation path)
    escalated_role: Mapped[str | None] = mapped_column(String(80))
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    completed_by: Mapped[str | None] = mapped_column(String(80))
    #: the unit the lane resolved to (the Polsek above the village for KAPOLSEK); None: any holder of the role
    unit_code: Mapped[str | None] = mapped_column(String(40))


class Event(Base):
    """Append-only audit log, hash-chained per instance (see engine.audit).

    The previous event's hash is not stored again: it is the hash of the row with ``seq - 1``.
    """

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("instance_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("instances.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    at: Mapped[timestamp]
    #: compact JSON (engine.audit.eventcodec): the values of the type's usual keys, not the keys
    payload: Mapped[str] = mapped_column(Text)
    #: sha256 (32 bytes) of the previous hash and the event's canonical JSON
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class EventSegment(Base):
    """The sealed history of a completed instance: its events 1..event_count in one compressed blob."""

    __tablename__ = "event_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey("instances.id", ondelete="CASCADE"), unique=True)
    event_count: Mapped[int] = mapped_column(Integer)
    #: hash of the last sealed event: the content must give it back when unpacked
    head: Mapped[bytes] = mapped_column(LargeBinary(32))
    #: engine.audit.eventcodec.pack_segment
    body: Mapped[bytes] = mapped_column(LargeBinary)


class SealedTask(Base):
    """Finds the sealed history holding a task once its mirror row is gone (by 8 bytes of its id)."""

    __tablename__ = "sealed_tasks"
    __table_args__ = {"sqlite_with_rowid": False}

    task_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    segment_id: Mapped[int] = mapped_column(ForeignKey("event_segments.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)


class SealedAttachment(Base):
    """Which sealed histories hold a document in their form data (sha256 of the document, 32 bytes)."""

    __tablename__ = "sealed_attachments"
    __table_args__ = {"sqlite_with_rowid": False}

    sha256: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("event_segments.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)


class SealedParty(Base):
    """Who acted on a sealed instance's tasks (claimed, was delegated, completed): they may still see it."""

    __tablename__ = "sealed_parties"
    __table_args__ = {"sqlite_with_rowid": False}

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("event_segments.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)


class Attachment(Base):
    """Uploaded documents, stored once by content hash."""

    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(300), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[timestamp]


class ApiToken(Base):
    """Bearer tokens for the JSON API; only their sha256 is kept."""

    __tablename__ = "api_tokens"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[timestamp]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AttachmentUpload(Base):
    """Who uploaded which document: only they may put its reference into a form."""

    __tablename__ = "attachment_uploads"

    sha256: Mapped[str] = mapped_column(ForeignKey("attachments.sha256", ondelete="CASCADE"), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    uploaded_at: Mapped[timestamp]


class WebSession(Base):
    """A logged-in browser: the cookie holds only a random id whose sha256 is kept here."""

    __tablename__ = "web_sessions"

    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    created_at: Mapped[timestamp]
    expires_at: Mapped[timestamp]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Checkpoint(Base):
    """The heads of every instance's hash chain at one moment, signed with a key kept outside the database."""

    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[timestamp]
    #: canonical JSON: {"created_at": ..., "heads": {instance_id: [event_count, last_hash]}}
    body: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(String(100))


class TaskDraft(Base):
    """A form saved half-filled, one per person and task (attachments are refs in ``data``)."""

    __tablename__ = "task_drafts"

    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    #: JSON object: the values as typed (not validated: a draft may be incomplete)
    data: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[timestamp]


class NotificationPref(Base):
    """Which e-mails a person wants, and where."""

    __tablename__ = "notification_prefs"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    on_arrival: Mapped[bool] = mapped_column(Boolean, default=True)
    on_delegated: Mapped[bool] = mapped_column(Boolean, default=True)
    on_due_soon: Mapped[bool] = mapped_column(Boolean, default=True)
    on_escalated: Mapped[bool] = mapped_column(Boolean, default=True)
    #: one mail a day with everything instead of one mail per event
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    last_digest_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class MailOutbox(Base):
    """Mails written in the transaction of the step that caused them, sent later by the worker."""

    __tablename__ = "mail_outbox"
    __table_args__ = (
        Index("ix_mail_outbox_pending", "sent_at", "digest"),
        UniqueConstraint("dedupe_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(30))  # arrival | delegated | due_soon | escalated | digest
    task_id: Mapped[str | None] = mapped_column(String(36))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    #: held for the person's daily digest instead of sent on its own
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    #: set for mails that must go once only (e.g. "due within a day" per task and person)
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[timestamp]
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class TimerStart(Base):
    """One due time of a process's timer start event, taken by the worker that started its instance.

    The primary key makes the start happen once per due time, however many workers sweep at once.
    """

    __tablename__ = "timer_starts"

    process_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime(), primary_key=True)
    instance_id: Mapped[str] = mapped_column(String(36))
    started_at: Mapped[timestamp]
