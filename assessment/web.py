"""Blueprints, error pages, security headers, request ids and logging."""

from __future__ import annotations

import json
import logging
import re
import uuid
from pathlib import Path

import plotly
from flask import (
    Flask,
    Request,
    Response,
    current_app,
    g,
    has_request_context,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.utils import cached_property

from assessment.db import session
from assessment.web_support import DatabaseBusy

log = logging.getLogger("assessment")
PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"
REQUEST_ID = re.compile(r"^[A-Za-z0-9_.-]{6,64}$")
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # Plotly sets inline styles on the charts it draws
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register_blueprints(app: Flask) -> None:
    from assessment.api.routes import bp as api
    from assessment.api.tokens import bp as tokens
    from assessment.auth.routes import bp as auth
    from assessment.authoring.routes import bp as authoring
    from assessment.extensions import csrf
    from assessment.plans.routes import bp as plans
    from assessment.survey.routes import bp as survey
    from assessment.workshops.join import bp as join
    from assessment.workshops.routes import bp as workshops

    for blueprint in (survey, auth, workshops, join, plans, authoring, api, tokens):
        app.register_blueprint(blueprint)
    csrf.exempt(api)  # read-only, authenticated by a bearer token rather than a cookie
    app.session_interface = _SessionInterface()
    app.request_class = SafeRequest
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.add_url_rule("/healthz", "health", health)
    app.add_url_rule("/livez", "live", live)
    app.add_url_rule("/vendor/plotly.min.js", "plotly_js", plotly_js)
    app.add_url_rule("/language", "language", choose_language)
    app.context_processor(_template_globals)
    app.add_template_filter(_format_date_locale, "format_date_locale")
    app.add_template_filter(_format_datetime_locale, "format_datetime_locale")
    app.before_request(_start_request)
    app.after_request(_secure_headers)
    _configure_logging(app)


def health():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        session().execute(text("SELECT 1"))
    except OperationalError:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")


def live():
    """The process answers (no database): the cheapest request the app serves."""
    return Response("ok\n", mimetype="text/plain")


def plotly_js():
    """Plotly's JavaScript from the installed package: the app never loads it from a CDN."""
    return send_from_directory(PLOTLY_DIR, "plotly.min.js", max_age=86400, mimetype="text/javascript")


LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}


def choose_language():
    """Remember the visitor's language in a cookie and go back where they were."""
    code = request.args.get("to", "")
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = redirect(target)
    if code in current_app.config["LOCALES"]:
        response.set_cookie("locale", code, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response


def _format_date_locale(value) -> str:
    from flask_babel import format_date

    return format_date(value, "long") if value else ""


class SafeRequest(Request):
    """Form and query values with NUL shown as "␀": databases refuse NUL in text, people may type it."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        if any("\x00" in key or "\x00" in value for key, value in self.form.items(multi=True)):
            self.form = ImmutableMultiDict(
                [(k.replace("\x00", "\u2400"), v.replace("\x00", "\u2400")) for k, v in self.form.items(multi=True)]
            )

    @cached_property
    def args(self) -> ImmutableMultiDict:
        raw = super().args
        if not any("\x00" in k or "\x00" in v for k, v in raw.items(multi=True)):
            return raw
        return ImmutableMultiDict(
            [(k.replace("\x00", "\u2400"), v.replace("\x00", "\u2400")) for k, v in raw.items(multi=True)]
        )


class _SessionInterface(SecureCookieSessionInterface):
    """Session cookies are Secure whenever the request came over HTTPS (or when configured)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or (has_request_context() and request.is_secure))


def _format_datetime_locale(value) -> str:
    from flask_babel import format_datetime

    return format_datetime(value, "medium") if value else ""


def _template_globals() -> dict:
    from assessment.auth.routes import current_user
    from assessment.web_support import current_locale

    return {
        "current_user": current_user() if has_request_context() else None,
        "current_locale": current_locale(),
        "language_switch": [(c, LANGUAGE_NAMES.get(c, c)) for c in current_app.config["LOCALES"]],
    }


def _start_request() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex[:16]


def _secure_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")  # resume links carry secrets
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint not in ("static", "plotly_js"):
        headers.setdefault("Cache-Control", "no-store")
    if "request_id" in g:
        headers["X-Request-ID"] = g.request_id
    return response


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = g.get("request_id", "-")
        except RuntimeError:
            record.request_id = "-"
        return True


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data)


def _configure_logging(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(_RequestIdFilter())
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    for name in ("assessment", "reports", "scoring"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def register_errorhandlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DatabaseBusy, _database_busy)
    app.register_error_handler(OperationalError, _database_busy)
    app.register_error_handler(Exception, _unexpected)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _page(code: int, title: str, message: str) -> Response:
    if _wants_json():
        body = jsonify(error=title, message=message, request_id=g.get("request_id"))
    else:
        body = render_template("errors/error.html", code=code, title=title, message=message)
    return make_response(body, code)


def _csrf_error(error: CSRFError):
    log.warning("form refused: %s (%s %s)", error.description, request.method, request.path)
    return _page(
        400,
        _("This form has expired"),
        _(
            "For your security, forms stop working after some hours or when cookies are blocked. "
            "Nothing from this form was saved; go back, reload the page and send it again."
        ),
    )


def _http_error(error: HTTPException):
    messages = {
        404: _("This page does not exist, or the link is not complete."),
        405: _("This address cannot be used this way."),
        413: _("What you sent is too large. Please send a smaller file or shorter answers."),
        429: _("Too many attempts in a short time. Please wait a minute and try again."),
    }
    titles = {
        400: _("Bad request"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Too large"),
        422: _("Cannot be processed"),
        429: _("Too many requests"),
    }
    message = error.description if error.code == 404 and _custom(error) else messages.get(error.code, "")
    if error.code == 429:
        log.warning("rate limit hit: %s %s", request.method, request.path)
    title = titles.get(error.code, error.name)
    return _page(error.code or 500, title, message or _("The request could not be handled."))


def _custom(error: HTTPException) -> bool:
    return bool(error.description) and error.description != type(error).description


def _database_busy(error: Exception):
    log.warning("database unavailable: %s", error)
    session().rollback()
    response = _page(
        503,
        _("The service is busy"),
        _(
            "The database did not answer in time. Everything you saved before is safe; "
            "please try again in a few seconds."
        ),
    )
    response.headers["Retry-After"] = "5"
    return response


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("unexpected error on %s %s", request.method, request.path)
    return _page(
        500,
        _("Something went wrong"),
        _("An unexpected error stopped this page. It has been logged with reference %(id)s.", id=g.get("request_id")),
    )
