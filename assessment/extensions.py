"""Flask extensions, created once and bound to each app in `register_extensions`."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect

from assessment import db

csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[], strategy="fixed-window")


def select_locale() -> str:
    """The response's language on survey pages; else the visitor's choice; else the browser's."""
    locales: tuple[str, ...] = current_app.config["LOCALES"]
    default: str = current_app.config["DEFAULT_LOCALE"]
    chosen: str | None = getattr(g, "locale", None)
    if chosen is not None and chosen in locales:
        return chosen
    if not has_request_context():
        return default
    chosen = request.cookies.get("locale")
    if chosen is not None and chosen in locales:
        return chosen
    return request.accept_languages.best_match(locales) or default


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
