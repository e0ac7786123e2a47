"""What dashboards count: each submitted response's facts, and per workshop those facts counted.

`ResponseFact` rows are written once per response (at submit, import or re-scoring) from
`scoring.group.facts`; `WorkshopCell` rows hold them counted by (role, kind, key, text, num),
kept current by every submission, import, deletion and re-scoring, and rebuilt by one GROUP
BY only when `WorkshopTally` says they are behind (after the upgrade to 0011). The other
records are in `models`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.db import Base

FACT_TEXT_LENGTH = 200


class ResponseFact(Base):
    """One countable fact of a submitted response (see `scoring.group.facts`)."""

    __tablename__ = "response_facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(FACT_TEXT_LENGTH))
    num: Mapped[float] = mapped_column(Float)


class WorkshopCell(Base):
    """How many of a workshop's submitted responses share one fact and role ("" for none)."""

    __tablename__ = "workshop_cells"
    __table_args__ = (
        Index("uq_workshop_cells_cell", "workshop_id", "role", "kind", "key", "text", "num", unique=True),
        Index("ix_workshop_cells_change", "workshop_id", "change"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(FACT_TEXT_LENGTH))
    num: Mapped[float] = mapped_column(Float)
    count: Mapped[int]
    change: Mapped[int] = mapped_column(server_default="0")  # the tally's `changes` when this count last moved


class WorkshopTally(Base):
    """Which submissions a workshop's cells count: their number and the newest submission time.

    When these differ from the workshop's submitted responses, the cells are behind and get
    rebuilt (by the background job; by a reader as the last resort). Every change locks this
    row before it counts, so changes to one workshop's cells follow each other.
    `generation` grows when cells are taken away or counted anew (a deletion, an undone import,
    a re-scoring, a rebuild), so that what a process kept of the old cells is not used again.
    `changes` grows with every count added to the cells, and each cell it moved keeps that
    number (`WorkshopCell.change`): a process that kept the cells at an earlier `changes`, of
    the same generation, reads just the cells changed since.
    """

    __tablename__ = "workshop_tallies"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    responses: Mapped[int]
    newest: Mapped[datetime | None]
    generation: Mapped[int] = mapped_column(default=0)
    changes: Mapped[int] = mapped_column(default=0, server_default="0")
