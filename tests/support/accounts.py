"""Consultants' accounts: the tests' password and signing in through the login page."""

from __future__ import annotations

from assessment.services import accounts
from tests.support.client import Client

PASSWORD = "correct horse battery"
PRODUCTION_HASH_METHOD = accounts.HASH_METHOD  # read before the suite lowers it
FAST_HASH_METHOD = "scrypt:1024:8:1"


def use_fast_password_hashes() -> None:
    """Hundreds of tests create and sign in accounts: scrypt at N=2**10 instead of 2**15 (about 5 ms a
    hash instead of 0.15 s). check_password_hash reads N from the stored hash, so signing in is as
    cheap. tests/services/test_accounts.py checks the production setting itself."""
    accounts.HASH_METHOD = FAST_HASH_METHOD


def sign_in(client: Client, email="anna@example.org", password=PASSWORD):
    return client.post("/login", {"email": email, "password": password})


def make_admin(app, email: str) -> None:
    """Make an existing consultant an administrator."""
    from assessment.db import session
    from assessment.models import User

    with app.app_context():
        session().query(User).filter_by(email=email).update({"is_admin": True})
        session().commit()
