"""Builds the Flask application; nothing runs at import time.

`create_app()` is the factory used by the `readiness` command, gunicorn and the tests. It
imports the blueprints (and through them the database layer), never the PDF and chart
renderers: those load on the first report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from assessment import errors, extensions, logs, security, site, throttle
from assessment.admin.routes import bp as admin
from assessment.api.routes import bp as api
from assessment.api.tokens import bp as tokens
from assessment.auth.account import bp as account
from assessment.auth.invitations import bp as invitations
from assessment.auth.routes import bp as auth
from assessment.authoring.routes import bp as authoring
from assessment.benchmarks.routes import bp as benchmarks
from assessment.campaigns.links import bp as campaign_links
from assessment.campaigns.routes import bp as campaigns
from assessment.config import load_settings
from assessment.jobs.routes import bp as jobs
from assessment.plans.routes import bp as plans
from assessment.survey.routes import bp as survey
from assessment.workshops.branding import bp as branding
from assessment.workshops.documents import bp as documents
from assessment.workshops.imports import bp as imports
from assessment.workshops.join import bp as join
from assessment.workshops.lifecycle import bp as lifecycle
from assessment.workshops.people import bp as people
from assessment.workshops.present import bp as present
from assessment.workshops.routes import bp as workshops

PACKAGE = Path(__file__).resolve().parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """An application configured from the environment, then from `config` (tests)."""
    app = Flask("assessment", root_path=str(PACKAGE), template_folder="templates", static_folder="static")
    load_settings(app, config)
    extensions.register_extensions(app)
    security.register_converters(app)
    register_blueprints(app)
    site.register_site(app)
    security.register_security(app)
    logs.register_logging(app)
    throttle.warn_if_not_shared(app)
    errors.register_errorhandlers(app)
    return app


def register_blueprints(app: Flask) -> None:
    blueprints = (survey, auth, account, invitations, workshops, present, people, lifecycle, join, imports, documents)
    for blueprint in (
        *blueprints,
        branding,
        plans,
        authoring,
        benchmarks,
        admin,
        api,
        tokens,
        campaigns,
        campaign_links,
        jobs,
    ):
        app.register_blueprint(blueprint)
    extensions.csrf.exempt(api)  # read-only, authenticated by a bearer token rather than a cookie
