"""Consultant accounts: e-mail addresses are unique in any case, passwords long and stored hashed."""

from datetime import timedelta

import pytest

from assessment.services import accounts
from assessment.services.accounts import MIN_PASSWORD, AccountError, authenticate, create_user, find_user, set_password
from assessment.services.sessions import Lifetimes, end_sessions, live_session, start_session
from tests.support.accounts import PASSWORD, PRODUCTION_HASH_METHOD


def test_a_new_account_has_a_lower_case_address_and_a_hashed_password(db):
    user = create_user(db, "  Anna.Berg@Example.ORG ", "  Anna Berg ", PASSWORD)
    assert (user.email, user.name, user.is_admin) == ("anna.berg@example.org", "Anna Berg", False)
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert create_user(db, "no-name@example.org", " ", PASSWORD).name == "no-name@example.org"
    assert find_user(db, "ANNA.BERG@example.org") is user


def test_passwords_are_stored_with_full_strength_scrypt_outside_the_tests(db, monkeypatch):
    monkeypatch.setattr(accounts, "HASH_METHOD", PRODUCTION_HASH_METHOD)  # the suite runs a cheaper one
    user = create_user(db, "cara@example.org", "Cara", PASSWORD)
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert authenticate(db, "cara@example.org", PASSWORD) is user


@pytest.mark.parametrize(
    ("email", "password", "reason"),
    [
        ("anna", PASSWORD, "not an e-mail address"),
        ("anna@example", PASSWORD, "not an e-mail address"),
        ("bert@example.org", "x" * (MIN_PASSWORD - 1), "at least"),
        ("ANNA@example.org", PASSWORD, "exists already"),
    ],
)
def test_an_account_is_refused_with_a_reason(db, user, email, password, reason):
    with pytest.raises(AccountError, match=reason):
        create_user(db, email, "Someone", password)


def test_only_the_right_password_signs_in(db, user):
    assert user.last_login_at is None
    assert authenticate(db, "anna@example.org", "wrong password") is None
    assert authenticate(db, "nobody@example.org", PASSWORD) is None
    assert authenticate(db, "anna@example.org", "") is None
    assert user.last_login_at is None
    assert authenticate(db, " ANNA@example.org", PASSWORD) is user
    assert user.last_login_at is not None


def test_a_new_password_replaces_the_old_and_ends_other_sessions(db, user):
    """As the password page does it: a refused password changes nothing; a new one, then every session ends."""
    lifetimes = Lifetimes(idle=timedelta(hours=1), absolute=timedelta(days=1))
    elsewhere = start_session(db, user)
    with pytest.raises(AccountError):
        set_password(db, user, "short")
    assert live_session(db, elsewhere, lifetimes) is not None
    set_password(db, user, "a much better passphrase")
    assert end_sessions(db, user) == 1
    db.expire_all()
    assert live_session(db, elsewhere, lifetimes) is None and live_session(db, None, lifetimes) is None
    assert authenticate(db, "anna@example.org", PASSWORD) is None
    assert authenticate(db, "anna@example.org", "a much better passphrase") is user
