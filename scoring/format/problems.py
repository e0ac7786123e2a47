"""Problems found in a questionnaire file, phrased for its author."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from scoring.format import schema
from scoring.format.yamlread import YAML11_BOOLEAN_WORDS, LinedDocument, Path

_KIND_OF_LIST = {
    "dimensions": "dimension",
    "questions": "question",
    "profile": "question",
    "choices": "choice",
    "risk_factors": "risk factor",
    "risk_rules": "risk rule",
    "actions": "action",
    "maturity_levels": "maturity level",
    "examples": "example",
    "score_bands": "score band",
    "maps_from": "version mapping",
    "factors": "factor",
    "groups": "group",
    "requires": "requirement",
}
_ALL_FIELDS = sorted(
    {
        name
        for model in vars(schema).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        for name in model.model_fields
    }
)


MAX_SHOWN = 200  # problems reported for one file; the rest are counted


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    message: str
    file: str = ""
    unknown_field: str = dataclasses.field(default="", compare=False)  # "unknown field": suggest a name if shown

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file or "(file)"
        return f"{where}: {self.message}"


def shown_problems(problems: list[Problem], name: str, limit: int = MAX_SHOWN) -> list[Problem]:
    """The first `limit` problems in file order, then "and N more"; suggestions only for those shown.

    A file with tens of thousands of mistakes is reported in a page a person can read, and
    the close-match search for unknown fields (the slow part) runs at most `limit` times.
    """
    ordered = sorted(set(problems))
    shown = [_with_suggestion(problem) for problem in ordered[:limit]]
    if len(ordered) > limit:
        more = len(ordered) - limit
        plural = "s" if more != 1 else ""
        shown.append(Problem(0, f"and {more:,} more problem{plural} not listed; fix these first", name))
    return shown


def _with_suggestion(problem: Problem) -> Problem:
    if not problem.unknown_field:
        return problem
    guess = difflib.get_close_matches(problem.unknown_field, _ALL_FIELDS, n=1)
    if not guess:
        return problem
    return Problem(problem.line, f"{problem.message} (did you mean '{guess[0]}'?)", problem.file)


def describe(path: Path, data: Any) -> str:
    """Where `path` points, in an author's words: "question 'owner', choice 'it'"."""
    parts: list[str] = []
    node = data
    for i, key in enumerate(path):
        parent_key = path[i - 1] if i else None
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            node = node[key]
            kind = _KIND_OF_LIST.get(parent_key, "item") if isinstance(parent_key, str) else "item"
            label = _label(node, key)
            parts.append(f"{kind} {label}")
            continue
        if isinstance(node, dict) and key in node:
            node = node[key]
        else:
            node = None
        if key not in _KIND_OF_LIST and not isinstance(key, int):
            parts.append(f"'{key}'")
    return ", ".join(parts) if parts else "the file"


def _label(node: Any, index: int) -> str:
    if isinstance(node, dict):
        for field in ("id", "name", "level"):
            value = node.get(field)
            if isinstance(value, str | int) and not isinstance(value, bool):
                return f"'{value}'"
    return f"#{index + 1}"


def from_validation_error(error: ValidationError, doc: LinedDocument) -> list[Problem]:
    problems = []
    for item in error.errors():
        path = tuple(item["loc"])
        message = _message(item, path)
        where = describe(path[:-1] if item["type"] in ("missing", "extra_forbidden") else path, doc.data)
        unknown = str(path[-1]) if item["type"] == "extra_forbidden" and path else ""
        problems.append(Problem(doc.line_of(path) or 0, f"{where}: {message}", unknown_field=unknown))
    return problems


def _message(item: ErrorDetails, path: Path) -> str:
    kind = item["type"]
    field = path[-1] if path else ""
    value = item.get("input")
    if kind == "missing":
        return f"'{field}' is required but missing"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"  # the suggestion comes in `shown_problems`, for shown problems only
    if kind == "string_pattern_mismatch":
        return (
            f"'{value}' is not a valid id: use lower-case letters, digits, '-' and '_', starting with a letter or digit"
        )
    if kind == "string_type" and isinstance(value, bool):
        return f"expected text but found the YAML boolean {str(value).lower()}; put it in quotes"
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return f"'{value}' is not allowed here; expected {expected}"
    if kind == "value_error":
        return str(item.get("ctx", {}).get("error", item["msg"]))
    if kind == "bool_parsing" and isinstance(value, str) and value.lower() in YAML11_BOOLEAN_WORDS:
        return f"'{value}' must be true or false"
    return f"{item['msg'][0].lower()}{item['msg'][1:]}" + (
        f", got {value!r}" if not isinstance(value, dict | list) else ""
    )
