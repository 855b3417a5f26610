"""Entry points that name a queue: `entry_points.queue_id` (the queue a contact goes straight
into, with the queue's in-queue flow) and `entry_points.flow_id` nullable (such an entry point
starts no flow of its own). Every existing entry point keeps its flow and names no queue.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('entry_points') as batch:
        batch.add_column(sa.Column('queue_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_entry_points_queue_id_queues'), 'queues',
                                 ['queue_id'], ['id'], ondelete='RESTRICT')
        batch.create_index(op.f('ix_entry_points_queue_id'), ['queue_id'], unique=False)
        batch.alter_column('flow_id', existing_type=sa.String(length=64), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM entry_points WHERE flow_id IS NULL")
    with op.batch_alter_table('entry_points') as batch:
        batch.alter_column('flow_id', existing_type=sa.String(length=64), nullable=False)
        batch.drop_index(op.f('ix_entry_points_queue_id'))
        batch.drop_constraint(op.f('fk_entry_points_queue_id_queues'), type_='foreignkey')
        batch.drop_column('queue_id')
