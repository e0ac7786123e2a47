"""Records of imports from other survey tools: the files imported into a workshop, and the column and
value mappings a consultant saved per questionnaire version. The other records are in `models`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.db import Base, utcnow


class ImportBatch(Base):
    """One CSV file imported into a workshop; the file's hash makes a second import a no-op."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("workshop_id", "file_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    file_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int]
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportMapping(Base):
    """How a survey tool's header or value reads for one questionnaire version, as a consultant matched it.

    kind "column": `source` is a normalised header, `target` "answer:<question>", "target:<question>",
    "team", "label" or "" (leave out). kind "value": `source` is a normalised cell value or option
    label of `question_id`, `target` a choice id or "" (leave out).
    """

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("questionnaire_version_id", "kind", "question_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    question_id: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(String(300))
    target: Mapped[str] = mapped_column(String(100))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
