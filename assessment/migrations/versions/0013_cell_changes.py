"""cell changes: which change last touched a workshop's cell, so a process reads only those

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0 for what is there: a process that kept no cells reads them all anyway
    op.add_column("workshop_tallies", sa.Column("changes", sa.Integer(), server_default="0", nullable=False))
    op.add_column("workshop_cells", sa.Column("change", sa.Integer(), server_default="0", nullable=False))
    op.create_index("ix_workshop_cells_change", "workshop_cells", ["workshop_id", "change"])


def downgrade() -> None:
    op.drop_index("ix_workshop_cells_change", table_name="workshop_cells")
    op.drop_column("workshop_cells", "change")
    op.drop_column("workshop_tallies", "changes")
