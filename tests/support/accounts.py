"""Consultants' accounts: the tests' password and signing in through the login page."""

from __future__ import annotations

from tests.support.client import Client

PASSWORD = "correct horse battery"


def sign_in(client: Client, email="anna@example.org", password=PASSWORD):
    return client.post("/login", {"email": email, "password": password})
