"""`readiness benchmark export|import|list`: anonymised peer benchmarks between servers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.db import session
from assessment.services.benchmarks import BenchmarkRefused, export_file, import_file, imports, overview
from assessment.services.questionnaires import listed_versions


@click.group("benchmark")
def benchmark_group() -> None:
    """Peer benchmarks: export an anonymised file, import one from another server."""


@benchmark_group.command("export")
@click.argument("questionnaire_id")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@with_appcontext
def export_command(questionnaire_id: str, output: Path | None) -> None:
    """Write this server's organisations on QUESTIONNAIRE_ID as an anonymised benchmark file (JSON)."""
    try:
        document = export_file(session(), questionnaire_id, datetime.now(UTC))
    except BenchmarkRefused as refused:
        raise click.ClickException(str(refused)) from None
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(document['records'])} organisation(s) to {output}", err=True)


@benchmark_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Import an anonymised benchmark file exported by another server (a new server can start from one)."""
    try:
        outcome = import_file(session(), file.read_bytes(), file.name, None)
    except BenchmarkRefused as refused:
        raise click.ClickException(f"{file}: {refused}") from None
    session().commit()
    batch = outcome.batch
    if not outcome.created:
        click.echo(f"{file.name} was already imported on {batch.imported_at:%Y-%m-%d %H:%M}; nothing added")
    else:
        click.echo(f"imported {batch.records} organisation(s) on '{batch.questionnaire_id}' from {file.name}")


@benchmark_group.command("list")
@with_appcontext
def list_command() -> None:
    """How many peers each questionnaire has: organisations on this server and imported records."""
    ids = sorted({v.questionnaire_id for v in listed_versions(session(), include_unlisted=True)})
    ids += sorted({b.questionnaire_id for b in imports(session())} - set(ids))
    for row in overview(session(), ids):
        click.echo(f"{row['questionnaire_id']}: {row['local']} organisation(s) here, {row['imported']} imported")
