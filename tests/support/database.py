"""The test database: a throwaway PostgreSQL database per run, and emptying the tables after a test."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from assessment.tables import metadata

KEEP_TABLES = {"alembic_version", "questionnaire_versions"}


def create_postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    """A new, empty database on the server; returns its URL and a function that drops it."""
    name = f"readiness_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def empty_tables(engine: Engine) -> None:
    """Empty every table the tests write to (the shipped questionnaires stay)."""
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name == "teams":  # after everything that refers to a team, questionnaires included
                conn.execute(
                    text("DELETE FROM questionnaire_versions WHERE published_by IS NULL OR published_by != 'shipped'")
                )
            if table.name not in KEEP_TABLES:
                conn.execute(table.delete())
