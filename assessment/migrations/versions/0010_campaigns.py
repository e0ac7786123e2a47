"""campaigns: invitations by e-mail, opt-outs, workshops in invitation mode

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import assessment.db


revision = '0010'
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE on both databases: a batch (copy-and-move) of workshops, which responses
    # reference, would fail on SQLite with foreign keys on and data in it (as 0006 does)
    op.add_column('workshops', sa.Column('mode', sa.String(length=16), server_default='room', nullable=False))

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('sender_name', sa.String(length=200), nullable=False),
    sa.Column('reminder_days', sa.JSON(), nullable=False),
    sa.Column('launched_at', assessment.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('base_url', sa.String(length=300), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', assessment.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_campaigns_workshop_id_workshops')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_campaigns_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('workshop_id', name=op.f('uq_campaigns_workshop_id'))
    )

    op.create_table('campaign_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('unit', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('link_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_at', assessment.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_sent_at', assessment.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminders_sent', sa.Integer(), nullable=False),
    sa.Column('finished', sa.Boolean(), nullable=False),
    sa.Column('bounced_at', assessment.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failure', sa.String(length=500), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('created_at', assessment.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_invitations_campaign_id_campaigns')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_invitations')),
    sa.UniqueConstraint('campaign_id', 'email', name=op.f('uq_campaign_invitations_campaign_id')),
    sa.UniqueConstraint('link_hash', name=op.f('uq_campaign_invitations_link_hash'))
    )
    with op.batch_alter_table('campaign_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_invitations_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('ix_campaign_invitations_email', ['email'], unique=False)

    op.create_table('mail_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', assessment.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_opt_outs')),
    sa.UniqueConstraint('address_hash', name=op.f('uq_mail_opt_outs_address_hash'))
    )


def downgrade() -> None:
    op.drop_table('mail_opt_outs')
    with op.batch_alter_table('campaign_invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_invitations_email')
        batch_op.drop_index(batch_op.f('ix_campaign_invitations_campaign_id'))
    op.drop_table('campaign_invitations')
    op.drop_table('campaigns')
    op.drop_column('workshops', 'mode')  # SQLite 3.35 and later drop a column in place
