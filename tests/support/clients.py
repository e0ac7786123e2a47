"""Client people: invited by a consultant through the people page, registered through the link."""

from __future__ import annotations

import re

from tests.support.client import Client

LINK = re.compile(r'id="invitation-link" type="text" readonly value="https?://[^/]+(/invite/[^"]+)"')
CLIENT_PASSWORD = "client password 2027"


def invite(consultant: Client, organisation_id: int, email: str, role: str) -> str:
    made = consultant.post(f"/organisations/{organisation_id}/people", {"email": email, "role": role})
    assert made.status_code == 201, made.get_data(as_text=True)[:2000]
    return LINK.search(made.get_data(as_text=True)).group(1)


def register(app, link: str, name: str = "Hera") -> Client:
    person = Client(app.test_client())
    page = person.get(link)
    assert page.status_code == 200 and "Make my account" in page.get_data(as_text=True)
    made = person.post(link, {"name": name, "new": CLIENT_PASSWORD, "again": CLIENT_PASSWORD})
    assert made.status_code == 302, made.get_data(as_text=True)[:2000]
    person._token = None  # signed in now: a new session, with a new form token
    return person
