"""Survey results: one row per answer of a `survey` block (`runtime/analytics/survey_results.py`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'survey_results',
        sa.Column('session_id', sa.String(length=128), nullable=False),
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('ts', sa.Float(), nullable=False),
        sa.Column('dim_id', sa.BigInteger(), nullable=False),
        sa.Column('flow_id', sa.String(length=64), nullable=False),
        sa.Column('flow_version', sa.String(length=32), nullable=False),
        sa.Column('module', sa.String(length=100), nullable=True),
        sa.Column('block', sa.String(length=64), nullable=True),
        sa.Column('survey', sa.String(length=64), nullable=False),
        sa.Column('question', sa.String(length=64), nullable=False),
        sa.Column('type', sa.String(length=16), nullable=False),
        sa.Column('scale', sa.SmallInteger(), nullable=True),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('answer', sa.Text(), nullable=True),
        sa.Column('queue', sa.String(length=100), nullable=True),
        sa.Column('agent', sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint('session_id', 'seq', name=op.f('pk_survey_results')),
    )
    op.create_index('ix_survey_results_ts', 'survey_results', ['ts'], unique=False)
    op.create_index('ix_survey_results_flow_ts', 'survey_results', ['flow_id', 'ts'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_survey_results_flow_ts', table_name='survey_results')
    op.drop_index('ix_survey_results_ts', table_name='survey_results')
    op.drop_table('survey_results')
