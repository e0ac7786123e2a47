"""gunicorn settings for production: `scripts/serve` (or `gunicorn -c gunicorn.conf.py`).

Workers share nothing in memory that another needs: sessions are in the database, rate
limits in Redis (set RATELIMIT_STORAGE_URI; several workers with limits in memory are refused
at start), data in the database. Each worker starts
its own Chromium for PDF charts on first use, after the fork (never use --preload with it).
"""

import multiprocessing
import os

wsgi_app = "assessment.factory:create_app()"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a bound on any slow leak). Each new worker
# warms up for about 3-7 s of CPU before it serves (assessment/warmup.py), so replacing one every
# 2,000 requests, as before 2026-12-02, spent a fifth of a busy server's CPU on warm-ups (seen in
# bench/scaleout.py: workers replaced every 30-60 s). At 50,000 the warm-up is under 1%.
max_requests = int(os.environ.get("MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss rid=%({x-request-id}o)s'
preload_app = False


MEMORY_LIMITS = """
RATELIMIT_STORAGE_URI keeps rate limits in memory, and %d workers would each keep their own:
every limit on wrong passwords, codes and tokens would be %d times what it says. Set
RATELIMIT_STORAGE_URI=redis://... (see README, "Production"), run one worker, or set
ALLOW_MEMORY_RATE_LIMITS=1 to start anyway (a warning stays in the log and on the admin page).
"""


def on_starting(server):
    """Refuse to start several workers that would each count rate limits on their own."""
    count = server.cfg.workers
    os.environ["SERVER_WORKERS"] = str(count)  # the workers inherit it: the app warns on its admin page
    storage = os.environ.get("RATELIMIT_STORAGE_URI") or "memory://"
    if count > 1 and storage.startswith("memory"):
        if os.environ.get("ALLOW_MEMORY_RATE_LIMITS") != "1":
            raise SystemExit("refusing to start:" + MEMORY_LIMITS % (count, count))
        server.log.warning("WARNING:" + MEMORY_LIMITS, count, count)


def post_worker_init(worker):
    """Parse the questionnaires, compile the templates and load the translations before the first request."""
    from assessment.warmup import warm_up  # the master reads this file; the app loads in each worker

    warm_up(worker.wsgi, connections=threads, freeze=True)


def worker_exit(server, worker):
    """Close this worker's Chromium cleanly."""
    from reports import svg  # the master reads this file; the app loads in each worker

    svg.shutdown()
