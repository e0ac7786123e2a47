"""Migration 0007 on a database with data: every consultant gets a team that owns their organisations."""

import os

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from assessment.commands.db_cli import alembic_config
from tests.support.database import create_postgres_database

NOW = "2026-11-01 10:00:00+00:00"


@pytest.fixture
def old_database(tmp_path):
    """A database at revision 0006 (before teams), with two consultants, an admin and their things."""
    server = os.environ.get("TEST_DATABASE_URL")
    drop = None
    if server:
        url, drop = create_postgres_database(server)
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0006")
    engine = create_engine(url)
    with engine.begin() as conn:
        for user_id, email, name, admin in (
            (1, "anna@example.org", "Anna", False),
            (2, "bert@example.org", "Bert", False),
            (3, "root@example.org", "Anna", True),
        ):
            conn.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, is_admin, created_at) "
                    "VALUES (:id, :email, :name, 'scrypt:x', :admin, :now)"
                ),
                {"id": user_id, "email": email, "name": name, "admin": admin, "now": NOW},
            )
        for org_id, owner in ((1, 1), (2, 1), (3, 2)):
            conn.execute(
                text("INSERT INTO organisations (id, owner_id, name, created_at) VALUES (:id, :owner, :name, :now)"),
                {"id": org_id, "owner": owner, "name": f"Client {org_id}", "now": NOW},
            )
        for version_id, by in ((1, "shipped"), (2, "anna@example.org"), (3, "root@example.org")):
            conn.execute(
                text(
                    "INSERT INTO questionnaire_versions (id, questionnaire_id, version, content_hash, source, title,"
                    " listed, published_at, published_by) VALUES (:id, :qid, 1, 'h', 's', 't', true, :now, :by)"
                ),
                {"id": version_id, "qid": f"q{version_id}", "now": NOW, "by": by},
            )
    yield url, engine
    engine.dispose()
    if drop:
        drop()


def test_existing_consultants_get_a_team_owning_their_organisations(old_database):
    url, engine = old_database
    command.upgrade(alembic_config(url), "head")
    with engine.connect() as conn:
        teams = dict(conn.execute(text("SELECT u.email, t.name FROM users u JOIN teams t ON t.id = u.team_id")).all())
        organisations = dict(
            conn.execute(text("SELECT o.id, u.email FROM organisations o JOIN users u ON u.team_id = o.team_id")).all()
        )
        versions = dict(conn.execute(text("SELECT id, team_id FROM questionnaire_versions")).all())
        anna_team = conn.execute(text("SELECT team_id FROM users WHERE id = 1")).scalar_one()
    assert teams == {
        "anna@example.org": "Anna (anna@example.org)",  # two accounts are called Anna
        "bert@example.org": "Bert",
        "root@example.org": "Anna (root@example.org)",
    }
    assert organisations == {1: "anna@example.org", 2: "anna@example.org", 3: "bert@example.org"}
    assert versions == {1: None, 2: anna_team, 3: None}  # shipped and admins' questionnaires stay everyone's


def test_the_migration_goes_back_down(old_database):
    url, engine = old_database
    command.upgrade(alembic_config(url), "head")
    command.downgrade(alembic_config(url), "0006")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM organisations")).scalar_one() == 3
