"""Fixtures: an app on a temporary database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL names a server), a test client that knows its CSRF token, a CLI runner,
and helpers to answer questionnaires through the pages.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from assessment.cli import cli as readiness_cli
from assessment.commands.db_cli import upgrade_database
from assessment.db import Base, session
from assessment.services.questionnaires import sync_directory

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEEP_TABLES = {"alembic_version", "questionnaire_versions"}


def _create_postgres_database(server_url: str) -> tuple[str, callable]:
    name = f"readiness_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """A fresh database migrated with Alembic and holding the shipped questionnaires."""
    server = os.environ.get("TEST_DATABASE_URL")
    drop = None
    if server:
        url, drop = _create_postgres_database(server)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    upgrade_database(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    with app.app_context():
        sync_directory(session(), ROOT / "questionnaires")
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
    _clean(app)


def _clean(app) -> None:
    """Empty every table the tests write to (the shipped questionnaires stay)."""
    engine = app.extensions["readiness_db"].engine
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name == "teams":  # after everything that refers to a team, questionnaires included
                conn.execute(
                    text("DELETE FROM questionnaire_versions WHERE published_by IS NULL OR published_by != 'shipped'")
                )
            if table.name not in KEEP_TABLES:
                conn.execute(table.delete())
    engine.dispose()


class Client:
    """A Flask test client that fetches and sends the CSRF token like a browser does."""

    def __init__(self, flask_client):
        self.raw = flask_client
        self._token = None

    def csrf(self) -> str:
        if self._token is None:
            page = self.raw.get("/").get_data(as_text=True)
            self._token = CSRF.search(page).group(1)
        return self._token

    def get(self, *args, **kwargs):
        return self.raw.get(*args, **kwargs)

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf())
        response = self.raw.post(url, data=data, **kwargs)
        if url.startswith(("/login", "/logout")):
            self._token = None  # signing in or out starts a new session, with a new token
        return response

    def __getattr__(self, name):
        return getattr(self.raw, name)


@pytest.fixture
def client(app) -> Client:
    return Client(app.test_client())


@pytest.fixture
def runner(app):
    """Runs `readiness ...` commands against the test app, as the console script would."""
    return ReadinessRunner(app)


class ReadinessRunner(FlaskCliRunner):
    def invoke(self, cli=None, args=None, **kwargs):
        return super().invoke(cli or readiness_cli, args, **kwargs)


PULSE_IT_LED = [
    {"role": "it", "stage": "launched-long"},
    {"owner": "it"},
    {"objectives": "generic", "sequence": "platform-first"},
    {"wiifm": "2", "wiifm__target": "4"},
    {"exec-participation": "name-only"},
    {"policy": "none"},
    {"measurement": "logins", "activity-trend": "fading"},
    {"training": "launch"},
    {"community-manager": "none"},
    {"workflow": "1", "workflow__target": "3"},
]
PULSE_HR_LED = [
    {"role": "hr", "stage": "launched-recent"},
    {"owner": "joint"},
    {"objectives": "measurable", "sequence": "case-first"},
    {"wiifm": "4", "wiifm__target": "5"},
    {"exec-participation": "some"},
    {"policy": "guidelines"},
    {"measurement": "engagement", "activity-trend": "growing"},
    {"training": "everyone"},
    {"community-manager": "dedicated"},
    {"workflow": "3", "workflow__target": "4"},
]


def answers_of(pages: list[dict]) -> dict:
    """The answers a participant posted page by page, as one answer set (scale targets folded in)."""
    answers: dict = {}
    for page in pages:
        for key, value in page.items():
            if key.endswith("__target"):
                answers[key[: -len("__target")]] = {"current": answers[key[: -len("__target")]], "target": value}
            else:
                answers[key] = value
    return answers


class Survey:
    """Drives a questionnaire through its pages the way a respondent does."""

    def __init__(self, client: Client):
        self.client = client

    def start(self, questionnaire: str = "executive-pulse", label: str = "") -> str:
        response = self.client.post("/start", {"questionnaire": questionnaire, "label": label})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response.headers["Location"].split("/")[2]

    def answer(self, token: str, pages: list[dict], start: int = 0) -> None:
        for number, answers in enumerate(pages, start):
            response = self.client.post(f"/r/{token}/page/{number}", {**answers, "action": "next"})
            assert response.status_code == 302, (number, response.get_data(as_text=True)[:2000])

    def submit(self, token: str):
        return self.client.post(f"/r/{token}/submit")

    def complete(self, pages: list[dict] = PULSE_IT_LED, label: str = "") -> str:
        token = self.start(label=label)
        self.answer(token, pages)
        assert self.submit(token).status_code == 302
        return token


@pytest.fixture
def survey(client) -> Survey:
    return Survey(client)
