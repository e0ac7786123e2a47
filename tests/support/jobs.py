"""Running the queued jobs in the test's own process, as `readiness worker --burst` would."""

from __future__ import annotations

from assessment.jobqueue import ReadinessWorker, RedisJobs, jobs, set_worker_app


def run_worker_once(app) -> None:
    """Everything queued now, in this process (the way `readiness worker --burst` runs it)."""
    with app.app_context():
        backend = jobs()
        assert isinstance(backend, RedisJobs)
        set_worker_app(app)
        try:
            ReadinessWorker([backend.queue], connection=backend.redis).work(burst=True, logging_level="WARNING")
        finally:
            set_worker_app(None)
