"""Consultant accounts: creation, password checks, and who is signed in."""

from __future__ import annotations

import hmac
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from assessment.db import utcnow
from assessment.models import User

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# Checked against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def create_user(session: Session, email: str, name: str, password: str, is_admin: bool = False) -> User:
    email = normalise_email(email)
    if not EMAIL.match(email):
        raise AccountError(f"'{email}' is not an e-mail address")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if find_user(session, email) is not None:
        raise AccountError(f"a user with the e-mail {email} exists already")
    user = User(
        email=email,
        name=name.strip() or email,
        password_hash=generate_password_hash(password, "scrypt"),
        is_admin=is_admin,
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    user.password_hash = generate_password_hash(password, "scrypt")
    session.flush()


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    user.last_login_at = utcnow()
    return user


def session_stamp(user: User) -> str:
    """Changes when the password changes, which signs out every other session of the user."""
    return user.password_hash[-16:]


def stamp_matches(user: User, stamp: str | None) -> bool:
    return stamp is not None and hmac.compare_digest(session_stamp(user), stamp)
