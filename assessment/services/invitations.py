"""One-time invitation links: a client person to one organisation (viewer or editor), or a
consultant to a team. The link is shown once to the person who invites, to copy and send
(e-mail delivery comes later); only its SHA-256 is stored. It works once, until it expires
or is withdrawn.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.db import utcnow
from assessment.models import CLIENT_ROLES, Invitation, Organisation, Team, User
from assessment.services.accounts import EMAIL, create_user, find_user, normalise_email
from assessment.services.teams import CONSULTANT, grant

VALID_FOR = timedelta(days=14)
PREFIX = "inv_"


class InvitationError(ValueError):
    """The invitation cannot be made or accepted; the message says why."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def invite(
    session: Session,
    email: str,
    role: str,
    by: User | None,
    organisation: Organisation | None = None,
    team: Team | None = None,
) -> tuple[Invitation, str]:
    """A new invitation and its secret (for the link). Client roles need `organisation`, a consultant `team`."""
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise InvitationError("this is not an e-mail address")
    existing = find_user(session, email)
    if role in CLIENT_ROLES:
        if organisation is None:
            raise InvitationError("a client is invited to an organisation")
        if existing is not None and existing.team_id == organisation.team_id:
            raise InvitationError("this person is a consultant of the team already")
    elif role == CONSULTANT:
        if team is None:
            raise InvitationError("a consultant is invited to a team")
        if existing is not None:
            raise InvitationError("this person has an account already; an administrator moves it to the team")
    else:
        raise InvitationError(f"unknown role '{role}'")
    secret = PREFIX + secrets.token_urlsafe(32)
    row = Invitation(
        token_hash=_digest(secret),
        email=email,
        role=role,
        organisation_id=organisation.id if organisation is not None and role in CLIENT_ROLES else None,
        team_id=team.id if team is not None and role == CONSULTANT else None,
        created_by=by.id if by else None,
        expires_at=utcnow() + VALID_FOR,
    )
    session.add(row)
    session.flush()
    return row, secret


def pending_invitation(session: Session, secret: str) -> Invitation | None:
    """The invitation behind the link while it can still be used."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    row = session.scalars(select(Invitation).where(Invitation.token_hash == _digest(secret))).first()
    if row is None or row.accepted_at is not None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    return row


def accept(session: Session, invitation: Invitation, user: User) -> None:
    """Give `user` what the invitation offers; it cannot be used again."""
    if normalise_email(user.email) != invitation.email:
        raise InvitationError("this invitation is for another e-mail address")
    if invitation.role == CONSULTANT:
        if user.team_id is not None and user.team_id != invitation.team_id:
            raise InvitationError("this account belongs to another team")
        user.team_id = invitation.team_id
    else:
        organisation = session.get(Organisation, invitation.organisation_id)
        if organisation is None:
            raise InvitationError("the organisation no longer exists")
        grant(session, organisation, user, invitation.role, None)
    invitation.accepted_at = utcnow()
    session.flush()


def register(session: Session, invitation: Invitation, name: str, password: str) -> User:
    """A new account for the invited e-mail (AccountError when it cannot be made), then `accept`."""
    consultant = invitation.role == CONSULTANT
    team = session.get(Team, invitation.team_id) if consultant and invitation.team_id else None
    user = create_user(session, invitation.email, name, password, team=team, client=not consultant)
    accept(session, invitation, user)
    return user


def pending_for(
    session: Session, organisation: Organisation | None = None, team: Team | None = None
) -> list[Invitation]:
    query = select(Invitation).where(
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow()
    )
    if organisation is not None:
        query = query.where(Invitation.organisation_id == organisation.id)
    if team is not None:
        query = query.where(Invitation.team_id == team.id)
    return list(session.scalars(query.order_by(Invitation.created_at)))


def revoke(session: Session, invitation: Invitation) -> None:
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = utcnow()
        session.flush()
