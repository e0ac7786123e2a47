"""HTTP hardening: security headers (HSTS on HTTPS), a request class that tolerates NUL, Secure session
cookies, and ids in URLs bounded to what the database holds."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response, current_app, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map
from werkzeug.utils import cached_property

LARGEST_ID = 2**31 - 1  # ids are 32-bit integer columns (PostgreSQL INTEGER)

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # Plotly sets inline styles on the charts it draws
        "img-src 'self' data: blob:",  # blob: the chart toolbar's PNG is drawn in the browser
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every route: a number no id column can hold is "not found", never a database error."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def bounded_id(value: int | None) -> int | None:
    """An id from a query string, or None when no id column could hold it."""
    return value if value is not None and 0 < value <= LARGEST_ID else None


def register_converters(app: Flask) -> None:
    """Before any blueprint adds its routes."""
    app.url_map.converters["int"] = BoundedIntConverter


def register_security(app: Flask) -> None:
    app.session_interface = _SessionInterface()
    app.request_class = SafeRequest
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        # Flask's documented way to add WSGI middleware replaces the wsgi_app method
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.after_request(_secure_headers)


def _has_nul(pairs: MultiDict[str, str]) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in pairs.items(multi=True))


def _without_nul(pairs: MultiDict[str, str]) -> ImmutableMultiDict[str, str]:
    return ImmutableMultiDict(
        [(k.replace("\x00", "\u2400"), v.replace("\x00", "\u2400")) for k, v in pairs.items(multi=True)]
    )


class SafeRequest(Request):
    """Form and query values with NUL shown as "␀": databases refuse NUL in text, people may type it."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        if _has_nul(self.form):
            self.form = _without_nul(self.form)

    @cached_property
    def args(self) -> MultiDict[str, str]:
        args = super().args
        return _without_nul(args) if _has_nul(args) else args


class _SessionInterface(SecureCookieSessionInterface):
    """Session cookies are Secure whenever the request came over HTTPS (or when configured)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or (has_request_context() and request.is_secure))


def _secure_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")  # resume links carry secrets
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint not in ("static", "plotly_js"):
        headers.setdefault("Cache-Control", "no-store")
    if request.is_secure and current_app.config["HSTS_SECONDS"]:
        headers.setdefault("Strict-Transport-Security", f"max-age={current_app.config['HSTS_SECONDS']}")
    if "request_id" in g:
        headers["X-Request-ID"] = g.request_id
    return response
