"""Fixtures: an app on a temporary database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL names a server), a test client that knows its CSRF token, a CLI runner,
and a respondent answering through the pages. Helpers live in tests/support/; the Hypothesis
profile (quick, or ci with HYPOTHESIS_PROFILE=ci) is loaded here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from app import create_app
from assessment.commands.db_cli import upgrade_database
from assessment.db import session
from assessment.services.questionnaires import sync_directory
from tests.support.client import Client, ReadinessRunner
from tests.support.database import create_postgres_database, empty_tables
from tests.support.paths import QUESTIONNAIRES
from tests.support.profiles import load_hypothesis_profile
from tests.support.survey import Survey

load_hypothesis_profile()  # before the test modules build their @settings


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """A fresh database migrated with Alembic and holding the shipped questionnaires."""
    server = os.environ.get("TEST_DATABASE_URL")
    drop = None
    if server:
        url, drop = create_postgres_database(server)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    upgrade_database(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    with app.app_context():
        sync_directory(session(), QUESTIONNAIRES)
        session().commit()
    app.extensions["readiness_db"].engine.dispose()
    yield url
    if drop:
        drop()


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("READINESS_INSTANCE", str(tmp_path / "instance"))
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": "localhost",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    yield app
    engine = app.extensions["readiness_db"].engine
    empty_tables(engine)
    engine.dispose()


@pytest.fixture
def client(app) -> Client:
    return Client(app.test_client())


@pytest.fixture
def runner(app) -> ReadinessRunner:
    """Runs `readiness ...` commands against the test app, as the console script would."""
    return ReadinessRunner(app)


@pytest.fixture
def survey(client) -> Survey:
    return Survey(client)
