"""The MicroApps store (MicroApps, their submitted versions) and the MicroApps installed in a
Designer.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('store_microapps',
    sa.Column('name', sa.String(length=129), nullable=False),
    sa.Column('publisher', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_store_microapps'))
    )
    with op.batch_alter_table('store_microapps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_store_microapps_publisher'), ['publisher'],
                              unique=False)

    op.create_table('store_microapp_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=129), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('readme', sa.Text(), nullable=False),
    sa.Column('archive', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('checks', sa.JSON(), nullable=False),
    sa.Column('submitted_by', sa.String(length=64), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_by', sa.String(length=64), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('deprecated', sa.Text(), nullable=True),
    sa.Column('deprecated_at', sa.DateTime(), nullable=True),
    sa.Column('yanked', sa.Text(), nullable=True),
    sa.Column('yanked_at', sa.DateTime(), nullable=True),
    sa.Column('install_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['name'], ['store_microapps.name'],
                            name=op.f('fk_store_microapp_versions_name_store_microapps'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_store_microapp_versions')),
    sa.UniqueConstraint('name', 'version', name='uq_store_microapp_versions_name_version')
    )
    with op.batch_alter_table('store_microapp_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_store_microapp_versions_name'), ['name'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_store_microapp_versions_status'), ['status'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_store_microapp_versions_category'), ['category'],
                              unique=False)

    op.create_table('installed_microapps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=129), nullable=False),
    sa.Column('publisher', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('flows', sa.JSON(), nullable=False),
    sa.Column('archive', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('requested', sa.Boolean(), nullable=False),
    sa.Column('installed_at', sa.DateTime(), nullable=False),
    sa.Column('installed_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installed_microapps')),
    sa.UniqueConstraint('name', 'version', name='uq_installed_microapps_name_version')
    )
    with op.batch_alter_table('installed_microapps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_installed_microapps_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_installed_microapps_publisher'), ['publisher'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('installed_microapps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_installed_microapps_publisher'))
        batch_op.drop_index(batch_op.f('ix_installed_microapps_name'))

    op.drop_table('installed_microapps')
    with op.batch_alter_table('store_microapp_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_store_microapp_versions_category'))
        batch_op.drop_index(batch_op.f('ix_store_microapp_versions_status'))
        batch_op.drop_index(batch_op.f('ix_store_microapp_versions_name'))

    op.drop_table('store_microapp_versions')
    with op.batch_alter_table('store_microapps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_store_microapps_publisher'))

    op.drop_table('store_microapps')
