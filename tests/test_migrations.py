"""The 0006 migration (peer benchmarks) upgrades and downgrades a SQLite database that holds data:
tables that others reference are altered in place, never copied and dropped."""

import sqlite3

from alembic import command

from tests.support.migrations import database_at_0005

PLAN_ROW = """
INSERT INTO action_plans (organisation_id, response_id, questionnaire_version_id, title, locale, start_date,
  source_summary, order_revision, created_at) VALUES (1, 1, 1, 'P', 'en', '2026-12-01', '{}', 1, '2026-12-01');
"""


def test_benchmark_migration_keeps_data_both_ways(tmp_path):
    path = tmp_path / "old.db"
    config = database_at_0005(path, PLAN_ROW)
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
