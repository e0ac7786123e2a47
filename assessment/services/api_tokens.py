"""Per-consultant tokens for the read-only JSON API.

A token is shown once, when it is made; only its SHA-256 is stored, so a copy of the database
does not hand out API access. Revoking sets `revoked_at`; a revoked token never works again.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.db import utcnow
from assessment.models import ApiToken, User

log = logging.getLogger(__name__)
PREFIX = "rdy_"
MAX_ACTIVE = 20
LAST_USED_EVERY = timedelta(minutes=5)  # write `last_used_at` at most this often per token


class TokenLimit(ValueError):
    pass


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored row, and the secret to show once."""
    if len(active_tokens(session, user)) >= MAX_ACTIVE:
        raise TokenLimit(f"at most {MAX_ACTIVE} active tokens per person")
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=" ".join(name.split())[:100], prefix=secret[:12], token_hash=_digest(secret))
    session.add(row)
    session.flush()
    log.info("user %s created API token %s (%s)", user.id, row.id, row.prefix)
    return row, secret


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    return list(session.scalars(query))


def active_tokens(session: Session, user: User) -> list[ApiToken]:
    return [row for row in tokens_of(session, user) if row.revoked_at is None]


def revoke_token(session: Session, user: User, token_id: int) -> ApiToken | None:
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        return None
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        log.info("user %s revoked API token %s (%s)", user.id, row.id, row.prefix)
    return row


def revoke_all(session: Session, user: User) -> int:
    """Revoke every active token of `user` (a changed password, a person who left); how many."""
    rows = active_tokens(session, user)
    now = utcnow()
    for row in rows:
        row.revoked_at = now
    if rows:
        log.info("revoked all %d API token(s) of user %s", len(rows), user.id)
    return len(rows)


def user_for_token(session: Session, secret: str) -> User | None:
    """The owner of a valid, unrevoked token of an enabled account; None for anything else.
    Flushes the token's last use."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _digest(secret))).first()
    if row is None or row.revoked_at is not None or row.user.disabled_at is not None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
        row.last_used_at = now
        session.flush()
    return row.user
