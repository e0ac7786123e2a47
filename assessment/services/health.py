"""What `/healthz` asks of the database: that it answers, and that it takes a write."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, text, update
from sqlalchemy.orm import Session

from assessment.db import utcnow
from assessment.models import Heartbeat


def database_answers(session: Session) -> None:
    """Raises when the database does not answer."""
    session.execute(text("SELECT 1"))


def write_heartbeat(session: Session) -> None:
    """Update the one heartbeat row (made if missing); the caller commits, which is where a full disk shows."""
    outcome = cast(
        CursorResult[Any], session.execute(update(Heartbeat).where(Heartbeat.id == 1).values(beat_at=utcnow()))
    )
    if outcome.rowcount == 0:
        session.add(Heartbeat(id=1))
    session.flush()
