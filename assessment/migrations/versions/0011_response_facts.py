"""response facts and workshop cells: dashboards count stored facts with SQL instead of re-reading every response

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 17:30:00

No backfill here: the facts of responses submitted before this revision are stored the first
time their workshop's figures are read (`assessment.services.aggregates`), against the
questionnaire version each was answered on, and `readiness responses rescore` stores them
for a whole version at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import assessment.db


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_responses_workshop_submitted', 'responses', ['workshop_id', 'status', 'submitted_at'],
                    unique=False)
    op.create_table('response_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('num', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_response_facts_response_id_responses'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_facts'))
    )
    op.create_index(op.f('ix_response_facts_response_id'), 'response_facts', ['response_id'], unique=False)
    op.create_table('workshop_cells',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('num', sa.Float(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_cells_workshop_id_workshops'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_cells'))
    )
    op.create_index('uq_workshop_cells_cell', 'workshop_cells', ['workshop_id', 'role', 'kind', 'key', 'text', 'num'],
                    unique=True)
    op.create_table('workshop_tallies',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.Column('newest', assessment.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_tallies_workshop_id_workshops'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', name=op.f('pk_workshop_tallies'))
    )


def downgrade() -> None:
    op.drop_table('workshop_tallies')
    op.drop_index('uq_workshop_cells_cell', table_name='workshop_cells')
    op.drop_table('workshop_cells')
    op.drop_index(op.f('ix_response_facts_response_id'), table_name='response_facts')
    op.drop_table('response_facts')
    op.drop_index('ix_responses_workshop_submitted', table_name='responses')
