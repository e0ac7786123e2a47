"""HTTP hardening: security headers, a request class that tolerates NUL, Secure session cookies."""

from __future__ import annotations

from flask import Flask, Request, Response, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.utils import cached_property

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
    if "request_id" in g:
        headers["X-Request-ID"] = g.request_id
    return response
