"""Flask extensions, created once and bound to each app in `register_extensions`."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, get_translations
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


def _translations() -> Any:
    """Flask-Babel's translations for this request, looked up once per language instead of once per
    string (a survey page has dozens of strings, and each lookup costs Flask-Babel about 13 µs).

    Kept beside Flask-Babel's own choice of language (`babel_locale` in its per-request namespace)
    and only while that choice is the same object, so `force_locale` and a changed language are
    followed."""
    try:
        state = g._flask_babel
    except (AttributeError, RuntimeError):  # before Flask-Babel's first lookup, or outside a request
        return get_translations()
    locale = getattr(state, "babel_locale", None)
    kept = getattr(state, "readiness_translations", None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    state.readiness_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    limiter.init_app(app)
