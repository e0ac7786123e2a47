"""Fixtures for the consultant pages: two consultants, Anna signed in, a workshop of hers."""

import re

import pytest

from assessment.db import session
from assessment.services.accounts import create_user
from tests.conftest import Client

PASSWORD = "correct horse battery"


@pytest.fixture
def consultant(app):
    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD)
        create_user(session(), "bert@example.org", "Bert", PASSWORD)
        session().commit()


def sign_in(client: Client, email="anna@example.org", password=PASSWORD):
    return client.post("/login", {"email": email, "password": password})


@pytest.fixture
def anna(client, consultant):
    assert sign_in(client).status_code == 302
    return client


@pytest.fixture
def workshop(anna):
    """Anna's organisation and workshop on the executive pulse; returns (workshop id, code, link token)."""
    created = anna.post("/organisations", {"name": "ACME"})
    organisation_id = int(created.headers["Location"].rsplit("/", 1)[1])
    made = anna.post(
        f"/organisations/{organisation_id}/workshops",
        {"title": "Kick-off", "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"},
    )
    assert made.status_code == 302, made.get_data(as_text=True)[:2000]
    workshop_id = int(made.headers["Location"].rsplit("/", 1)[1])
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    code = re.search(r'class="join-code"[^>]*>([A-Z0-9]{6})<', page).group(1)
    token = re.search(r"/w/([A-Za-z0-9_-]+)", page).group(1)
    return workshop_id, code, token


def new_workshop(client: Client, beside: int, title: str = "Follow-up", baseline: int | None = None) -> tuple[int, str]:
    """Another workshop on the pulse in the organisation of workshop `beside`; returns (id, link token)."""
    page = client.get(f"/workshops/{beside}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    form = {"title": title, "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"}
    made = client.post(f"/organisations/{organisation_id}/workshops", {**form, "baseline": str(baseline or "")})
    assert made.status_code == 302, made.get_data(as_text=True)[:1000]
    workshop_id = int(made.headers["Location"].rsplit("/", 1)[1])
    link = re.search(r"/w/([A-Za-z0-9_-]+)", client.get(f"/workshops/{workshop_id}").get_data(as_text=True)).group(1)
    return workshop_id, link


def participate(app, token, pages, team=""):
    """A participant in a fresh browser session: join by link, answer, submit."""
    participant = Client(app.test_client())
    joined = participant.post(f"/w/{token}", {"team": team})
    assert joined.status_code == 302, joined.get_data(as_text=True)[:1000]
    response_token = joined.headers["Location"].split("/")[2]
    for number, answers in enumerate(pages):
        assert participant.post(f"/r/{response_token}/page/{number}", {**answers, "action": "next"}).status_code == 302
    assert participant.post(f"/r/{response_token}/submit").status_code == 302
    return participant, response_token


def with_role(pages, role):
    return [{**pages[0], "role": role}, *pages[1:]]
