"""Problems found in a questionnaire file, phrased for its author."""

from __future__ import annotations

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


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file or "(file)"
        return f"{where}: {self.message}"


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
        problems.append(Problem(doc.line_of(path) or 0, f"{where}: {message}"))
    return problems


def _message(item: ErrorDetails, path: Path) -> str:
    kind = item["type"]
    field = path[-1] if path else ""
    value = item.get("input")
    if kind == "missing":
        return f"'{field}' is required but missing"
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(str(field), _ALL_FIELDS, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        return f"unknown field '{field}'{hint}"
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
