"""timer starts: one row per process and due time of its timer start event

Revision ID: engine_timer_starts
Revises: 0001
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = 'engine_timer_starts'
down_revision = 'staffa_staff_context'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('timer_starts',
    sa.Column('process_id', sa.String(length=100), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('instance_id', sa.String(length=36), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('process_id', 'due_at', name=op.f('pk_timer_starts'))
    )


def downgrade() -> None:
    op.drop_table('timer_starts')
