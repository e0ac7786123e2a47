"""The entry point the layout asks for: `flask --app app run`, `gunicorn 'app:create_app()'`.

The factory itself lives in the package (`assessment.factory`), so an installed wheel has it.
"""

from assessment.cli import cli
from assessment.factory import create_app

__all__ = ["cli", "create_app"]
