"""Types shared by the checks that read the plain YAML data before the schema has seen it
(`checks.py`, `question_checks.py`, `condition_checks.py`, `reference_checks.py`, `verdict_checks.py`,
`level_checks.py`, `cofire.py`)."""

from __future__ import annotations

from typing import Any, Protocol

from scoring.format.yamlread import Path

Raw = dict[str, Any]  # a mapping as read from the file, before the schema has seen it
Found = list[tuple[Path, str]]  # (where, what is wrong)
Located = tuple[Path, Raw, Any]  # a question's path, the question, its dimension's id (None in the profile)
ById = dict[Any, tuple[int, Path, Raw]]  # question id -> (position, path, question)


class ConditionCheck(Protocol):
    """Checks one condition at `path`: `before` is the asking question's position for a show-condition."""

    def __call__(self, raw: Any, path: Path, by_id: ById, before: int | None) -> Found: ...
