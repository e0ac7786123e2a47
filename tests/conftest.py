"""Fixtures: an app on a temporary database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL names a server), a test client that knows its CSRF token, a CLI runner,
and a respondent answering through the pages. Helpers live in tests/support/; the Hypothesis
profile (quick, or ci with HYPOTHESIS_PROFILE=ci) is loaded here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from redis import Redis

from app import create_app
from assessment.commands.db_cli import upgrade_database
from assessment.db import session
from assessment.services.aggregates import forget_kept_cells
from assessment.services.questionnaires import sync_directory
from tests.support.accounts import use_fast_password_hashes
from tests.support.client import Client, ReadinessRunner
from tests.support.database import create_postgres_database, empty_tables
from tests.support.mail import MailServer
from tests.support.paths import QUESTIONNAIRES
from tests.support.profiles import load_hypothesis_profile
from tests.support.redis_server import redis_url
from tests.support.survey import Survey

load_hypothesis_profile()  # before the test modules build their @settings
use_fast_password_hashes()


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
def app_settings() -> dict:
    """Extra settings for the `app` fixture; a test module overrides it (a mail server, Redis)."""
    return {}


@pytest.fixture
def app(database_url, tmp_path, monkeypatch, app_settings):
    monkeypatch.setenv("READINESS_INSTANCE", str(tmp_path / "instance"))
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": "localhost",
            "RATELIMIT_STORAGE_URI": "memory://",
            **app_settings,
        }
    )
    yield app
    engine = app.extensions["readiness_db"].engine
    empty_tables(engine)
    engine.dispose()
    forget_kept_cells()  # the next test's workshop 1 is another workshop


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on a free loopback port, keeping every message it accepts."""
    with MailServer() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[str]:
    """A real Redis: TEST_REDIS_URL (scripts/test starts one), else a redis-server started here."""
    with redis_url(tmp_path_factory.mktemp("redis")) as url:
        if url is None:
            pytest.skip("no Redis: set TEST_REDIS_URL or install redis-server (scripts/setup --test does)")
        yield url


@pytest.fixture
def redis_clean(redis_server) -> str:
    """The Redis URL, emptied for this test."""
    Redis.from_url(redis_server).flushdb()
    return redis_server


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
