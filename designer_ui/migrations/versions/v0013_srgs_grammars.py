"""SRGS grammars (`srgs_grammars`): grammar texts uploaded per name and language.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'srgs_grammars',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=35), nullable=False),
        sa.Column('mode', sa.String(length=8), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_srgs_grammars')),
        sa.UniqueConstraint('name', 'language', name='uq_srgs_grammars_name_language'),
    )
    op.create_index(op.f('ix_srgs_grammars_name'), 'srgs_grammars', ['name'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_srgs_grammars_name'), table_name='srgs_grammars')
    op.drop_table('srgs_grammars')
