"""Defensive readers of the plain YAML data, shared by the cross-checks: an id safe to put in a set,
the mappings or strings in a list, the questions in document order, "did you mean" suggestions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from difflib import get_close_matches
from typing import Any

from scoring.format.raw import Located, Raw


def raw_id(mapping: Raw, key: str) -> Any:
    """An id-like value safe to put in a set: a list or mapping where an id belongs becomes a marker."""
    value = mapping.get(key)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return f"<{type(value).__name__} in '{key}'>"


SUGGESTIONS = 3  # at most this many "did you mean" ids in one message
CLOSE = 0.75  # how alike (difflib ratio) a known id must be to be suggested


def did_you_mean(name: Any, known: Iterable[Any]) -> str:
    """ "; did you mean 'x' or 'y'?" for the known ids closest to a mistyped one ("" when none is close)."""
    if not isinstance(name, str):
        return ""
    ids = sorted({k for k in known if isinstance(k, str)})
    close = get_close_matches(name, ids, n=SUGGESTIONS, cutoff=CLOSE)
    if not close:
        lowered = {k.casefold(): k for k in ids}
        close = [lowered[n] for n in get_close_matches(name.casefold(), list(lowered), n=SUGGESTIONS, cutoff=CLOSE)]
    if not close:
        return ""
    quoted = [f"'{c}'" for c in close]
    return " (did you mean " + (quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]) + "?)"


def mappings(value: Any) -> list[tuple[int, Raw]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def iter_questions(data: Raw) -> Iterator[Located]:
    """(path, question, dimension id) in document order: profile first, then dimensions."""
    for i, q in mappings(data.get("profile")):
        yield ("profile", i), q, None
    for d, dim in mappings(data.get("dimensions")):
        for i, q in mappings(dim.get("questions")):
            yield ("dimensions", d, "questions", i), q, raw_id(dim, "id")
