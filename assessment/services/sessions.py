"""Signed-in sessions kept on the server, so that ending one takes effect at once.

The browser's cookie carries only a random key; the database keeps its SHA-256, who it
belongs to, when it started and when it was last used. Signing out, a password change,
disabling an account and "sign out everywhere" end the rows, and a copy of the cookie made
earlier stops working with them. A session ends by itself after `idle` without use and
after `absolute` in any case.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from assessment.db import utcnow
from assessment.models import User, UserSession

TOUCH_EVERY = timedelta(minutes=1)  # write `last_seen_at` at most this often per session


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    absolute: timedelta


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def start_session(session: Session, user: User, address: str = "", agent: str = "") -> str:
    """A new session for `user`; returns the secret for the cookie (only its hash is stored)."""
    secret = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_digest(secret), user_id=user.id, address=address[:64], agent=agent[:200]))
    session.flush()
    return secret


def session_by_secret(session: Session, secret: str | None) -> UserSession | None:
    if not secret or len(secret) > 100:
        return None
    return session.scalars(select(UserSession).where(UserSession.token_hash == _digest(secret))).first()


def live_session(
    session: Session, secret: str | None, lifetimes: Lifetimes, now: datetime | None = None
) -> UserSession | None:
    """The session behind the cookie while it lives and its account is enabled; records its use."""
    row = session_by_secret(session, secret)
    now = now or utcnow()
    if row is None or row.ended_at is not None or row.user.disabled_at is not None:
        return None
    if now - row.created_at > lifetimes.absolute or now - row.last_seen_at > lifetimes.idle:
        row.ended_at = now
        session.flush()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
    return row


def end_session(session: Session, secret: str | None) -> None:
    row = session_by_secret(session, secret)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        session.flush()


def end_sessions(session: Session, user: User, keep: UserSession | None = None) -> int:
    """End every session of `user` (but `keep`); how many were ended."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    outcome = cast(
        CursorResult[Any], session.execute(query.values(ended_at=utcnow()).execution_options(synchronize_session=False))
    )
    session.flush()
    return outcome.rowcount


def open_sessions(session: Session, user: User) -> list[UserSession]:
    query = select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    return list(session.scalars(query.order_by(UserSession.last_seen_at.desc())))
