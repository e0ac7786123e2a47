"""Commands that need no database: validate, score, show (and diff) questionnaires."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from scoring import AnswersInvalid, Questionnaire, QuestionnaireInvalid, load_file, parse_answers, score_response
from scoring.diff import diff_questionnaires, diff_text
from scoring.explain import questionnaire_json, result_json, result_text
from scoring.format.loader import validate_text
from scoring.format.yamlread import YamlProblem, read_yaml


def resolve_questionnaire(name: str) -> Path:
    """A file path as given, or the id of a shipped questionnaire."""
    path = Path(name)
    if path.is_file():
        return path
    shipped = Path(current_app.config["QUESTIONNAIRE_DIR"]) / f"{name}.yaml"
    if shipped.is_file():
        return shipped
    raise click.BadParameter(f"no file '{name}' and no shipped questionnaire with that id", param_hint="QUESTIONNAIRE")


def _load(name: str) -> Questionnaire:
    path = resolve_questionnaire(name)
    try:
        return load_file(path)
    except QuestionnaireInvalid as exc:
        click.echo(str(exc), err=True)
        raise click.exceptions.Exit(1) from None


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--no-examples", is_flag=True, help="Check the file only; do not run its examples.")
def validate_command(files: tuple[str, ...], no_examples: bool) -> None:
    """Check questionnaire files and run the examples written into them."""
    failed = False
    for name in files:
        path = Path(name)
        if not path.is_file():
            click.echo(f"{name}: no such file", err=True)
            failed = True
            continue
        report = validate_text(path.read_bytes(), name, run_examples=not no_examples)
        for problem in report.problems:
            click.echo(str(problem))
        q = report.questionnaire
        if report.ok and q is not None:
            click.echo(f"{name}: OK ({len(q.questions)} questions, {report.examples_run} example(s) passed)")
        else:
            failed = True
            click.echo(f"{name}: {len(report.problems)} problem(s)")
    sys.exit(1 if failed else 0)


def read_answers_file(source: str) -> dict[str, Any]:
    """A YAML or JSON mapping of question id to answer; '-' reads standard input."""
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    try:
        doc = read_yaml(data)
    except YamlProblem as exc:
        where = f" (line {exc.line})" if exc.line else ""
        raise click.ClickException(f"{source}{where}: {exc.message}") from None
    if not isinstance(doc.data, dict):
        raise click.ClickException(f"{source}: expected a mapping of question id to answer")
    return doc.data


def checked_locale(q: Questionnaire, locale: str | None) -> str | None:
    """The language asked for, refused with a clear message when the questionnaire is not written in it."""
    if locale is not None and locale not in q.locales:
        raise click.ClickException(
            f"questionnaire '{q.id}' has no '{locale}' texts; it is written in {', '.join(q.locales)}"
        )
    return locale


@click.command("score")
@click.argument("questionnaire")
@click.argument("answers")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--explain", is_flag=True, help="Show what each answer added or cost, and why risks fired.")
@click.option("--locale", default=None, help="Language of titles (default: the questionnaire's).")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False), help="Also write a PDF report here.")
@click.option("--label", default="", help="Organisation or respondent name for the PDF cover.")
@click.option("--page-size", type=click.Choice(["A4", "Letter"]), default="A4", show_default=True)
@with_appcontext
def score_command(
    questionnaire: str,
    answers: str,
    fmt: str,
    explain: bool,
    locale: str | None,
    pdf_path: str | None,
    label: str,
    page_size: str,
) -> None:
    """Score an answers file (question id -> answer) without the web or a database."""
    q = _load(questionnaire)
    locale = checked_locale(q, locale)
    raw = read_answers_file(answers)
    try:
        parsed = parse_answers(q, raw)
    except AnswersInvalid as exc:
        for error in exc.errors:
            click.echo(f"{answers}: question '{error.question_id}': {error.message}", err=True)
        raise click.exceptions.Exit(1) from None
    result = score_response(q, parsed)
    if fmt == "json":
        click.echo(json.dumps(result_json(q, result, locale), indent=2, ensure_ascii=False))
    else:
        click.echo(result_text(q, result, parsed, explain=explain, locale=locale), nl=False)
    if pdf_path:
        from reports.cli_support import write_offline_pdf  # the PDF pipeline loads for --pdf only

        write_offline_pdf(q, parsed, result, Path(pdf_path), label=label, locale=locale, page_size=page_size)
        click.echo(f"PDF written to {pdf_path}", err=True)


@click.group("questionnaire")
def questionnaire_group() -> None:
    """Inspect questionnaires."""


@questionnaire_group.command("show")
@click.argument("questionnaire")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--locale", default=None)
@with_appcontext
def show_command(questionnaire: str, fmt: str, locale: str | None) -> None:
    """Print the normalised questionnaire (ids, types, choices and scores)."""
    q = _load(questionnaire)
    data = questionnaire_json(q, checked_locale(q, locale))
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{data['title']} ({q.id}, version {q.version})")
    for page in data["pages"]:
        click.echo(f"\n[{page['id']}] {page['title']}")
        for item in page["questions"]:
            click.echo(f"  {item['id']} ({item['type']}{', required' if item['required'] else ''}): {item['text']}")
            for choice in item.get("choices", []):
                score = "" if choice["score"] is None else f" [{choice['score']:g}]"
                click.echo(f"      - {choice['id']}{score}: {choice['label']}")


@questionnaire_group.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@with_appcontext
def diff_command(old: str, new: str, as_json: bool) -> None:
    """Show what changed from OLD to NEW: files, shipped ids, or ID@VERSION for a published version.

    Exits 0 when they are the same, 1 when they differ and 2 when a file is not valid (or a
    published version does not exist).
    """
    old_q, new_q = _validated(old), _validated(new)
    if old_q is None or new_q is None:
        sys.exit(2)
    diff = diff_questionnaires(old_q, new_q)
    if as_json:
        click.echo(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(diff_text(diff), nl=False)
    sys.exit(0 if diff.identical else 1)


def _validated(name: str) -> Questionnaire | None:
    """The questionnaire in a file, shipped under that id, or published as ID@VERSION; None after saying why."""
    if "@" in name and not Path(name).exists():
        return _published(name)
    path = resolve_questionnaire(name)
    report = validate_text(path.read_bytes(), str(path), run_examples=False)
    if report.ok:
        return report.questionnaire
    for problem in report.problems:
        click.echo(str(problem), err=True)
    click.echo(f"{path}: {len(report.problems)} problem(s)", err=True)
    return None


def _published(name: str) -> Questionnaire | None:
    """A version stored in the database (published from the browser or shipped), as ID@VERSION."""
    # the database layer loads here, not on top: `readiness validate` imports this module too
    from sqlalchemy import select

    from assessment.db import session
    from assessment.models import QuestionnaireVersion
    from assessment.services.questionnaires import compiled

    questionnaire_id, _, version = name.rpartition("@")
    row = None
    if version.isdigit():
        row = (
            session()
            .scalars(
                select(QuestionnaireVersion).where(
                    QuestionnaireVersion.questionnaire_id == questionnaire_id,
                    QuestionnaireVersion.version == int(version),
                )
            )
            .first()
        )
    if row is None:
        click.echo(f"{name}: no such published version (use ID@VERSION, e.g. executive-pulse@1)", err=True)
        return None
    return compiled(row)


@questionnaire_group.command("sync")
@click.option(
    "--directory",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of YAML files (default: the shipped questionnaires).",
)
@with_appcontext
def sync_command(directory: str | None) -> None:
    """Publish every questionnaire file that is new or has a new version.

    Files that cannot be published are reported and skipped; the others are published all
    the same. Exit status: 0 when every file is published or unchanged; 3 when the only
    refusals are version numbers already taken by different content (for instance a version
    published from the browser); 1 when a file is invalid.
    """
    from assessment.db import session  # here, not on top: `readiness validate` loads no database layer
    from assessment.services.questionnaires import sync_what_can_be

    folder = Path(directory or current_app.config["QUESTIONNAIRE_DIR"])
    published, refused = sync_what_can_be(session(), folder)
    session().commit()
    for item in published:
        state = "published" if item.created else "unchanged"
        click.echo(f"{item.row.questionnaire_id} version {item.row.version}: {state}")
    for name, exc in refused.items():
        click.echo(f"{name}: not published", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
    if refused:
        raise click.exceptions.Exit(3 if all(exc.clash for exc in refused.values()) else 1)
