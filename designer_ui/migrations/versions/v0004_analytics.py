"""Designer Analytics: events, session detail records and the roll-ups, each at two grains
(`runtime/analytics/schema.py` describes every table).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

COUNTERS = ("started", "ended", "contained", "routed", "abandoned", "unrouted", "errored",
            "error_events")


def upgrade() -> None:
    op.create_table(
        'analytics_dimensions',
        sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('origin', sa.String(length=16), nullable=False),
        sa.Column('flow_id', sa.String(length=64), nullable=False),
        sa.Column('flow_version', sa.String(length=32), nullable=False),
        sa.Column('environment', sa.String(length=32), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('entry_point', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_analytics_dimensions')),
    )
    op.create_index('ix_analytics_dimensions_flow', 'analytics_dimensions',
                    ['flow_id', 'origin'], unique=False)

    op.create_table(
        'analytics_events',
        sa.Column('session_id', sa.String(length=128), nullable=False),
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('ts', sa.Float(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('block', sa.String(length=64), nullable=True),
        sa.Column('module', sa.String(length=100), nullable=True),
        sa.Column('data', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('session_id', 'seq', name=op.f('pk_analytics_events')),
    )

    op.create_table(
        'analytics_sessions',
        sa.Column('session_id', sa.String(length=128), nullable=False),
        sa.Column('dim_id', sa.BigInteger(), nullable=False),
        sa.Column('started_at', sa.Float(), nullable=False),
        sa.Column('ended_at', sa.Float(), nullable=True),
        sa.Column('duration_s', sa.Float(), nullable=True),
        sa.Column('end_reason', sa.String(length=100), nullable=True),
        sa.Column('outcome', sa.String(length=16), server_default='active', nullable=False),
        sa.Column('reached_assisted', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('last_block', sa.String(length=64), nullable=True),
        sa.Column('event_count', sa.Integer(), server_default='0', nullable=False),
        sa.Column('error_count', sa.Integer(), server_default='0', nullable=False),
        sa.Column('path', sa.Text(), nullable=True),
        sa.Column('milestones', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('session_id', name=op.f('pk_analytics_sessions')),
    )
    op.create_index('ix_analytics_sessions_started', 'analytics_sessions', ['started_at'],
                    unique=False)
    op.create_index('ix_analytics_sessions_dim_started', 'analytics_sessions',
                    ['dim_id', 'started_at'], unique=False)

    for name, grain in (('analytics_session_minutes', 'minute'), ('analytics_session_hours', 'hour')):
        op.create_table(
            name,
            sa.Column(grain, sa.Integer(), autoincrement=False, nullable=False),
            sa.Column('dim_id', sa.BigInteger(), autoincrement=False, nullable=False),
            *[sa.Column(counter, sa.Integer(), server_default='0', nullable=False)
              for counter in COUNTERS],
            sa.Column('duration_sum', sa.Float(), server_default='0', nullable=False),
            sa.PrimaryKeyConstraint(grain, 'dim_id', name=op.f(f'pk_{name}')),
        )

    for name, grain in (('analytics_duration_hours', 'hour'), ('analytics_duration_days', 'day')):
        op.create_table(
            name,
            sa.Column(grain, sa.Integer(), autoincrement=False, nullable=False),
            sa.Column('dim_id', sa.BigInteger(), autoincrement=False, nullable=False),
            sa.Column('bucket', sa.SmallInteger(), autoincrement=False, nullable=False),
            sa.Column('sessions', sa.Integer(), server_default='0', nullable=False),
            sa.PrimaryKeyConstraint(grain, 'dim_id', 'bucket', name=op.f(f'pk_{name}')),
        )

    for name, grain in (('analytics_block_hours', 'hour'), ('analytics_block_days', 'day')):
        op.create_table(
            name,
            sa.Column('flow_id', sa.String(length=64), nullable=False),
            sa.Column(grain, sa.Integer(), autoincrement=False, nullable=False),
            sa.Column('dim_id', sa.BigInteger(), autoincrement=False, nullable=False),
            sa.Column('flow_version', sa.String(length=32), nullable=False),
            sa.Column('block', sa.String(length=64), nullable=False),
            sa.Column('metric', sa.String(length=16), nullable=False),
            sa.Column('key', sa.String(length=100), nullable=False),
            sa.Column('count', sa.BigInteger(), server_default='0', nullable=False),
            sa.Column('total', sa.Float(), server_default='0', nullable=False),
            sa.PrimaryKeyConstraint('flow_id', grain, 'dim_id', 'flow_version', 'block', 'metric',
                                    'key', name=op.f(f'pk_{name}')),
        )
        op.create_index(f'ix_{name}_{grain}', name, [grain], unique=False)


def downgrade() -> None:
    for name, grain in (('analytics_block_days', 'day'), ('analytics_block_hours', 'hour')):
        op.drop_index(f'ix_{name}_{grain}', table_name=name)
        op.drop_table(name)
    for name in ('analytics_duration_days', 'analytics_duration_hours', 'analytics_session_hours',
                 'analytics_session_minutes'):
        op.drop_table(name)
    op.drop_index('ix_analytics_sessions_dim_started', table_name='analytics_sessions')
    op.drop_index('ix_analytics_sessions_started', table_name='analytics_sessions')
    op.drop_table('analytics_sessions')
    op.drop_table('analytics_events')
    op.drop_index('ix_analytics_dimensions_flow', table_name='analytics_dimensions')
    op.drop_table('analytics_dimensions')
