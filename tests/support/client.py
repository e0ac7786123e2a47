"""A test client that sends the CSRF token like a browser does, and a runner for `readiness` commands."""

from __future__ import annotations

import re

from flask.testing import FlaskCliRunner

from assessment.cli import cli as readiness_cli

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Client:
    """A Flask test client that fetches and sends the CSRF token like a browser does."""

    def __init__(self, flask_client):
        self.raw = flask_client
        self._token = None

    def csrf(self) -> str:
        if self._token is None:
            page = self.raw.get("/").get_data(as_text=True)
            self._token = CSRF.search(page).group(1)
        return self._token

    def get(self, *args, **kwargs):
        return self.raw.get(*args, **kwargs)

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf())
        response = self.raw.post(url, data=data, **kwargs)
        if url.startswith(("/login", "/logout")):
            self._token = None  # signing in or out starts a new session, with a new token
        return response

    def __getattr__(self, name):
        return getattr(self.raw, name)


class ReadinessRunner(FlaskCliRunner):
    """Runs `readiness ...` commands against the test app, as the console script would."""

    def invoke(self, cli=None, args=None, **kwargs):
        return super().invoke(cli or readiness_cli, args, **kwargs)
