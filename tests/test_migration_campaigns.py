"""The 0010 migration (survey campaigns) keeps the workshops and their responses both ways on SQLite:
the workshops table, which responses reference, gets its mode column in place."""

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
"""


def test_campaign_migration_keeps_workshops_both_ways(tmp_path):
    path = tmp_path / "old.db"
    config = alembic_config(f"sqlite:///{path}")
    command.upgrade(config, "0005")
    with sqlite3.connect(path) as db:
        db.executescript(ROWS)
    command.upgrade(config, "0010")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT title, mode FROM workshops").fetchall() == [("W", "room")]
        assert db.execute("SELECT count(*) FROM campaigns").fetchone() == (0,)
    command.downgrade(config, "0006")
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(workshops)")]
        assert "mode" not in columns
        assert db.execute("SELECT count(*) FROM responses WHERE workshop_id = 1").fetchone() == (1,)
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not tables & {"campaigns", "invitations", "mail_opt_outs"}
