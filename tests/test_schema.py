"""The tables the migrations build are the tables the models describe, on the database under test."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from assessment.tables import metadata


def test_migrations_build_the_schema_the_models_describe(database_url):
    engine = create_engine(database_url)
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            # SQLite neither enforces VARCHAR lengths nor tells FLOAT from DOUBLE, and 0006 leaves
            # responses.role at its declared 20 there on purpose: types are compared on PostgreSQL
            context = MigrationContext.configure(connection, opts={"compare_type": not sqlite})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []
