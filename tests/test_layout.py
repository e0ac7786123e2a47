"""Tests find their helpers in tests/support/: no module imports a conftest module or a test module."""

import ast

from tests.support.paths import ROOT


def imported_modules(path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)  # from tests.web import conftest
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def test_helpers_are_imported_from_tests_support_only():
    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for module in imported_modules(path):
            last = module.rsplit(".", 1)[-1]
            if module.startswith("tests.") and (last == "conftest" or last.startswith("test_")):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == [], "move what these import into tests/support/:\n" + "\n".join(wrong)
