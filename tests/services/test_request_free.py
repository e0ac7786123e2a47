"""Use-cases take plain values and a database session: none reads Flask's request or session.

import-linter (pyproject.toml) checks which modules a service imports, not which attributes it
uses, so `import flask` then `flask.request` would pass it; this test reads the source instead.
"""

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "assessment" / "services"
FORBIDDEN = {"request", "session"}
FLASK_MODULES = {"flask", "flask.globals"}


def request_state_used(source: str) -> list[str]:
    """Where `source` reaches `flask.request` or `flask.session`, however it is spelled."""
    tree = ast.parse(source)
    bound: dict[str, str] = {}  # local name -> the module or object it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]  # `import flask.globals` binds `flask`
                bound[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in FLASK_MODULES:
            for alias in node.names:
                if alias.name in FORBIDDEN:
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN and _resolved(node.value, bound) in FLASK_MODULES:
            found.append(f"line {node.lineno}: {_resolved(node.value, bound)}.{node.attr}")
    return found


def _resolved(node: ast.expr, bound: dict[str, str]) -> str | None:
    """`f.globals` -> "flask.globals" when `f` is flask; None for anything but a dotted name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in bound:
        return None
    return ".".join([bound[node.id], *reversed(parts)])


def test_no_service_reads_the_request_or_the_session():
    offenders = {
        str(path.relative_to(SERVICES)): found
        for path in sorted(SERVICES.rglob("*.py"))
        if (found := request_state_used(path.read_text()))
    }
    assert not offenders


@pytest.mark.parametrize(
    "source",
    [
        "from flask import request",
        "from flask import session as cookie",
        "from flask.globals import request",
        "import flask\nflask.session.get('user_id')",
        "import flask as f\nf.request.args",
        "import flask.globals\nflask.globals.request",
        "from flask import globals as g\ng.session",
        "def f():\n    import flask\n    return flask.request",
    ],
)
def test_every_spelling_is_seen(source):
    assert len(request_state_used(source)) == 1


def test_the_database_session_is_not_flasks():
    source = "from sqlalchemy.orm import Session\nfrom assessment.db import session\n\ndef f(session: Session):\n"
    assert request_state_used(source + "    session.flush()\n    request = 1\n") == []
