"""Agents belong to environments: `agent_profiles.environments` (the environments whose
interactions an agent is offered; every existing agent keeps all three) and
`queue_interactions.environment` (the environment of the chat's or call's entry point; open
interactions from before count as `live`, what applied everywhere before environments existed).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

ALL_ENVIRONMENTS = '["dev", "test", "live"]'


def upgrade() -> None:
    with op.batch_alter_table('agent_profiles') as batch:
        batch.add_column(sa.Column('environments', sa.JSON(), nullable=False,
                                   server_default=sa.text(f"'{ALL_ENVIRONMENTS}'")))
    with op.batch_alter_table('queue_interactions') as batch:
        batch.add_column(sa.Column('environment', sa.String(length=16), nullable=False,
                                   server_default='live'))
    with op.batch_alter_table('agent_profiles') as batch:
        batch.alter_column('environments', server_default=None)
    with op.batch_alter_table('queue_interactions') as batch:
        batch.alter_column('environment', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('queue_interactions') as batch:
        batch.drop_column('environment')
    with op.batch_alter_table('agent_profiles') as batch:
        batch.drop_column('environments')
