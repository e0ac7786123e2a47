"""Records of peer benchmarks imported from other servers: the files and their anonymised organisations.
The other records are in `models`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.db import Base, utcnow


class BenchmarkImport(Base):
    """One anonymised benchmark file imported from another server; its hash makes a second import a no-op."""

    __tablename__ = "benchmark_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_hash: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(200))
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    exported: Mapped[str] = mapped_column(String(7))  # the month the other server exported it
    records: Mapped[int]
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class BenchmarkRecord(Base):
    """One anonymised organisation of an imported benchmark file: a peer, nothing that names it."""

    __tablename__ = "benchmark_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("benchmark_imports.id"), index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    industry: Mapped[str | None] = mapped_column(String(40))
    size_band: Mapped[str | None] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(7))
    readiness_index: Mapped[float]
    dimensions: Mapped[dict[str, Any]] = mapped_column(default=dict)
