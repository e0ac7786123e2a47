"""Fixtures for the consultant pages: two consultants, Anna signed in, a workshop of hers."""

import re

import pytest

from assessment.db import session
from assessment.services.accounts import create_user
from tests.support.accounts import PASSWORD, sign_in


@pytest.fixture
def consultant(app):
    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD)
        create_user(session(), "bert@example.org", "Bert", PASSWORD)
        session().commit()


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
