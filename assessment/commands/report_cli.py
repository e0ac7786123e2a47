"""`readiness report RESPONSE -o FILE.pdf`: a stored response's report from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from assessment.commands.questionnaire_cli import checked_locale
from assessment.db import session
from assessment.models import Response
from assessment.services.responses import result_of
from reports.cli_support import write_offline_pdf


@click.command("report")
@click.argument("response")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="PDF file to write.")
@click.option("--page-size", type=click.Choice(["A4", "Letter"]), default="A4", show_default=True)
@click.option("--locale", default=None, help="Language (default: the one the response was answered in).")
@with_appcontext
def report_command(response: str, output: str, page_size: str, locale: str | None) -> None:
    """Write the PDF readiness report of a submitted response (its id or its link token)."""
    query = (
        select(Response).where(Response.id == int(response))
        if response.isdigit()
        else (select(Response).where(Response.token == response))
    )
    found = session().scalars(query).first()
    if found is None:
        raise click.ClickException(f"no response '{response}'")
    if not found.submitted:
        raise click.ClickException(f"response {found.id} is not submitted yet")
    q, answers, result = result_of(found)
    locale = checked_locale(q, locale)
    write_offline_pdf(
        q,
        answers,
        result,
        Path(output),
        label=found.label or "",
        locale=locale or found.locale,
        page_size=page_size,
        when=found.submitted_on,
    )
    click.echo(f"wrote {output}")
