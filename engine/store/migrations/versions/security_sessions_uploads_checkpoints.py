"""server-side web sessions, attachment uploaders, signed checkpoints

Revision ID: security_sessions
Revises: 0001
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'security_sessions'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachment_uploads',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['attachments.sha256'], name=op.f('fk_attachment_uploads_sha256_attachments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sha256', 'username', name=op.f('pk_attachment_uploads'))
    )
    # Documents uploaded before this revision stay usable by their first uploader.
    op.execute("INSERT INTO attachment_uploads (sha256, username, uploaded_at) "
               "SELECT sha256, uploaded_by, uploaded_at FROM attachments")
    op.create_table('web_sessions',
    sa.Column('id_sha256', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id_sha256', name=op.f('pk_web_sessions'))
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_username'), ['username'], unique=False)
    op.create_table('checkpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('signature', sa.String(length=200), nullable=False),
    sa.Column('public_key', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkpoints'))
    )


def downgrade() -> None:
    op.drop_table('checkpoints')
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_username'))
    op.drop_table('web_sessions')
    op.drop_table('attachment_uploads')
