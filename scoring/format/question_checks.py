"""Cross-checks of one question on the raw data: fields that fit its type, enough choices,
scale anchors, choice scores that can move the score, scored questions only in dimensions."""

from __future__ import annotations

from typing import Any

from scoring.format.lookups import mappings, raw_id
from scoring.format.raw import Found, Raw
from scoring.format.yamlread import Path


def is_scored(q: Raw) -> bool:
    kind = raw_id(q, "type")
    if kind == "scale":
        return True
    if kind == "number":
        return bool(q.get("score_bands"))
    if kind == "yesno":
        return any(isinstance(q.get(k), dict) and q[k].get("score") is not None for k in ("yes", "no"))
    return any(c.get("score") is not None for _, c in mappings(q.get("choices")))


_TYPE_FIELDS = {
    "choices": ("single", "multiple"),
    "anchors": ("scale",),
    "target": ("scale",),
    "target_text": ("scale",),
    "yes": ("yesno",),
    "no": ("yesno",),
    "min": ("number",),
    "max": ("number",),
    "integer": ("number",),
    "unit": ("number",),
    "score_bands": ("number",),
    "max_length": ("text",),
}


def check_question(path: Path, q: Raw, dimension: str | None) -> Found:
    kind = raw_id(q, "type")
    found: Found = [
        (path + (key,), f"'{key}' does not apply to a {kind} question")
        for key, kinds in _TYPE_FIELDS.items()
        if key in q and kind in _KNOWN_TYPES and kind not in kinds
    ]
    if kind in ("single", "multiple"):
        choices = mappings(q.get("choices"))
        if len(choices) < 2:
            found.append((path, f"a {kind}-choice question needs at least two choices"))
        found += _check_choice_scores(path, q, choices, dimension)
    elif kind == "scale":
        found += _check_anchors(path, q.get("anchors"))
    elif kind == "number":
        low, high = q.get("min"), q.get("max")
        if isinstance(low, int | float) and isinstance(high, int | float) and low >= high:
            found.append((path + ("max",), f"max ({high}) must be greater than min ({low})"))
    if dimension is None and kind == "scale":
        found.append((path, "a scale question scores, so it belongs in a dimension, not the profile"))
    elif dimension is None and is_scored(q):
        found.append((path, "profile questions are not scored; remove the scores or move it into a dimension"))
    return found


_KNOWN_TYPES = ("single", "multiple", "scale", "yesno", "number", "text")


def _check_anchors(path: Path, anchors: Any) -> Found:
    keys = {str(k) for k in anchors} if isinstance(anchors, dict) else set()
    found: Found = []
    missing = [p for p in "12345" if p not in keys]
    if missing:
        found.append(
            (
                path + (("anchors",) if anchors else ()),
                f"scale anchors missing for point(s) {', '.join(missing)}; label all five",
            )
        )
    extra = sorted(keys - set("12345"))
    if extra:
        found.append((path + ("anchors",), f"scale anchor '{extra[0]}' is not a point from 1 to 5"))
    return found


def _check_choice_scores(path: Path, q: Raw, choices: list[tuple[int, Raw]], dimension: str | None) -> Found:
    scores = [c.get("score") for _, c in choices]
    numeric = [s for s in scores if isinstance(s, int | float)]
    if dimension is None or not numeric or raw_id(q, "type") != "single":
        return []
    if len(set(numeric)) == 1 and len(numeric) > 1:
        return [(path, "every choice has the same score, so this question cannot move the score")]
    found: Found = []
    for i, choice in choices:
        score = choice.get("score")
        if isinstance(score, int | float) and score < 0:
            found.append((path + ("choices", i, "score"), "a single-choice score must be from 0 to 100"))
    return found
