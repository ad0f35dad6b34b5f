"""compact events (binary hashes, no stored prev_hash, payload values without their keys) and sealed histories

Revision ID: compact_sealed_events
Revises: units_deployments
Create Date: 2026-11-30 07:00:00

Existing rows are converted in place. Completed instances are not sealed here (sealing reads their
task mirror and definitions); ``sopflow seal`` seals those completed before this revision.
Downgrade unpacks sealed histories back into rows; the task-mirror rows a sealing dropped are not
made again.
"""
from __future__ import annotations

import json
from datetime import timezone

from alembic import op
import sqlalchemy as sa

from engine.audit import eventcodec

revision = 'compact_sealed_events'
down_revision = "units_deployments"
branch_labels = None
depends_on = None

BATCH = 2000
EVENTS_DOWN = sa.table('events', sa.column('instance_id', sa.String()), sa.column('seq', sa.Integer()),
                       sa.column('type', sa.String()), sa.column('actor', sa.String()),
                       sa.column('at', sa.DateTime(timezone=True)), sa.column('payload', sa.Text()),
                       sa.column('hash', sa.LargeBinary()), sa.column('text_payload', sa.Text()),
                       sa.column('hex_hash', sa.String()), sa.column('prev_hash', sa.String()))


def upgrade() -> None:
    op.create_table('event_segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.String(length=36), nullable=False),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('head', sa.LargeBinary(length=32), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['instance_id'], ['instances.id'], name=op.f('fk_event_segments_instance_id_instances'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_segments')),
    sa.UniqueConstraint('instance_id', name=op.f('uq_event_segments_instance_id'))
    )
    op.create_table('sealed_tasks',
    sa.Column('task_key', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('segment_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['segment_id'], ['event_segments.id'], name=op.f('fk_sealed_tasks_segment_id_event_segments'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_key', 'segment_id', name=op.f('pk_sealed_tasks')),
    sqlite_with_rowid=False,
    )
    op.create_table('sealed_attachments',
    sa.Column('sha256', sa.LargeBinary(length=32), nullable=False),
    sa.Column('segment_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['segment_id'], ['event_segments.id'],
                            name=op.f('fk_sealed_attachments_segment_id_event_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sha256', 'segment_id', name=op.f('pk_sealed_attachments')),
    sqlite_with_rowid=False,
    )
    op.create_table('sealed_parties',
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('segment_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['segment_id'], ['event_segments.id'],
                            name=op.f('fk_sealed_parties_segment_id_event_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('username', 'segment_id', name=op.f('pk_sealed_parties')),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('packed', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hash_bin', sa.LargeBinary(length=32), nullable=True))
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.text("SELECT id, type, payload, hash FROM events WHERE id > :last ORDER BY id LIMIT :n"),
                            {"last": last, "n": BATCH}).all()
        if not rows:
            break
        conn.execute(sa.text("UPDATE events SET packed = :packed, hash_bin = :hash WHERE id = :id"),
                     [{"id": r.id, "packed": _packed(r.type, r.payload), "hash": _hash_bytes(r.hash)} for r in rows])
        last = rows[-1].id
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('payload')
        batch_op.drop_column('hash')
        batch_op.alter_column('packed', new_column_name='payload', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('hash_bin', new_column_name='hash', existing_type=sa.LargeBinary(length=32),
                              nullable=False)


def _packed(type_: str, payload: str) -> str:
    """The compact form; a payload that is no JSON object is kept as it was (verify reports it unreadable)."""
    try:
        value = json.loads(payload)
    except (ValueError, RecursionError):
        return payload
    return eventcodec.pack_payload(type_, value) if isinstance(value, dict) else payload


def _hash_bytes(text: str) -> bytes:
    try:
        return bytes.fromhex(text)
    except (ValueError, TypeError):
        return b""  # an altered hash stays detectable: it matches no content


def downgrade() -> None:
    from engine.audit.log import canonical_json, event_hash

    conn = op.get_bind()
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('text_payload', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hex_hash', sa.String(length=64), nullable=True))
    # sealed histories back into rows (their hashes recomputed along the chain)
    for instance_id, body in conn.execute(sa.text("SELECT instance_id, body FROM event_segments")).all():
        prev, rows = "", []
        for seq, (type_, actor, at, payload) in enumerate(eventcodec.unpack_segment(body), start=1):
            text = canonical_json(payload)
            digest = event_hash(prev, instance_id, seq, type_, actor, at, text)
            rows.append({"instance_id": instance_id, "seq": seq, "type": type_, "actor": actor,
                         "at": at.astimezone(timezone.utc), "payload": "", "hash": b"", "text_payload": text,
                         "hex_hash": digest, "prev_hash": prev})
            prev = digest
        if rows:
            conn.execute(EVENTS_DOWN.insert(), rows)
    last, prev_of = 0, {}
    while True:
        rows = conn.execute(sa.text("SELECT id, instance_id, seq, type, payload, hash, text_payload FROM events "
                                    "WHERE id > :last ORDER BY id LIMIT :n"), {"last": last, "n": BATCH}).all()
        if not rows:
            break
        updates = []
        for r in rows:
            if r.text_payload is not None:
                continue
            try:
                text = canonical_json(eventcodec.unpack_payload(r.type, r.payload))
            except eventcodec.HistoryUnreadable:
                text = r.payload
            updates.append({"id": r.id, "text": text, "hash": (r.hash or b"").hex()})
        if updates:
            conn.execute(sa.text("UPDATE events SET text_payload = :text, hex_hash = :hash WHERE id = :id"), updates)
        last = rows[-1].id
    # prev_hash: the hash of the row before in the same instance
    for instance_id, seq, digest in conn.execute(sa.text(
            "SELECT instance_id, seq, hex_hash FROM events ORDER BY instance_id, seq")).all():
        prev_of[(instance_id, seq + 1)] = digest
    conn.execute(sa.text("UPDATE events SET prev_hash = :prev WHERE instance_id = :i AND seq = :s"),
                 [{"prev": prev_of.get((i, s), ""), "i": i, "s": s}
                  for i, s in conn.execute(sa.text("SELECT instance_id, seq FROM events")).all()] or
                 [{"prev": "", "i": "", "s": 0}])
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('payload')
        batch_op.drop_column('hash')
        batch_op.alter_column('text_payload', new_column_name='payload', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('hex_hash', new_column_name='hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
    op.drop_table('sealed_parties')
    op.drop_table('sealed_attachments')
    op.drop_table('sealed_tasks')
    op.drop_table('event_segments')
