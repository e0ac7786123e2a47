"""The 0006 migration (peer benchmarks) upgrades and downgrades a SQLite database that holds data:
tables that others reference are altered in place, never copied and dropped."""

import sqlite3

from alembic import command

from assessment.commands.db_cli import alembic_config

ROWS = """
INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (1, 'a@x', 'A', 'h', 0, '2026-12-01');
INSERT INTO organisations (id, owner_id, name, created_at) VALUES (1, 1, 'O', '2026-12-01');
INSERT INTO questionnaire_versions (id, questionnaire_id, version, content_hash, source, title, listed, published_at)
  VALUES (1, 'q', 1, 'h', 's', 't', 1, '2026-12-01');
INSERT INTO workshops (id, organisation_id, questionnaire_version_id, title, join_code, link_token, locale,
  anonymity_threshold, created_at) VALUES (1, 1, 1, 'W', 'ABCDEF', 'tok', 'en', 3, '2026-12-01');
INSERT INTO responses (id, token, questionnaire_version_id, workshop_id, role, locale, answers, current_page, status,
  source, revision, created_at, updated_at) VALUES (1, 't1', 1, 1, 'it', 'en', '{}', 0, 'submitted', 'web', 1,
  '2026-12-01', '2026-12-01');
INSERT INTO action_plans (organisation_id, response_id, questionnaire_version_id, title, locale, start_date,
  source_summary, order_revision, created_at) VALUES (1, 1, 1, 'P', 'en', '2026-12-01', '{}', 1, '2026-12-01');
"""


def test_benchmark_migration_keeps_data_both_ways(tmp_path):
    path = tmp_path / "old.db"
    config = alembic_config(f"sqlite:///{path}")
    command.upgrade(config, "0005")
    with sqlite3.connect(path) as db:
        db.executescript(ROWS)
    command.upgrade(config, "head")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name, industry, size_band FROM organisations").fetchall() == [("O", None, None)]
        assert db.execute("SELECT count(*) FROM benchmark_records").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM responses").fetchone() == (1,)
    command.downgrade(config, "0005")
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(organisations)")]
        assert "industry" not in columns and db.execute("SELECT count(*) FROM action_plans").fetchone() == (1,)
    command.upgrade(config, "head")
