"""partial indexes over open tasks only: a role's queue in due order, escalations

Revision ID: perf_open_task_indexes
Revises: staffa_staff_context
Create Date: 2026-11-30 04:55:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'perf_open_task_indexes'
down_revision = "engine_timer_starts"
branch_labels = None
depends_on = None

OPEN_UNASSIGNED = sa.text("completed_at IS NULL AND assignee IS NULL")
OPEN = sa.text("completed_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_role_open')
        batch_op.drop_index('ix_tasks_escalated')
    op.create_index('ix_tasks_open_role', 'tasks', ['role', 'due_at', 'created_at', 'id'], unique=False,
                    sqlite_where=OPEN_UNASSIGNED, postgresql_where=OPEN_UNASSIGNED)
    op.create_index('ix_tasks_open_escalated', 'tasks', ['escalated_role', 'due_at'], unique=False,
                    sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade() -> None:
    op.drop_index('ix_tasks_open_escalated', table_name='tasks')
    op.drop_index('ix_tasks_open_role', table_name='tasks')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_escalated', ['escalated_role', 'state'], unique=False)
        batch_op.create_index('ix_tasks_role_open', ['role', 'state', 'due_at'], unique=False)
