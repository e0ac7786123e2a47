"""Report branding: one record per organisation, and one per consultant as the default for the
organisations they own. The other records are in `models`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.db import Base, utcnow


class BrandingRecord(Base):
    """A logo (checked PNG or sanitised SVG, see `reports.logo`), an accent colour ("#rrggbb"),
    a confidentiality line and the preparer's name; exactly one of organisation and user is set."""

    __tablename__ = "brandings"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_kind: Mapped[str] = mapped_column(String(3), default="")
    accent: Mapped[str] = mapped_column(String(7), default="")
    confidentiality: Mapped[str] = mapped_column(String(200), default="")
    preparer: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
