"""Small helpers shared by the blueprints: committing safely, the current language, form texts and
data, safe redirects."""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import request
from flask_babel import get_locale, lazy_gettext
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, InterfaceError, InternalError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.urls import iri_to_uri

from assessment.db import session
from assessment.models import Organisation, QuestionnaireVersion, Response, Workshop
from assessment.services.audit import Target
from assessment.services.questionnaires import publisher_of

log = logging.getLogger(__name__)
T = TypeVar("T")


class DatabaseBusy(Exception):
    """The database did not answer in time (locked, restarting or unreachable)."""


DATABASE_ERRORS = (OperationalError, InternalError, InterfaceError)  # busy, gone, disk full, read-only


def save_failed(exc: Exception) -> None:
    """After a save the database refused: roll back and log, so the page can show the typed text again."""
    session().rollback()
    log.warning("save refused by the database: %s", str(exc).splitlines()[0][:200])


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


NEXT_LIMIT = 2000  # characters of a `next` address


def safe_next(target: str | None, fallback: str) -> str:
    """`target` when it is a path on this site, else `fallback`: the one check for every `next`.

    Control characters, backslashes and anything with a scheme or host are refused, and the
    address is checked again as it will be sent (browsers and URL parsers drop tabs and
    newlines, so "/%09/example.com", decoded, would become "//example.com").
    """
    if not target or len(target) > NEXT_LIMIT or "\\" in target:
        return fallback
    if any(unicodedata.category(char)[0] == "C" or char in "\u2028\u2029" for char in target):
        return fallback
    for candidate in (target, iri_to_uri(target)):
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc or not candidate.startswith("/") or candidate.startswith("//"):
            return fallback
    return target


def publisher_label(row: QuestionnaireVersion) -> str:
    """Who published a questionnaire version, as every list of questionnaires shows it."""
    publisher = publisher_of(row)
    return _("shipped with the app") if publisher == "shipped" else _("published by %(who)s", who=publisher)


def organisation_target(organisation: Organisation) -> Target:
    """The organisation as the audit log names it."""
    return Target("organisation", organisation.id, organisation.name, organisation.id)


def workshop_target(workshop: Workshop) -> Target:
    """The workshop as the audit log names it (with its organisation)."""
    name = f"{workshop.organisation.name}: {workshop.title}"
    return Target("workshop", workshop.id, name, workshop.organisation_id)


def audit_target_of(response: Response) -> Target:
    """A response as the audit log names it: its workshop (never the person, who is anonymous)."""
    workshop = session().get(Workshop, response.workshop_id) if response.workshop_id else None
    return workshop_target(workshop) if workshop is not None else Target("response", response.id)


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
