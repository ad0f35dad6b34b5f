"""units, posts (a role held in a unit), the unit of instances, tasks and definitions

Revision ID: units_posts
Revises: staffa_staff_context
Create Date: 2026-11-30 04:30:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'units_posts'
down_revision = "perf_open_task_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('units',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('parent_code', sa.String(length=40), nullable=True),
    sa.Column('tz', sa.String(length=64), nullable=False),
    sa.Column('path', sa.String(length=600), nullable=False),
    sa.ForeignKeyConstraint(['parent_code'], ['units.code'], name=op.f('fk_units_parent_code_units')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_units'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_parent_code'), ['parent_code'], unique=False)
        batch_op.create_index('ix_units_path', ['path'], unique=False,
                              postgresql_ops={'path': 'varchar_pattern_ops'})
    op.create_table('posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.Column('unit_code', sa.String(length=40), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['unit_code'], ['units.code'], name=op.f('fk_posts_unit_code_units')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_posts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posts'))
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index('ix_posts_role_unit', ['role', 'unit_code', 'ended_at'], unique=False)
        batch_op.create_index('ix_posts_user', ['user_id', 'ended_at'], unique=False)
    with op.batch_alter_table('definitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_code', sa.String(length=40), nullable=True))
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('unit_path', sa.String(length=600), nullable=True))
        batch_op.create_index('ix_instances_unit_path', ['unit_path', 'started_at'], unique=False,
                              postgresql_ops={'unit_path': 'varchar_pattern_ops'})
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_code', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_tasks_role_unit_open', ['role', 'unit_code', 'state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_role_unit_open')
        batch_op.drop_column('unit_code')
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.drop_index('ix_instances_unit_path')
        batch_op.drop_column('unit_path')
        batch_op.drop_column('unit_code')
    with op.batch_alter_table('definitions', schema=None) as batch_op:
        batch_op.drop_column('unit_code')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_user')
        batch_op.drop_index('ix_posts_role_unit')
    op.drop_table('posts')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index('ix_units_path')
        batch_op.drop_index(batch_op.f('ix_units_parent_code'))
    op.drop_table('units')
