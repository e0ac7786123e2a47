"""Background jobs: RQ on Redis when REDIS_URL is set, else run at once in the asking process.

A job names a task by its dotted path (`assessment.tasks.mail.send_campaign`) and passes
plain keyword arguments. The worker (`readiness worker`) runs each job in a fresh app
context; a job that raises is retried (JOB_RETRIES times, after 10 s, 1 min, 5 min) and then
lands among the failed jobs, where admins and consultants see it and retry it (/jobs/failed).
A worker killed mid-job leaves the job in RQ's started registry; once the job's timeout and
JOB_HEARTBEAT_GRACE have passed, any worker's maintenance takes it up again (RQ's own
abandoned-job handling, with the same retries).

Without REDIS_URL the job runs inside the request that asks for it (one process, as
`readiness run` serves), and its state is kept in that process for an hour.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app
from redis import Redis
from rq import Queue, Retry, SimpleWorker, get_current_job
from rq.defaults import DEFAULT_WORKER_TTL
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry

log = logging.getLogger(__name__)
QUEUE_NAME = "readiness"
RETRY_INTERVALS = [10, 60, 300]
RESULT_TTL = 3600
FAILURE_TTL = 14 * 86400


@dataclass
class JobState:
    """What a page shows about a job: never its arguments (they may hold addresses)."""

    id: str
    status: str  # queued, scheduled, started, finished, failed
    kind: str = ""
    description: str = ""
    owner_id: int | None = None
    scope: str = ""
    progress: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    error: str = ""
    enqueued_at: float = 0.0

    @property
    def enqueued(self) -> datetime:
        return datetime.fromtimestamp(self.enqueued_at, UTC)

    @property
    def done(self) -> bool:
        return self.status in ("finished", "failed")


# --- the task runner, the same in the worker and in-process --------------------------------

_worker_app: Flask | None = None
_inline_progress = threading.local()


def set_worker_app(app: Flask | None) -> None:
    """The app the worker's jobs run in (set once by `readiness worker`)."""
    global _worker_app
    _worker_app = app


def run_task(task: str, kwargs: dict[str, Any]) -> Any:
    """Import `task` and call it with `kwargs` inside a fresh app context (its own database session)."""
    app = _worker_app or current_app._get_current_object()  # type: ignore[attr-defined]  # Flask's proxy
    function = _task_function(task)
    with app.app_context():
        return function(**kwargs)


def _task_function(task: str) -> Callable[..., Any]:
    module, _, name = task.rpartition(".")
    if not module.startswith("assessment.tasks.") and not module.startswith("tests.support."):
        raise ValueError(f"not a task: {task}")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


def report_progress(done: int, total: int) -> None:
    """Tell whoever watches the job how far it is (a page polls it)."""
    progress = {"done": done, "total": total}
    job = get_current_job()
    if job is not None:
        job.meta["progress"] = progress
        job.save_meta()  # type: ignore[no-untyped-call]  # rq leaves save_meta unannotated
    state: JobState | None = getattr(_inline_progress, "state", None)
    if state is not None:
        state.progress = progress


# --- the two back ends ----------------------------------------------------------------------


class RedisJobs:
    """Jobs on an RQ queue in Redis, run by `readiness worker` processes."""

    def __init__(self, url: str, retries: int):
        self.redis = Redis.from_url(url)
        self.queue = Queue(QUEUE_NAME, connection=self.redis)
        self.retries = retries

    def enqueue(self, task: str, kwargs: dict[str, Any], meta: dict[str, Any], timeout: int) -> str:
        retry = Retry(max=self.retries, interval=RETRY_INTERVALS[: self.retries]) if self.retries else None
        job = self.queue.enqueue(
            run_task,
            task,
            kwargs,
            job_timeout=timeout,
            retry=retry,
            result_ttl=RESULT_TTL,
            failure_ttl=FAILURE_TTL,
            meta={**meta, "progress": {}},
            description=meta.get("description", task),
        )
        return str(job.id)

    def state(self, job_id: str) -> JobState | None:
        try:
            job = Job.fetch(job_id, connection=self.redis)
        except (NoSuchJobError, ValueError):
            return None
        return _rq_state(job)

    def failed(self) -> list[JobState]:
        registry = FailedJobRegistry(queue=self.queue)
        jobs = Job.fetch_many(registry.get_job_ids(), connection=self.redis)
        return [_rq_state(job) for job in jobs if job is not None]

    def retry(self, job_id: str) -> bool:
        try:
            FailedJobRegistry(queue=self.queue).requeue(job_id)
        except (NoSuchJobError, ValueError):
            return False
        return True

    @contextmanager
    def lock(self, name: str, ttl: int) -> Iterator[bool]:
        lock = self.redis.lock(f"readiness:lock:{name}", timeout=ttl, blocking=False)
        acquired = bool(lock.acquire())
        try:
            yield acquired
        finally:
            if acquired:
                lock.release()


def _rq_state(job: Job) -> JobState:
    found = job.get_status(refresh=True)
    status = str(found.value) if found is not None else "queued"
    error = ""
    result = None
    if status == "finished":
        result = job.return_value()
    elif status == "failed":
        latest = job.latest_result()
        error = _last_line(latest.exc_string if latest is not None and latest.exc_string else "")
    return JobState(
        id=str(job.id),
        status=status,
        kind=str(job.meta.get("kind", "")),
        description=str(job.meta.get("description", "")),
        owner_id=job.meta.get("owner_id"),
        scope=str(job.meta.get("scope", "")),
        progress=dict(job.meta.get("progress") or {}),
        result=result,
        error=error,
        enqueued_at=job.enqueued_at.timestamp() if job.enqueued_at else 0.0,
    )


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:500] if lines else ""


class InlineJobs:
    """Jobs run at once in the process that enqueues them; their states live in that process."""

    _states: dict[str, tuple[JobState, str, dict[str, Any]]] = {}
    _locks: dict[str, threading.Lock] = {}
    _guard = threading.Lock()

    def enqueue(self, task: str, kwargs: dict[str, Any], meta: dict[str, Any], timeout: int) -> str:
        state = JobState(
            id=uuid.uuid4().hex,
            status="started",
            kind=meta.get("kind", ""),
            description=meta.get("description", task),
            owner_id=meta.get("owner_id"),
            scope=meta.get("scope", ""),
            enqueued_at=time.time(),
        )
        with self._guard:
            self._forget_old()
            self._states[state.id] = (state, task, kwargs)
        self._run(state, task, kwargs)
        return state.id

    def _run(self, state: JobState, task: str, kwargs: dict[str, Any]) -> None:
        _inline_progress.state = state
        try:
            state.result = run_task(task, kwargs)
            state.status, state.error = "finished", ""
        except Exception as exc:  # a failed job is shown on the failed-jobs page, as in RQ
            log.error("job %s (%s) failed: %s", state.id, task, "".join(traceback.format_exception_only(exc)).strip())
            state.status, state.error = "failed", _last_line("".join(traceback.format_exception_only(exc)))
        finally:
            _inline_progress.state = None

    def _forget_old(self) -> None:
        old = [key for key, (s, _t, _k) in self._states.items() if s.enqueued_at < time.time() - RESULT_TTL]
        for key in old:
            del self._states[key]

    def state(self, job_id: str) -> JobState | None:
        found = self._states.get(job_id)
        return found[0] if found else None

    def failed(self) -> list[JobState]:
        return [state for state, _t, _k in list(self._states.values()) if state.status == "failed"]

    def retry(self, job_id: str) -> bool:
        found = self._states.get(job_id)
        if found is None or found[0].status != "failed":
            return False
        self._run(*found)
        return True

    @contextmanager
    def lock(self, name: str, ttl: int) -> Iterator[bool]:
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        acquired = lock.acquire(blocking=False)
        try:
            yield acquired
        finally:
            if acquired:
                lock.release()


Jobs = RedisJobs | InlineJobs


def jobs() -> Jobs:
    """The app's job back end: RQ when REDIS_URL is set, else in-process."""
    app = current_app
    found: Jobs | None = app.extensions.get("readiness_jobs")
    if found is None:
        url: str = app.config["REDIS_URL"]
        found = RedisJobs(url, int(app.config["JOB_RETRIES"])) if url else InlineJobs()
        app.extensions["readiness_jobs"] = found
    return found


def enqueue(
    task: str,
    kwargs: dict[str, Any],
    *,
    kind: str,
    description: str,
    owner_id: int | None = None,
    scope: str = "",
    timeout: int = 600,
) -> str:
    """Start `task` in the background; returns the job id to poll."""
    meta = {"kind": kind, "description": description, "owner_id": owner_id, "scope": scope}
    return jobs().enqueue(task, kwargs, meta, timeout)


def enqueue_pdf(task: str, kwargs: dict[str, Any], *, description: str, scope: str, owner_id: int | None = None) -> str:
    """A PDF rendered by a worker within REPORT_JOB_TIMEOUT, so the request that asked for it stays short."""
    timeout = int(current_app.config["REPORT_JOB_TIMEOUT"])
    return enqueue(task, kwargs, kind="pdf", description=description, owner_id=owner_id, scope=scope, timeout=timeout)


class ReadinessWorker(SimpleWorker):
    """RQ's worker without a fork per job (Chromium for PDF charts stays warm between jobs).

    A job of a dead worker is taken up again once its timeout plus `heartbeat_grace` has
    passed: it cannot still be running then, since the timeout would have stopped it.
    """

    heartbeat_grace = 60

    def get_heartbeat_ttl(self, job: Job) -> int:
        if job.timeout == -1:
            return DEFAULT_WORKER_TTL
        return int(job.timeout or DEFAULT_WORKER_TTL) + self.heartbeat_grace
