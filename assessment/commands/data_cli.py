"""`readiness data ...` and `readiness permissions`: the retention rule, and who may use which route."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.db import session
from assessment.permissions import permissions_table
from assessment.services.audit import SYSTEM, Target, record
from assessment.services.lifecycle import apply_retention, due_for_retention


@click.group("data")
def data_group() -> None:
    """Data lifecycle: retention of raw answers."""


@data_group.command("retention")
@click.option("--dry-run", is_flag=True, help="List the workshops that are due; delete nothing.")
@with_appcontext
def retention_command(dry_run: bool) -> None:
    """Delete the raw answers of workshops closed more than RETENTION_MONTHS ago (their figures stay). Run daily."""
    months = current_app.config["RETENTION_MONTHS"]
    if months <= 0:
        click.echo("RETENTION_MONTHS is not set: raw answers are kept")
        return
    if dry_run:
        for workshop in due_for_retention(session(), months):
            click.echo(f"due: workshop {workshop.id} ({workshop.title})")
        return
    purged = apply_retention(session(), months)
    for workshop, count in purged:
        target = Target("workshop", workshop.id, workshop.title, workshop.organisation_id)
        record(session(), SYSTEM, "deleted raw answers (retention)", target, f"{count} responses")
        click.echo(f"workshop {workshop.id} ({workshop.title}): {count} responses deleted, figures kept")
    session().commit()
    click.echo(f"{len(purged)} workshop(s) past {months} months")


@click.command("permissions")
@with_appcontext
def permissions_command() -> None:
    """Print who may use which route (the README's permissions table)."""
    click.echo(permissions_table(current_app), nl=False)
