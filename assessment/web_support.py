"""Small helpers shared by the blueprints: committing safely, the current language, form texts and data."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import request
from flask_babel import get_locale, lazy_gettext
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


def required(value: T | None) -> T:
    """A validated form field's data, which its DataRequired or InputRequired validator makes present."""
    if value is None:
        raise ValueError("a required form field has no data")
    return value


def lazy_text(message: str, **variables: Any) -> str:
    """A translation looked up each time it is shown, for texts made at import time (form labels).

    Typed as the str it renders as: WTForms' stubs take labels, descriptions and messages as
    str, and WTForms itself renders Flask-Babel's LazyString with str() like any text.
    """
    return cast(str, lazy_gettext(message, **variables))


INVITE_COOKIE = "readiness_invite"  # a campaign invitation's link token, kept by the browser for its response's pages


def invitation_cookie() -> str | None:
    """The invitation token the browser holds for the response whose page this is."""
    return request.cookies.get(INVITE_COOKIE) or None
