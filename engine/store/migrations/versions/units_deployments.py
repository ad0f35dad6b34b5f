"""deployments: a version deployed for a unit subtree, so each subtree has its own current version

Every stored version becomes one deployment for the unit it was bound to (none: the whole deployment),
then the old single binding on the definition row is dropped.

Revision ID: units_deployments
Revises: units_posts
Create Date: 2026-11-30 06:50:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'units_deployments'
down_revision = 'units_posts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deployments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.String(length=100), nullable=False),
    sa.Column('definition_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(length=40), nullable=True),
    sa.Column('deployed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deployed_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['definition_id'], ['definitions.id'], name=op.f('fk_deployments_definition_id_definitions')),
    sa.ForeignKeyConstraint(['unit_code'], ['units.code'], name=op.f('fk_deployments_unit_code_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deployments'))
    )
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.create_index('ix_deployments_process_unit', ['process_id', 'unit_code', 'id'], unique=False)
    # a binding to a unit that no longer exists falls back to the whole deployment
    op.execute("INSERT INTO deployments (process_id, definition_id, version, unit_code, deployed_at, deployed_by) "
               "SELECT d.process_id, d.id, d.version, u.code, d.deployed_at, d.deployed_by "
               "FROM definitions d LEFT JOIN units u ON u.code = d.unit_code ORDER BY d.id")
    with op.batch_alter_table('definitions', schema=None) as batch_op:
        batch_op.drop_column('unit_code')


def downgrade() -> None:
    with op.batch_alter_table('definitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_code', sa.String(length=40), nullable=True))
    op.execute("UPDATE definitions SET unit_code = (SELECT dp.unit_code FROM deployments dp "
               "WHERE dp.definition_id = definitions.id ORDER BY dp.id DESC LIMIT 1)")
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.drop_index('ix_deployments_process_unit')
    op.drop_table('deployments')
