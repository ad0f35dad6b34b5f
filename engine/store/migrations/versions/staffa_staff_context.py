"""instance titles and search text, saved form drafts, notification preferences and the mail outbox

Revision ID: staffa_staff_context
Revises: 0001
Create Date: 2026-11-30 03:40:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'staffa_staff_context'
down_revision = 'security_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('title_given', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delegation_reason', sa.String(length=500), nullable=True))

    op.create_table('task_drafts',
    sa.Column('task_id', sa.String(length=36), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_drafts_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', 'username', name=op.f('pk_task_drafts'))
    )
    op.create_table('notification_prefs',
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('on_arrival', sa.Boolean(), nullable=False),
    sa.Column('on_delegated', sa.Boolean(), nullable=False),
    sa.Column('on_due_soon', sa.Boolean(), nullable=False),
    sa.Column('on_escalated', sa.Boolean(), nullable=False),
    sa.Column('digest', sa.Boolean(), nullable=False),
    sa.Column('last_digest_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_notification_prefs'))
    )
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('task_id', sa.String(length=36), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('digest', sa.Boolean(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_mail_outbox_dedupe_key'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_mail_outbox_pending', ['sent_at', 'digest'], unique=False)


    _backfill_search_text()


def _flatten(value):
    if isinstance(value, str):
        return [] if value.startswith("sha256:") else [value]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [str(value)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flatten(v)]
    if isinstance(value, list):
        return [t for v in value for t in _flatten(v)]
    return []


def _backfill_search_text() -> None:
    """Existing instances become searchable by the data already entered (as new steps do it)."""
    import json

    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT instance_id, payload FROM events WHERE type IN ('instance_started', 'task_completed') "
        "ORDER BY instance_id, seq")).all()
    words = {}
    for instance_id, payload in rows:
        data = (json.loads(payload) or {}).get("data") or {}
        seen = words.setdefault(instance_id, [])
        for text in _flatten(data):
            text = text.strip().lower()
            if text and text not in seen:
                seen.append(text)
    for instance_id, found in words.items():
        conn.execute(sa.text("UPDATE instances SET search_text = :t WHERE id = :i"),
                     {"t": ("\n" + " ".join(found))[:4000], "i": instance_id})


def downgrade() -> None:
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_outbox_pending')
    op.drop_table('mail_outbox')
    op.drop_table('notification_prefs')
    op.drop_table('task_drafts')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('delegation_reason')
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.drop_column('search_text')
        batch_op.drop_column('title_given')
        batch_op.drop_column('title')
