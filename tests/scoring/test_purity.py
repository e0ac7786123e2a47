"""`scoring/` is the domain: it must not import the web, the database or the PDF renderer."""

import ast
from pathlib import Path

FORBIDDEN = {"flask", "flask_wtf", "wtforms", "sqlalchemy", "alembic", "weasyprint", "plotly", "assessment", "reports"}


def test_scoring_imports_nothing_from_the_adapters():
    root = Path(__file__).resolve().parents[2] / "scoring"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert not offenders
