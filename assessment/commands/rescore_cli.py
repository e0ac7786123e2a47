"""`readiness responses rescore`: score a version's stored responses again, in the background."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext

from assessment.db import session
from assessment.jobqueue import enqueue, jobs
from assessment.services.aggregates import workshops_behind
from assessment.services.rescoring import find_version, submitted_ids
from assessment.tasks.rescoring import BATCH


@click.group("responses")
def responses_group() -> None:
    """Stored responses: score them again; count the dashboards' cells."""


@responses_group.command("rescore")
@click.argument("questionnaire")
@click.argument("version", type=int)
@click.option("--batch", type=click.IntRange(1, 10_000), default=BATCH, show_default=True, help="Responses per commit.")
@with_appcontext
def rescore_command(questionnaire: str, version: int, batch: int) -> None:
    """Score every submitted response of QUESTIONNAIRE VERSION again (summaries and dashboard facts).

    With a worker (REDIS_URL) this starts a job whose progress shows on its page, /jobs/ID;
    without one it runs here.
    """
    found = find_version(session(), questionnaire, version)
    if found is None:
        raise click.ClickException(f"no published questionnaire {questionnaire!r} version {version}")
    total = len(submitted_ids(session(), found.id))
    job_id = enqueue(
        "assessment.tasks.rescoring.rescore_version",
        {"version_id": found.id, "batch": batch},
        kind="rescore",
        description=gettext(
            "Re-scoring %(questionnaire)s version %(version)d", questionnaire=questionnaire, version=version
        ),
        scope=f"version:{found.id}",
        timeout=3600,
    )
    _say_outcome(
        job_id,
        failed="re-scoring failed",
        done=f"{total} response(s) of {questionnaire} version {version} scored again",
        waiting=f"{total} response(s) to score again",
    )


@responses_group.command("cells")
@with_appcontext
def cells_command() -> None:
    """Count the dashboards' cells of every workshop whose cells are behind (after an upgrade).

    With a worker (REDIS_URL) this starts a job; without one it runs here. Nothing to do
    takes one query.
    """
    behind = workshops_behind(session())
    session().rollback()
    if not behind:
        click.echo("dashboard cells: every workshop is counted")
        return
    job_id = enqueue(
        "assessment.tasks.cells.count_cells",
        {},
        kind="cells",
        description=gettext("Counting the dashboards of %(num)d workshop(s)", num=len(behind)),
        scope="cells",
        timeout=6 * 3600,
    )
    _say_outcome(
        job_id,
        failed="counting the dashboard cells failed",
        done=f"dashboard cells counted for {len(behind)} workshop(s)",
        waiting=f"dashboard cells of {len(behind)} workshop(s) to count",
    )


def _say_outcome(job_id: str, *, failed: str, done: str, waiting: str) -> None:
    """What became of a job: run here (done, or failed: exit 1) or waiting for a worker."""
    state = jobs().state(job_id)
    if state is not None and state.status == "failed":
        raise click.ClickException(f"{failed}: {state.error}")
    if state is not None and state.done:
        click.echo(done)
    else:
        click.echo(f"job {job_id}: {waiting}; progress on /jobs/{job_id}")
