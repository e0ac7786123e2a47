"""Blueprint and error-handler registration."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    pass


def register_errorhandlers(app: Flask) -> None:
    pass
