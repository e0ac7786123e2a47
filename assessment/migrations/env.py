"""Alembic environment: the URL and metadata come from the app, never from alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from assessment.db import make_engine
from assessment.tables import metadata

config = context.config
target_metadata = metadata


def run(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # batch mode copies and drops tables that others refer to; the checks would refuse the drop
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # the pragma began a transaction: end it, so the migrations run (and commit) in their own
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("Alembic was given neither a connection nor a sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as conn:
        run(conn)
    engine.dispose()
