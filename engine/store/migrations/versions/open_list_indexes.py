"""partial indexes for the lists people open most: a post's open tasks, a unit's running instances

With a million instances, a task list AND-ed the full (role, unit_code, state) index with the partial
index over every open task, and a Polda's running list read all running instances before sorting; these
two partial indexes answer both from the open rows of the unit alone.

Revision ID: open_list_indexes
Revises: compact_sealed_events
Create Date: 2026-11-30 08:00:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'open_list_indexes'
down_revision = "compact_sealed_events"
branch_labels = None
depends_on = None

OPEN = sa.text("completed_at IS NULL")
RUNNING = sa.text("state = 'running'")


def upgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_role_unit_open')
    op.create_index('ix_tasks_open_role_unit', 'tasks', ['role', 'unit_code'], unique=False,
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index('ix_instances_running_unit_path', 'instances', ['unit_path', 'started_at'], unique=False,
                    postgresql_ops={'unit_path': 'varchar_pattern_ops'}, postgresql_include=['id'],
                    sqlite_where=RUNNING, postgresql_where=RUNNING)


def downgrade() -> None:
    op.drop_index('ix_instances_running_unit_path', table_name='instances')
    op.drop_index('ix_tasks_open_role_unit', table_name='tasks')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_role_unit_open', ['role', 'unit_code', 'state'], unique=False)
