"""The Designer's first schema: users and tokens, flows and versions, environments and entry
points, Business Controls, prompts, simulator sessions, flow tests and the audit log.

Revision ID: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object', sa.String(length=200), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_object'), ['object'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_username'), ['username'], unique=False)

    op.create_table('business_hours',
    sa.Column('schedule', sa.JSON(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_business_hours'))
    )
    op.create_table('data_tables',
    sa.Column('key_column', sa.String(length=64), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_data_tables'))
    )
    op.create_table('emergency_flags',
    sa.Column('on', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_emergency_flags'))
    )
    op.create_table('flows',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flows'))
    )
    op.create_table('prompts',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_prompts'))
    )
    op.create_table('special_days',
    sa.Column('days', sa.JSON(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_special_days'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=128), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=True),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('can_promote_live', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('edit_locks',
    sa.Column('flow_id', sa.String(length=64), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['flow_id'], ['flows.id'],
                            name=op.f('fk_edit_locks_flow_id_flows'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['holder_id'], ['users.id'],
                            name=op.f('fk_edit_locks_holder_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('flow_id', name=op.f('pk_edit_locks'))
    )
    op.create_table('entry_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('flow_id', sa.String(length=64), nullable=False),
    sa.Column('environment', sa.String(length=16), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['flow_id'], ['flows.id'],
                            name=op.f('fk_entry_points_flow_id_flows'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entry_points')),
    sa.UniqueConstraint('kind', 'address', name='uq_entry_points_kind_address')
    )
    with op.batch_alter_table('entry_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_points_flow_id'), ['flow_id'], unique=False)

    op.create_table('environment_bindings',
    sa.Column('environment', sa.String(length=16), nullable=False),
    sa.Column('flow_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['flow_id'], ['flows.id'],
                            name=op.f('fk_environment_bindings_flow_id_flows'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('environment', 'flow_id', name=op.f('pk_environment_bindings'))
    )
    op.create_table('flow_tests',
    sa.Column('flow_id', sa.String(length=64), nullable=False),
    sa.Column('yaml', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.Column('last_results', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['flow_id'], ['flows.id'],
                            name=op.f('fk_flow_tests_flow_id_flows'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('flow_id', name=op.f('pk_flow_tests'))
    )
    op.create_table('flow_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flow_id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['flow_id'], ['flows.id'],
                            name=op.f('fk_flow_versions_flow_id_flows'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_versions')),
    sa.UniqueConstraint('flow_id', 'number', name='uq_flow_versions_flow_number')
    )
    with op.batch_alter_table('flow_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_versions_flow_id'), ['flow_id'], unique=False)

    op.create_table('prompt_audio',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prompt_name', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['prompt_name'], ['prompts.name'],
                            name=op.f('fk_prompt_audio_prompt_name_prompts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prompt_audio')),
    sa.UniqueConstraint('prompt_name', 'language', name='uq_prompt_audio_prompt_language')
    )
    with op.batch_alter_table('prompt_audio', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prompt_audio_prompt_name'), ['prompt_name'], unique=False)

    op.create_table('simulator_sessions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('flow_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('transcript', sa.JSON(), nullable=False),
    sa.Column('trace', sa.JSON(), nullable=False),
    sa.Column('waiting_for', sa.String(length=32), nullable=True),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('ended', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'],
                            name=op.f('fk_simulator_sessions_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_simulator_sessions'))
    )
    with op.batch_alter_table('simulator_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_simulator_sessions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_simulator_sessions_flow_id'), ['flow_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_simulator_sessions_owner_id'), ['owner_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('simulator_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_simulator_sessions_owner_id'))
        batch_op.drop_index(batch_op.f('ix_simulator_sessions_flow_id'))
        batch_op.drop_index(batch_op.f('ix_simulator_sessions_created_at'))

    op.drop_table('simulator_sessions')
    with op.batch_alter_table('prompt_audio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prompt_audio_prompt_name'))

    op.drop_table('prompt_audio')
    with op.batch_alter_table('flow_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flow_versions_flow_id'))

    op.drop_table('flow_versions')
    op.drop_table('flow_tests')
    op.drop_table('environment_bindings')
    with op.batch_alter_table('entry_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_points_flow_id'))

    op.drop_table('entry_points')
    op.drop_table('edit_locks')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('users')
    op.drop_table('special_days')
    op.drop_table('prompts')
    op.drop_table('flows')
    op.drop_table('emergency_flags')
    op.drop_table('data_tables')
    op.drop_table('business_hours')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_username'))
        batch_op.drop_index(batch_op.f('ix_audit_log_object'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
