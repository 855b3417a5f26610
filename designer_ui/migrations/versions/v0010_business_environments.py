"""Business Controls per environment: hours, special days, emergency flags and data tables get
an `environment` column (part of the key), today's values become every environment's value;
and announcements, seeded from the shared prompts' texts and recordings.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

ENVIRONMENTS = ('dev', 'test', 'live')
TABLES = {
    'business_hours': ('schedule',),
    'special_days': ('days',),
    'emergency_flags': ('on',),
    'data_tables': ('key_column', 'columns', 'rows'),
}


def _copy_live(table: str, columns: tuple[str, ...]) -> None:
    """Every other environment starts with the value that applied everywhere until now."""
    names = ', '.join(f'"{column}"' for column in (*columns, 'name', 'updated_at', 'updated_by'))
    for environment in ENVIRONMENTS:
        if environment != 'live':
            op.execute(sa.text(f'INSERT INTO {table} (environment, {names}) '
                               f"SELECT :environment, {names} FROM {table} "
                               "WHERE environment = 'live'").bindparams(environment=environment))


def upgrade() -> None:
    for table, columns in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('environment', sa.String(length=16), nullable=False,
                                          server_default='live'))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', ['environment', 'name'])
            batch_op.alter_column('environment', server_default=None)
        _copy_live(table, columns)
    op.create_table(
        'announcements',
        sa.Column('texts', sa.JSON(), nullable=False),
        sa.Column('recordings', sa.JSON(), nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=True),
        sa.Column('ends_at', sa.DateTime(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('environment', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('environment', 'name', name=op.f('pk_announcements')),
    )
    _announcements_from_prompts()


def _announcements_from_prompts() -> None:
    """Shared prompts were the business users' texts; they become announcements everywhere,
    their uploaded recordings referenced by the prompt's name."""
    connection = op.get_bind()
    prompts = sa.table('prompts', sa.column('name', sa.String), sa.column('texts', sa.JSON),
                       sa.column('updated_at', sa.DateTime), sa.column('updated_by', sa.String))
    audio = sa.table('prompt_audio', sa.column('prompt_name', sa.String),
                     sa.column('language', sa.String))
    recorded: dict[str, dict[str, str]] = {}
    for name, language in connection.execute(sa.select(audio.c.prompt_name, audio.c.language)):
        recorded.setdefault(name, {})[language] = name
    announcements = sa.table(
        'announcements', sa.column('environment', sa.String), sa.column('name', sa.String),
        sa.column('texts', sa.JSON), sa.column('recordings', sa.JSON),
        sa.column('version', sa.Integer), sa.column('updated_at', sa.DateTime),
        sa.column('updated_by', sa.String))
    rows = [{'environment': environment, 'name': name, 'texts': dict(texts or {}),
             'recordings': recorded.get(name, {}), 'version': 1, 'updated_at': updated_at,
             'updated_by': updated_by}
            for name, texts, updated_at, updated_by in connection.execute(sa.select(
                prompts.c.name, prompts.c.texts, prompts.c.updated_at, prompts.c.updated_by))
            for environment in ENVIRONMENTS]
    if rows:
        op.bulk_insert(announcements, rows)


def downgrade() -> None:
    op.drop_table('announcements')
    for table in TABLES:
        op.execute(sa.text(f"DELETE FROM {table} WHERE environment <> 'live'"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', ['name'])
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('environment')
