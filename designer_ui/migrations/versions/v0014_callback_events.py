"""Callback events (`runtime/analytics/callback_events.py`): one row per callback offered,
accepted, scheduled, dialled, connected, failed or abandoned, for the Callbacks report.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-11
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'callback_events',
        sa.Column('session_id', sa.String(length=128), nullable=False),
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('ts', sa.Float(), nullable=False),
        sa.Column('day', sa.Integer(), nullable=False),
        sa.Column('origin', sa.String(length=16), nullable=False),
        sa.Column('environment', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('queue', sa.String(length=100), nullable=True),
        sa.Column('callback_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=100), nullable=True),
        sa.Column('sip_code', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('session_id', 'seq', name=op.f('pk_callback_events')),
    )
    op.create_index('ix_callback_events_ts', 'callback_events', ['ts'], unique=False)
    op.create_index('ix_callback_events_kind_day', 'callback_events', ['kind', 'day'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_callback_events_kind_day', table_name='callback_events')
    op.drop_index('ix_callback_events_ts', table_name='callback_events')
    op.drop_table('callback_events')
