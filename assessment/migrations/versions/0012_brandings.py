"""brandings: report branding per organisation and per consultant

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import assessment.db

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "brandings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_kind", sa.String(length=3), nullable=False),
        sa.Column("accent", sa.String(length=7), nullable=False),
        sa.Column("confidentiality", sa.String(length=200), nullable=False),
        sa.Column("preparer", sa.String(length=200), nullable=False),
        sa.Column("updated_at", assessment.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_brandings_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_brandings_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brandings")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_brandings_organisation_id")),
        sa.UniqueConstraint("user_id", name=op.f("uq_brandings_user_id")),
    )


def downgrade() -> None:
    op.drop_table("brandings")
