"""The audit log: who changed or deleted what, and when, for administrators to read and export.

An entry keeps the names it needs as text, so it still reads right when the account, the
organisation or the workshop is gone. Changes inside an action plan have their own history
(`plans.changes_of`); the log holds what happens to accounts, teams, access and data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessment.models import AuditEvent, User

PARTICIPANT = "participant"
SYSTEM = "system"


@dataclass(frozen=True)
class Target:
    """What an entry is about: its kind, id, a name to read, and the organisation it belongs to."""

    kind: str
    id: int | None
    name: str = ""
    organisation_id: int | None = None


def record(session: Session, actor: User | str, action: str, target: Target, detail: str = "") -> AuditEvent:
    """Add an entry; `actor` is the account, or PARTICIPANT / SYSTEM."""
    event = AuditEvent(
        actor_id=actor.id if isinstance(actor, User) else None,
        actor=actor.email if isinstance(actor, User) else actor,
        action=action,
        target_type=target.kind,
        target_id=target.id,
        target_name=_one_line(target.name)[:300],
        organisation_id=target.organisation_id,
        detail=_one_line(detail)[:2000],
    )
    session.add(event)
    session.flush()
    return event


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def events(session: Session, limit: int = 100, offset: int = 0, since: datetime | None = None) -> list[AuditEvent]:
    """Newest first."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return list(session.scalars(query.limit(limit).offset(offset)))


def count_events(session: Session) -> int:
    return session.scalar(select(func.count(AuditEvent.id))) or 0


EXPORT_HEADER = ["time", "actor", "action", "target_type", "target_id", "target", "organisation_id", "detail"]


def export_rows(session: Session) -> list[list[object]]:
    """Every entry, oldest first, as rows under EXPORT_HEADER."""
    query = select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)
    return [
        [
            event.at.isoformat(timespec="seconds"),
            event.actor,
            event.action,
            event.target_type,
            event.target_id,
            event.target_name,
            event.organisation_id,
            event.detail,
        ]
        for event in session.scalars(query)
    ]
