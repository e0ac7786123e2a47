"""Error pages: a clear message in the visitor's language, a log line for the operator, never a trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from assessment.db import session
from assessment.web_support import DatabaseBusy

log = logging.getLogger("assessment")


def register_errorhandlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DatabaseBusy, _database_busy)
    app.register_error_handler(OperationalError, _database_busy)
    app.register_error_handler(Exception, _unexpected)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _page(code: int, title: str, message: str) -> Response:
    body: Response | str
    if _wants_json():
        body = jsonify(error=title, message=message, request_id=g.get("request_id"))
    else:
        body = render_template("errors/error.html", code=code, title=title, message=message)
    return make_response(body, code)


def _csrf_error(error: CSRFError) -> Response:
    log.warning("form refused: %s (%s %s)", error.description, request.method, request.path)
    return _page(
        400,
        _("This form has expired"),
        _(
            "For your security, forms stop working after some hours or when cookies are blocked. "
            "Nothing from this form was saved; go back, reload the page and send it again."
        ),
    )


def _http_error(error: HTTPException) -> Response:
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
    code = error.code or 500
    message = error.description if code == 404 and _custom(error) else messages.get(code, "")
    if code == 429:
        log.warning("rate limit hit: %s %s", request.method, request.path)
    title = titles.get(code, error.name)
    return _page(code, title, message or _("The request could not be handled."))


def _custom(error: HTTPException) -> bool:
    return bool(error.description) and error.description != type(error).description


def _database_busy(error: Exception) -> Response:
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


def _unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("unexpected error on %s %s", request.method, request.path)
    return _page(
        500,
        _("Something went wrong"),
        _("An unexpected error stopped this page. It has been logged with reference %(id)s.", id=g.get("request_id")),
    )
