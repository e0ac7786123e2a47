"""Fixtures for the use-cases without HTTP: the database session a request would use, a
consultant, the executive pulse as published, an organisation and a workshop on it."""

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from assessment.db import session
from assessment.models import Organisation, QuestionnaireVersion, User, Workshop
from assessment.services.accounts import create_user
from assessment.services.questionnaires import latest_version
from assessment.services.workshops import create_organisation, create_workshop
from tests.support.accounts import PASSWORD


@pytest.fixture
def db(app) -> Iterator[Session]:
    """The session of one request or command; what is not committed is rolled back at the end."""
    with app.app_context():
        yield session()


@pytest.fixture
def user(db) -> User:
    return create_user(db, "anna@example.org", "Anna", PASSWORD)


@pytest.fixture
def pulse_version(db) -> QuestionnaireVersion:
    return latest_version(db, "executive-pulse")


@pytest.fixture
def organisation(db, user) -> Organisation:
    return create_organisation(db, user, "ACME")


@pytest.fixture
def workshop(db, organisation, pulse_version) -> Workshop:
    return create_workshop(db, organisation, pulse_version, "Kick-off")
