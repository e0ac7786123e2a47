"""Accounts: creation, password checks, disabling and deleting."""

from __future__ import annotations

import re

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from assessment.db import utcnow
from assessment.models import (
    ActionChange,
    ActionItem,
    ActionPlan,
    AgreedAnswer,
    ApiToken,
    Invitation,
    Membership,
    Organisation,
    QuestionnaireDraft,
    Team,
    User,
    UserSession,
)
from assessment.models_benchmarks import BenchmarkImport
from assessment.models_branding import BrandingRecord
from assessment.models_imports import ImportBatch
from assessment.services.teams import team_of_their_own

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# Werkzeug's scrypt at its defaults (N=2**15, r=8, p=1: about 0.1 s a hash on one core). The test
# suite lowers it (tests/conftest.py), because hundreds of tests sign someone in; nothing else may.
HASH_METHOD = "scrypt"
# Checked against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=HASH_METHOD)


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def create_user(
    session: Session,
    email: str,
    name: str,
    password: str,
    is_admin: bool = False,
    team: Team | None = None,
    client: bool = False,
) -> User:
    """A consultant of `team` (a team of their own when none is given), or with `client` a client
    person, who reaches organisations only through the memberships they are given."""
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"'{email[:254]}' is not an e-mail address")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if find_user(session, email) is not None:
        raise AccountError(f"a user with the e-mail {email} exists already")
    name = " ".join(name.split())[:200] or email
    if not client and team is None:
        team = team_of_their_own(session, name, email)
    user = User(
        email=email,
        name=name,
        password_hash=generate_password_hash(password, HASH_METHOD),
        is_admin=is_admin,
        team_id=team.id if team is not None and not client else None,
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    user.password_hash = generate_password_hash(password, HASH_METHOD)
    session.flush()


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password or "")


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The account when the password is right and the account is not disabled."""
    user = find_user(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not password_matches(user, password) or user.disabled_at is not None:
        return None
    user.last_login_at = utcnow()
    return user


def disable_user(session: Session, user: User) -> None:
    """The account can no longer sign in or use its API tokens; its sessions end (see sessions)."""
    if user.disabled_at is None:
        user.disabled_at = utcnow()
    session.flush()


def enable_user(session: Session, user: User) -> None:
    user.disabled_at = None
    session.flush()


def delete_user(session: Session, user: User) -> None:
    """Delete the account: its drafts, tokens, sessions and memberships go; what it did stays,
    without its name (plans, history, organisations, imports and benchmark files are the team's or everyone's)."""
    for column in (
        Organisation.owner_id,
        ActionPlan.created_by,
        ActionItem.updated_by,
        ActionChange.user_id,
        AgreedAnswer.recorded_by,
        ImportBatch.imported_by,
        BenchmarkImport.imported_by,
        Membership.created_by,
        Invitation.created_by,
    ):
        session.execute(update(column.class_).where(column == user.id).values({column.key: None}))
    for model, column in (
        (QuestionnaireDraft, QuestionnaireDraft.owner_id),
        (ApiToken, ApiToken.user_id),
        (UserSession, UserSession.user_id),
        (Membership, Membership.user_id),
        (BrandingRecord, BrandingRecord.user_id),
    ):
        session.execute(delete(model).where(column == user.id))
    session.delete(user)
    session.flush()
