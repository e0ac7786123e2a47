"""peer benchmarks: industry and size band of organisations, imported benchmark files; role ids up to 64

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import assessment.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade() -> None:
    # plain ALTER TABLE on both databases: a batch (copy-and-move) of tables that others
    # reference would fail on SQLite with foreign keys on and data in them
    op.add_column('organisations', sa.Column('industry', sa.String(length=40), nullable=True))
    op.add_column('organisations', sa.Column('size_band', sa.String(length=20), nullable=True))
    if not _sqlite():  # SQLite does not enforce a VARCHAR length; the model says 64 either way
        op.alter_column('responses', 'role', existing_type=sa.String(length=20), type_=sa.String(length=64),
                        existing_nullable=True)

    op.create_table('benchmark_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_hash', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('exported', sa.String(length=7), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('imported_by', sa.Integer(), nullable=True),
    sa.Column('imported_at', assessment.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['imported_by'], ['users.id'], name=op.f('fk_benchmark_imports_imported_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benchmark_imports')),
    sa.UniqueConstraint('file_hash', name=op.f('uq_benchmark_imports_file_hash'))
    )
    op.create_table('benchmark_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('industry', sa.String(length=40), nullable=True),
    sa.Column('size_band', sa.String(length=20), nullable=True),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('readiness_index', sa.Float(), nullable=False),
    sa.Column('dimensions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['benchmark_imports.id'], name=op.f('fk_benchmark_records_import_id_benchmark_imports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benchmark_records'))
    )
    with op.batch_alter_table('benchmark_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_benchmark_records_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_benchmark_records_questionnaire_id'), ['questionnaire_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('benchmark_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_benchmark_records_questionnaire_id'))
        batch_op.drop_index(batch_op.f('ix_benchmark_records_import_id'))
    op.drop_table('benchmark_records')
    op.drop_table('benchmark_imports')
    if not _sqlite():
        op.alter_column('responses', 'role', existing_type=sa.String(length=64), type_=sa.String(length=20),
                        existing_nullable=True)
    op.drop_column('organisations', 'size_band')  # SQLite 3.35 and later drop a column in place
    op.drop_column('organisations', 'industry')
