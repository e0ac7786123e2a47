"""A SQLite database at revision 0005 holding data, for the tests that migrate it up and down."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config

from assessment.commands.db_cli import alembic_config

# a user, an organisation, a questionnaire version, a workshop and one submitted response
ROWS_0005 = """
INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (1, 'a@x', 'A', 'h', 0, '2026-12-01');
INSERT INTO organisations (id, owner_id, name, created_at) VALUES (1, 1, 'O', '2026-12-01');
INSERT INTO questionnaire_versions (id, questionnaire_id, version, content_hash, source, title, listed, published_at)
  VALUES (1, 'q', 1, 'h', 's', 't', 1, '2026-12-01');
INSERT INTO workshops (id, organisation_id, questionnaire_version_id, title, join_code, link_token, locale,
  anonymity_threshold, created_at) VALUES (1, 1, 1, 'W', 'ABCDEF', 'tok', 'en', 3, '2026-12-01');
INSERT INTO responses (id, token, questionnaire_version_id, workshop_id, role, locale, answers, current_page, status,
  source, revision, created_at, updated_at) VALUES (1, 't1', 1, 1, 'it', 'en', '{}', 0, 'submitted', 'web', 1,
  '2026-12-01', '2026-12-01');
"""


def database_at_0005(path: Path, extra_rows: str = "") -> Config:
    """Create the database at revision 0005 with ROWS_0005 (and `extra_rows`); its Alembic config."""
    config = alembic_config(f"sqlite:///{path}")
    command.upgrade(config, "0005")
    with sqlite3.connect(path) as db:
        db.executescript(ROWS_0005 + extra_rows)
    return config
