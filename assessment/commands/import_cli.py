"""`readiness workshop import WORKSHOP FILE [--dry-run]`: answers from a CSV export into a workshop."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.db import session
from assessment.import_messages import IGNORED, problem_text, refusal_text
from assessment.models import Workshop
from assessment.services.imports import (
    FileRefused,
    ImportCheck,
    ImportHasProblems,
    apply_import,
    check_import,
    import_limits,
)
from assessment.services.responses import WorkshopClosed


@click.group("workshop")
def workshop_group() -> None:
    """Workshops from the command line."""


@workshop_group.command("import")
@click.argument("workshop_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only report what would be imported.")
@with_appcontext
def import_command(workshop_id: int, file: Path, dry_run: bool) -> None:
    """Import a CSV or XLSX export of answers (one row per respondent) into a workshop, all rows or none.

    Headers and values are read with the column mapping saved on the import page for the
    workshop's questionnaire version.
    """
    workshop = session().get(Workshop, workshop_id)
    if workshop is None:
        raise click.ClickException(f"no workshop {workshop_id}")
    data = file.read_bytes()
    try:
        if dry_run:
            _report(check_import(session(), workshop, data, file.name, **import_limits(current_app.config)))
            return
        outcome = apply_import(session(), workshop, data, file.name, **import_limits(current_app.config))
    except FileRefused as refused:
        raise click.ClickException(refusal_text(refused)) from None
    except ImportHasProblems as bad:
        _report(bad.check)
        raise click.ClickException("nothing imported: fix the problems above first") from None
    except WorkshopClosed:
        raise click.ClickException("the workshop is not open for answers: reopen it first") from None
    session().commit()
    if outcome.already_imported is not None:
        when = outcome.already_imported.imported_at
        click.echo(f"{file.name} was already imported on {when:%Y-%m-%d %H:%M}; nothing added")
    else:
        click.echo(f"imported {outcome.created} response(s) from {file.name} into workshop {workshop_id}")


def _report(check: ImportCheck) -> None:
    for column in check.matched:
        click.echo(f"column {column.name!r} -> {column.question_id}{' (target)' if column.part == 'target' else ''}")
    for ignored in check.ignored:
        click.echo(f"column {ignored.name!r}: {IGNORED[ignored.reason]}")
    for problem in check.problems:
        where = f"row {problem.row}, " if problem.row is not None else ""
        click.echo(f"{where}{problem.column}: {problem_text(problem)}", err=True)
    if check.withheld_roles:
        click.echo(f"{check.withheld_roles} row(s) give no role (or 'other'): they count in the group 'Other'")
    if check.already_imported is not None:
        click.echo(f"already imported on {check.already_imported.imported_at:%Y-%m-%d %H:%M}")
    click.echo(f"{check.row_count} row(s) read; {check.importable} response(s) would be created")
