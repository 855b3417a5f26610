"""Callbacks: `callbacks` (requests and their life cycle), `callback_attempts` (every dial with
its SIP result) and `callback_rules` (per queue).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'callbacks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('queue', sa.String(length=64), nullable=False),
        sa.Column('number', sa.String(length=32), nullable=False),
        sa.Column('caller_id', sa.String(length=32), nullable=False),
        sa.Column('environment', sa.String(length=16), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('slot_start', sa.DateTime(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('origin', sa.String(length=16), nullable=False),
        sa.Column('session_id', sa.String(length=128), nullable=True),
        sa.Column('idempotency_key', sa.String(length=200), nullable=True),
        sa.Column('attempts_made', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('claimed_by', sa.String(length=200), nullable=True),
        sa.Column('created_by', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_callbacks')),
        sa.UniqueConstraint('idempotency_key', name=op.f('uq_callbacks_idempotency_key')),
    )
    for column in ('state', 'queue', 'number', 'due_at', 'created_at'):
        op.create_index(op.f(f'ix_callbacks_{column}'), 'callbacks', [column], unique=False)
    op.create_table(
        'callback_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('callback_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=32), nullable=False),
        sa.Column('dialer', sa.String(length=200), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('sip_code', sa.Integer(), nullable=True),
        sa.Column('result', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['callback_id'], ['callbacks.id'], ondelete='CASCADE',
                                name=op.f('fk_callback_attempts_callback_id_callbacks')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_callback_attempts')),
    )
    op.create_index(op.f('ix_callback_attempts_callback_id'), 'callback_attempts',
                    ['callback_id'], unique=False)
    op.create_table(
        'callback_rules',
        sa.Column('queue_id', sa.Integer(), nullable=False),
        sa.Column('min_wait_minutes', sa.Integer(), nullable=False),
        sa.Column('max_open_per_number', sa.Integer(), nullable=False),
        sa.Column('slot_minutes', sa.Integer(), nullable=False),
        sa.Column('slot_capacity', sa.Integer(), nullable=False),
        sa.Column('max_attempts', sa.Integer(), nullable=False),
        sa.Column('retry_interval_seconds', sa.Integer(), nullable=False),
        sa.Column('retry_sip_codes', sa.JSON(), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['queue_id'], ['queues.id'], ondelete='CASCADE',
                                name=op.f('fk_callback_rules_queue_id_queues')),
        sa.PrimaryKeyConstraint('queue_id', name=op.f('pk_callback_rules')),
    )


def downgrade() -> None:
    op.drop_table('callback_rules')
    op.drop_index(op.f('ix_callback_attempts_callback_id'), table_name='callback_attempts')
    op.drop_table('callback_attempts')
    for column in ('state', 'queue', 'number', 'due_at', 'created_at'):
        op.drop_index(op.f(f'ix_callbacks_{column}'), table_name='callbacks')
    op.drop_table('callbacks')
