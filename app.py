"""Builds the Flask application; nothing runs at import time.

`create_app()` is the factory (used by `flask --app app`, gunicorn and the tests);
`cli` is the `readiness` console script: the app's Flask command group.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.cli import FlaskGroup

from assessment.config import load_settings


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """An application configured from the environment, then from `config` (tests)."""
    app = Flask(__name__, template_folder="templates", static_folder="static")
    load_settings(app, config)
    from assessment import commands, extensions, web

    extensions.register_extensions(app)
    web.register_blueprints(app)
    web.register_errorhandlers(app)
    commands.register_commands(app)
    return app


cli = FlaskGroup(create_app=create_app, help="Social-collaboration readiness assessment.")
