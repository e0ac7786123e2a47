"""Persistent records, declared once with typed SQLAlchemy 2 mappings.

Schema changes go through Alembic revisions in `assessment/migrations/versions/`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.db import Base, utcnow

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"


class QuestionnaireVersion(Base):
    """One published version of a questionnaire file; responses stay pinned to it."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (UniqueConstraint("questionnaire_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(300))
    listed: Mapped[bool] = mapped_column(default=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(200))


class Response(Base):
    """One respondent's answers; `token` is the unguessable resume link."""

    __tablename__ = "responses"
    __table_args__ = (Index("ix_responses_workshop_status", "workshop_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    workshop_id: Mapped[int | None] = mapped_column(index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(80))
    label: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    answers: Mapped[dict] = mapped_column(default=dict)
    current_page: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    result: Mapped[dict | None]
    readiness_index: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(16), default="web")
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": revision}  # optimistic lock: concurrent saves retry

    @property
    def submitted(self) -> bool:
        return self.status == SUBMITTED
