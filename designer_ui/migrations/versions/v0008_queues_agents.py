"""Assisted service: queues, agent profiles and states, queue interactions, the distributor's
lease.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'queues',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('description', sa.String(length=500), nullable=False),
        sa.Column('channels', sa.JSON(), nullable=False),
        sa.Column('skills', sa.JSON(), nullable=False),
        sa.Column('sl_percent', sa.Integer(), nullable=False),
        sa.Column('sl_seconds', sa.Integer(), nullable=False),
        sa.Column('in_queue_flows', sa.JSON(), nullable=False),
        sa.Column('max_wait_seconds', sa.Integer(), nullable=False),
        sa.Column('at_max_wait', sa.String(length=16), nullable=False),
        sa.Column('hours', sa.String(length=100), nullable=True),
        sa.Column('rona_seconds', sa.Integer(), nullable=False),
        sa.Column('wrap_up_seconds', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_queues')),
        sa.UniqueConstraint('name', name=op.f('uq_queues_name')),
    )
    op.create_table(
        'agent_profiles',
        sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('skills', sa.JSON(), nullable=False),
        sa.Column('channels', sa.JSON(), nullable=False),
        sa.Column('capacity', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=100), nullable=False),
        sa.Column('state_since', sa.DateTime(), nullable=False),
        sa.Column('idle_since', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_agent_profiles_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_agent_profiles')),
    )
    op.create_table(
        'queue_interactions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('active_key', sa.String(length=200), nullable=True),
        sa.Column('queue_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('session_id', sa.String(length=128), nullable=False),
        sa.Column('skills', sa.JSON(), nullable=False),
        sa.Column('priority', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('enqueued_at', sa.DateTime(), nullable=False),
        sa.Column('offered_to', sa.Integer(), nullable=True),
        sa.Column('offered_at', sa.DateTime(), nullable=True),
        sa.Column('offer_expires_at', sa.DateTime(), nullable=True),
        sa.Column('declined_by', sa.JSON(), nullable=False),
        sa.Column('agent_id', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['queue_id'], ['queues.id'],
                                name=op.f('fk_queue_interactions_queue_id_queues'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['offered_to'], ['users.id'],
                                name=op.f('fk_queue_interactions_offered_to_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['agent_id'], ['users.id'],
                                name=op.f('fk_queue_interactions_agent_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_interactions')),
        sa.UniqueConstraint('active_key', name=op.f('uq_queue_interactions_active_key')),
    )
    op.create_index(op.f('ix_queue_interactions_queue_id'), 'queue_interactions', ['queue_id'],
                    unique=False)
    op.create_index(op.f('ix_queue_interactions_session_id'), 'queue_interactions',
                    ['session_id'], unique=False)
    op.create_index(op.f('ix_queue_interactions_state'), 'queue_interactions', ['state'],
                    unique=False)
    op.create_index(op.f('ix_queue_interactions_ended_at'), 'queue_interactions', ['ended_at'],
                    unique=False)
    op.create_table(
        'distributor_lease',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('holder', sa.String(length=200), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_distributor_lease')),
    )


def downgrade() -> None:
    op.drop_table('distributor_lease')
    op.drop_index(op.f('ix_queue_interactions_ended_at'), table_name='queue_interactions')
    op.drop_index(op.f('ix_queue_interactions_state'), table_name='queue_interactions')
    op.drop_index(op.f('ix_queue_interactions_session_id'), table_name='queue_interactions')
    op.drop_index(op.f('ix_queue_interactions_queue_id'), table_name='queue_interactions')
    op.drop_table('queue_interactions')
    op.drop_table('agent_profiles')
    op.drop_table('queues')
