"""`readiness worker` runs background jobs; `readiness jobs ...` looks at them; `readiness campaign bounces`."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from assessment.db import session
from assessment.jobqueue import QUEUE_NAME, ReadinessWorker, RedisJobs, enqueue, jobs, set_worker_app
from assessment.print_path import freeze_heap, warm_print_path
from assessment.services.bounces import bounces_in_path
from assessment.services.campaigns import record_bounces

log = logging.getLogger(__name__)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
@click.option("--no-tick", is_flag=True, help="Do not look for due reminders (another worker does).")
@with_appcontext
def worker_command(burst: bool, no_tick: bool) -> None:
    """Run background jobs from Redis (REDIS_URL): mail, reminders, PDF reports, imports."""
    backend = jobs()
    if not isinstance(backend, RedisJobs):
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inside the web process")
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # Flask's proxy
    _lower_priority(int(app.config["JOB_WORKER_NICE"]))
    set_worker_app(app)
    interval = int(app.config["JOB_MAINTENANCE_INTERVAL"])
    worker = ReadinessWorker(
        [backend.queue],
        connection=backend.redis,
        maintenance_interval=interval,
        # An idle worker waits for work at most worker_ttl - 15 s, then runs its maintenance: so it
        # takes up a dead worker's jobs and its scheduler (retries waiting for their time) within
        # the interval. RQ's default wait is 405 s, during which a retry of a job whose worker
        # held the scheduler was never enqueued (seen in bench/scaleout.py --short).
        worker_ttl=interval + 15,
    )
    worker.heartbeat_grace = int(app.config["JOB_HEARTBEAT_GRACE"])
    if not burst:  # a long-running worker prepares for reports; a burst run starts work at once
        _prepare_for_reports(app)
    if not burst and not no_tick:
        threading.Thread(target=_tick_loop, args=(app, backend), daemon=True, name="tick").start()
    worker.work(burst=burst, with_scheduler=not burst, logging_level="INFO")


def _lower_priority(nice: int) -> None:
    """Where a worker shares the CPU with web servers (one machine, `scripts/start`), a report
    rendering for 1-2 s of CPU would delay every page meanwhile; at a lower priority the
    pages go first and the report waits instead. The Chromium that draws charts inherits it."""
    if nice > 0:
        now = os.nice(nice)
        log.info("worker niceness %d (JOB_WORKER_NICE=%d)", now, nice)


def _prepare_for_reports(app: Flask) -> None:
    """As a web worker's warm-up does (assessment.warmup): the print path warmed, then everything
    loaded hidden from the garbage collector, whose full collections would otherwise walk it again
    and again during each report (about 30% of a report's CPU time, bench/pdf_bench.py)."""
    try:
        warm_print_path(app)
    except Exception:  # noqa: BLE001 - a failed warm-up only makes the first report slower
        log.exception("report warm-up failed; the first report will be slower")
    freeze_heap()


def _tick_loop(app: Flask, backend: RedisJobs) -> None:
    """Every JOB_TICK_SECONDS, one worker (whoever takes the Redis key first) enqueues the tick."""
    every = int(app.config["JOB_TICK_SECONDS"])
    stop = threading.Event()
    while not stop.wait(every):
        try:
            if backend.redis.set(f"{QUEUE_NAME}:tick", "1", nx=True, ex=max(1, every - 1)):
                with app.app_context():
                    enqueue("assessment.tasks.mail.tick", {}, kind="tick", description="due reminders", timeout=300)
        except Exception:  # the worker goes on; the next tick tries again
            log.exception("tick failed")


@click.group("jobs")
def jobs_group() -> None:
    """Background jobs: reminders due, failed jobs."""


@jobs_group.command("tick")
@with_appcontext
def tick_command() -> None:
    """Start sending whatever is due now (what the worker does every minute; for cron without a worker)."""
    from assessment.tasks.mail import tick  # here: the task module loads mail templates and the scoring

    click.echo(f"campaigns with mail due: {tick()['campaigns']}")


@jobs_group.command("failed")
@with_appcontext
def failed_command() -> None:
    """List the failed jobs (the dead letters)."""
    for state in jobs().failed():
        click.echo(f"{state.id}  {state.kind:10}  {state.description}  {state.error}")


@jobs_group.command("retry")
@click.argument("job_id")
@with_appcontext
def retry_command(job_id: str) -> None:
    """Start a failed job again."""
    if not jobs().retry(job_id):
        raise click.ClickException(f"no failed job {job_id}")
    click.echo(f"job {job_id} queued again")


@click.group("campaign")
def campaign_group() -> None:
    """Survey campaigns by e-mail."""


@campaign_group.command("bounces")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@with_appcontext
def bounces_command(source: Path) -> None:
    """Record bounces from a maildir, an mbox, one message or a list of addresses."""
    found = bounces_in_path(source)
    changed = record_bounces(session(), found)
    session().commit()
    click.echo(f"{len(found)} bounce(s) read, {changed} invitation(s) marked as bounced")
