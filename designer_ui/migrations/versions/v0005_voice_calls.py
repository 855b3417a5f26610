"""Voice call detail records (`voice_calls`), written by the voice workers and shown on the
Designer's Calls page.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'voice_calls',
        sa.Column('id', sa.String(length=200), nullable=False),
        sa.Column('sip_call_id', sa.String(length=255), nullable=False),
        sa.Column('ani', sa.String(length=255), nullable=False),
        sa.Column('dnis', sa.String(length=255), nullable=False),
        sa.Column('worker', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.Float(), nullable=False),
        sa.Column('answered_at', sa.Float(), nullable=True),
        sa.Column('ended_at', sa.Float(), nullable=True),
        sa.Column('flow_id', sa.String(length=64), nullable=True),
        sa.Column('flow_version', sa.String(length=32), nullable=True),
        sa.Column('environment', sa.String(length=32), nullable=False),
        sa.Column('disposition', sa.String(length=100), nullable=False),
        sa.Column('ended_by', sa.String(length=32), nullable=False),
        sa.Column('sip_status', sa.Integer(), nullable=True),
        sa.Column('path', sa.JSON(), nullable=False),
        sa.Column('milestones', sa.JSON(), nullable=False),
        sa.Column('dtmf', sa.JSON(), nullable=False),
        sa.Column('recordings', sa.JSON(), nullable=False),
        sa.Column('transfers', sa.JSON(), nullable=False),
        sa.Column('metrics', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_calls')),
    )
    op.create_index(op.f('ix_voice_calls_started_at'), 'voice_calls', ['started_at'], unique=False)
    op.create_index(op.f('ix_voice_calls_disposition'), 'voice_calls', ['disposition'],
                    unique=False)
    op.create_index('ix_voice_calls_flow_started', 'voice_calls', ['flow_id', 'started_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_voice_calls_flow_started', table_name='voice_calls')
    op.drop_index(op.f('ix_voice_calls_disposition'), table_name='voice_calls')
    op.drop_index(op.f('ix_voice_calls_started_at'), table_name='voice_calls')
    op.drop_table('voice_calls')
