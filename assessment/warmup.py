"""Work a fresh server process does once before it takes requests, so the first visitors do not wait.

Without it the first requests to each gunicorn worker parse every questionnaire, compile
the templates and load the translations: a room of people joining at the same moment
queues behind that, in every worker at once.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from assessment.db import session
from assessment.locales import LOCALES
from assessment.print_path import freeze_heap, warm_print_path
from assessment.services.questionnaires import compiled, listed_versions

log = logging.getLogger(__name__)
PAGES = ("/", "/join", "/login")
TEMPLATES = ("survey/page.html", "survey/review.html", "survey/results.html", "workshops/participant.html")


def warm_up(app: Flask, connections: int = 4, freeze: bool = False) -> bool:
    """`connections`: database connections to open now (one per thread), so that a crowd arriving
    at once does not wait for PostgreSQL to start a backend and authenticate each of them.
    `freeze`: hide what is loaded from the garbage collector afterwards (a server worker)."""
    started = time.perf_counter()
    try:
        engine = app.extensions["readiness_db"].engine
        opened = [engine.connect() for _ in range(connections)]
        for connection in opened:
            connection.close()  # back to the pool, open
        with app.app_context():
            for row in listed_versions(session(), include_unlisted=True):
                compiled(row)
        client = app.test_client()
        for path in PAGES:
            for language in LOCALES:
                client.get(path, headers={"Accept-Language": language}).close()
        for name in TEMPLATES:
            app.jinja_env.get_template(name)
        with app.app_context():
            warm_print_path(app)
    except Exception:  # noqa: BLE001 - a failed warm-up only costs the first visitors some time
        log.exception("warm-up failed; the first requests will be slower")
        return False
    if freeze:
        freeze_heap()
    log.info("warmed up in %.2f s", time.perf_counter() - started)
    return True
