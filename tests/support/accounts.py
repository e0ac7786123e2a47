"""Consultants' accounts: the tests' password and signing in through the login page."""

from __future__ import annotations

from tests.support.client import Client

PASSWORD = "correct horse battery"


def sign_in(client: Client, email="anna@example.org", password=PASSWORD):
    return client.post("/login", {"email": email, "password": password})


def make_admin(app, email: str) -> None:
    """Make an existing consultant an administrator."""
    from assessment.db import session
    from assessment.models import User

    with app.app_context():
        session().query(User).filter_by(email=email).update({"is_admin": True})
        session().commit()
