"""Flask extensions, created once and bound to each app in `register_extensions`."""

from __future__ import annotations

from flask import Flask
from flask_wtf import CSRFProtect

csrf = CSRFProtect()


def register_extensions(app: Flask) -> None:
    csrf.init_app(app)
