"""The Bot Registry: bots (credentials encrypted), native bot definition revisions, and the
native bot revisions each published flow version pins.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bots',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('intents', sa.JSON(), nullable=False),
    sa.Column('native', sa.JSON(), nullable=True),
    sa.Column('native_revision', sa.Integer(), nullable=True),
    sa.Column('native_hash', sa.String(length=64), nullable=True),
    sa.Column('credentials', sa.Text(), nullable=True),
    sa.Column('credential_fields', sa.JSON(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_bots'))
    )
    op.create_table('bot_native_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bot_name', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['bot_name'], ['bots.name'],
                            name=op.f('fk_bot_native_revisions_bot_name_bots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bot_native_revisions')),
    sa.UniqueConstraint('bot_name', 'revision', name='uq_bot_native_revisions_bot_revision')
    )
    with op.batch_alter_table('bot_native_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bot_native_revisions_bot_name'), ['bot_name'],
                              unique=False)

    op.create_table('flow_version_bots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flow_version_id', sa.Integer(), nullable=False),
    sa.Column('bot_name', sa.String(length=64), nullable=False),
    sa.Column('native_revision', sa.Integer(), nullable=False),
    sa.Column('native_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['flow_version_id'], ['flow_versions.id'],
                            name=op.f('fk_flow_version_bots_flow_version_id_flow_versions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_version_bots')),
    sa.UniqueConstraint('flow_version_id', 'bot_name', name='uq_flow_version_bots_version_bot')
    )
    with op.batch_alter_table('flow_version_bots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_version_bots_flow_version_id'),
                              ['flow_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_version_bots_bot_name'), ['bot_name'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('flow_version_bots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flow_version_bots_bot_name'))
        batch_op.drop_index(batch_op.f('ix_flow_version_bots_flow_version_id'))

    op.drop_table('flow_version_bots')
    with op.batch_alter_table('bot_native_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bot_native_revisions_bot_name'))

    op.drop_table('bot_native_revisions')
    op.drop_table('bots')
