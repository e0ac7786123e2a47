"""What every page shares: health checks, Plotly's JavaScript, the language switch and template globals."""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, jsonify, redirect, request, send_from_directory
from flask.typing import ResponseReturnValue
from flask_babel import format_date, format_datetime, format_decimal
from sqlalchemy.exc import DBAPIError, OperationalError

from assessment.access import current_user, user_may
from assessment.db import session
from assessment.fragments import kept_html
from assessment.locales import LANGUAGES
from assessment.services.health import database_answers, write_heartbeat
from assessment.web_support import current_locale, publisher_label, safe_next
from reports.svg import plotly_js_path

log = logging.getLogger(__name__)


def register_site(app: Flask) -> None:
    app.add_url_rule("/healthz", "health", health)
    app.add_url_rule("/livez", "live", live)
    app.add_url_rule("/vendor/plotly.min.js", "plotly_js", plotly_js)
    app.add_url_rule("/language", "language", choose_language)
    app.context_processor(_template_globals)
    app.add_template_filter(_format_date_locale, "format_date_locale")
    app.add_template_filter(_format_datetime_locale, "format_datetime_locale")
    app.add_template_filter(_signed_number, "signed_number")
    app.add_template_filter(_number, "number")
    app.add_template_global(kept_html, "kept_html")


def health() -> ResponseReturnValue:
    """For load balancers: 200 when the database answers and takes a write, 503 when it does not
    (unreachable, or a full disk or a read-only file)."""
    try:
        database_answers(session())
    except (OperationalError, DBAPIError):
        session().rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    try:
        write_heartbeat(session())
        session().commit()
    except (OperationalError, DBAPIError):
        session().rollback()
        log.warning("health check: the database does not take writes")
        return jsonify(status="unavailable", database="not writable"), 503
    return jsonify(status="ok")


def live() -> Response:
    """The process answers (no database): the cheapest request the app serves."""
    return Response("ok\n", mimetype="text/plain")


PARTIAL_PLOTLY = Path("vendor") / "plotly" / "plotly.min.js"  # built by scripts/setup (core, bar, scatterpolar)


def plotly_js() -> Response:
    """Plotly's JavaScript, served by the app (never a CDN): the partial bundle scripts/setup builds
    (1.2 MB, 0.4 MB gzipped), else the Python package's full one (4.8 MB, 1.5 MB gzipped).
    Gzipped for browsers that take it, which matters on a phone."""
    path = _plotly_file(current_app.static_folder)
    if not request.accept_encodings["gzip"]:
        return send_from_directory(path.parent, path.name, max_age=86400, mimetype="text/javascript")
    response = Response(_gzipped(path), mimetype="text/javascript")
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.set_etag(_etag(path))
    response.make_conditional(request)  # a 304 when the browser has this version
    return response


@functools.cache
def _plotly_file(static_folder: str | None) -> Path:
    """The partial bundle where it was built; otherwise the full one, said once in the log."""
    partial = Path(static_folder or ".") / PARTIAL_PLOTLY
    if partial.is_file():
        return partial
    log.warning("the partial Plotly bundle was not built (scripts/setup): pages get the full 4.8 MB one")
    return plotly_js_path()


@functools.cache
def _gzipped(path: Path) -> bytes:
    """The .gz scripts/setup wrote beside the file; otherwise compressed once per process (about
    2 s for the full bundle), then served from memory."""
    ready = path.with_name(path.name + ".gz")
    if ready.is_file() and ready.stat().st_mtime >= path.stat().st_mtime:
        return ready.read_bytes()
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


@functools.cache
def _etag(path: Path) -> str:
    return hashlib.sha1(_gzipped(path), usedforsecurity=False).hexdigest()


def choose_language() -> ResponseReturnValue:
    """Remember the visitor's language in a cookie and go back where they were."""
    code = request.args.get("to", "")
    response = redirect(safe_next(request.args.get("next"), "/"))
    if code in current_app.config["LOCALES"]:
        response.set_cookie("locale", code, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response


def _format_date_locale(value: date | datetime | None) -> str:
    return format_date(value, "long") if value else ""


def _format_datetime_locale(value: datetime | None) -> str:
    return format_datetime(value, "medium") if value else ""


def _signed_number(value: float | None) -> str:
    """A change, signed and in the page's locale ("+16.5", "+16,5", "−3"); "–" when there is none."""
    if value is None:
        return "–"
    return format_decimal(value, format="+#,##0.#;−#,##0.#")


def _number(value: float | None, pattern: str = "#,##0.##") -> str:
    """A figure in the page's locale (decimal comma in German); "–" when there is none."""
    return "–" if value is None else str(format_decimal(value, format=pattern))


def _language_switch() -> list[tuple[str, str]]:
    """The languages a page can switch to: a survey page offers its questionnaire's (g.language_choices)."""
    codes = current_app.config["LOCALES"]
    if has_request_context() and getattr(g, "language_choices", None) is not None:
        codes = [code for code in codes if code in g.language_choices]
    return [(code, LANGUAGES.get(code, code)) for code in codes] if len(codes) > 1 else []


def _template_globals() -> dict[str, Any]:
    return {
        "current_user": current_user() if has_request_context() else None,
        "user_may": user_may,
        "publisher_label": publisher_label,
        "current_locale": current_locale(),
        "language_switch": _language_switch(),
    }
