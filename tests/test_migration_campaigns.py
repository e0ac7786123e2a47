"""The 0010 migration (survey campaigns) keeps the workshops and their responses both ways on SQLite:
the workshops table, which responses reference, gets its mode column in place."""

import sqlite3

from alembic import command

from tests.support.migrations import database_at_0005


def test_campaign_migration_keeps_workshops_both_ways(tmp_path):
    path = tmp_path / "old.db"
    config = database_at_0005(path)
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
        assert not tables & {"campaigns", "campaign_invitations", "mail_opt_outs"}
