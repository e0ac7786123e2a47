"""Small helpers shared by the blueprints: committing safely and the current language."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from flask_babel import get_locale
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from assessment.db import session

log = logging.getLogger(__name__)
T = TypeVar("T")


class DatabaseBusy(Exception):
    """The database did not answer in time (locked, restarting or unreachable)."""


def commit_with_retry(work: Callable[[], T], attempts: int = 3) -> T:
    """Run `work` and commit; retry when another request changed the same rows meanwhile.

    A busy or unreachable database is retried briefly, then reported as DatabaseBusy so the
    page can keep what the person typed and ask them to try again.
    """
    for attempt in range(1, attempts + 1):
        try:
            value = work()
            session().commit()
            return value
        except StaleDataError:
            session().rollback()
            log.info("concurrent change detected; retrying (attempt %d)", attempt)
        except (OperationalError, DBAPIError) as exc:
            session().rollback()
            if not _is_transient(exc) or attempt == attempts:
                raise DatabaseBusy() from exc
            time.sleep(0.2 * attempt)
    raise DatabaseBusy()


def _is_transient(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower() if exc.orig else str(exc).lower()
    return exc.connection_invalidated or any(
        word in text for word in ("locked", "busy", "timeout", "connection", "terminating", "could not connect")
    )


def current_locale() -> str:
    return str(get_locale() or "en")
