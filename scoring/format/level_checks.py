"""Cross-checks of maturity levels: numbering, thresholds on the display scale, and requirements
(conditions that are valid, and that each stage can meet)."""

from __future__ import annotations

from typing import Any

from scoring.conditions import All, AnyOf, Condition, ConditionError, Leaf, parse_condition
from scoring.format.raw import ById, ConditionCheck, Found, Raw
from scoring.format.yamlread import Path

Ordered = list[tuple[int, int, float]]  # (level, position in the file, min_score) of the well-formed levels


def _id(mapping: Raw, key: str) -> Any:
    value = mapping.get(key)
    return value if value is None or isinstance(value, str | int | float | bool) else f"<{type(value).__name__}>"


def _dicts(value: Any) -> list[tuple[int, Raw]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _scale(data: Raw) -> tuple[float, float]:
    scale = data.get("display_scale")
    if not isinstance(scale, dict):
        return 0.0, 100.0
    low, high = scale.get("min", 0), scale.get("max", 100)
    return (low, high) if _number(low) and _number(high) else (0.0, 100.0)


def check_levels(data: Raw, by_id: ById, check_condition: ConditionCheck) -> Found:
    levels = _dicts(data.get("maturity_levels"))
    numbers = sorted(n for _, lv in levels if isinstance(n := lv.get("level"), int) and not isinstance(n, bool))
    found: Found = []
    low, high = _scale(data)
    if high <= low:
        found.append((("display_scale", "max"), f"the display scale's max ({high:g}) must be greater than its min"))
    if numbers and (numbers[0] not in (0, 1) or numbers != list(range(numbers[0], numbers[0] + len(numbers)))):
        found.append(
            (("maturity_levels",), "maturity levels must be numbered one after another from 0 or 1, each once")
        )
    ordered: Ordered = sorted((lv["level"], i, lv["min_score"]) for i, lv in levels if _level_and_score(lv))
    for (level, i, start), (before, _, prev) in zip(ordered[1:], ordered, strict=False):
        if start <= prev:
            found.append(
                (
                    ("maturity_levels", i, "min_score"),
                    f"level {level} must start at a higher score than level {before} ({prev:g})",
                )
            )
    for _level, i, start in ordered:
        if not low <= start <= high:
            found.append(
                (("maturity_levels", i, "min_score"), f"min_score {start:g} is outside the scale {low:g}-{high:g}")
            )
    if ordered and ordered[0][2] != low:
        found.append(
            (
                ("maturity_levels", ordered[0][1], "min_score"),
                f"level {ordered[0][0]} is the lowest, so it must start at {low:g}",
            )
        )
    found += _check_requirements(data, levels, ordered, by_id, check_condition)
    return found


def _level_and_score(lv: Raw) -> bool:
    level = lv.get("level")
    return isinstance(level, int) and not isinstance(level, bool) and _number(lv.get("min_score"))


def _check_requirements(
    data: Raw, levels: list[tuple[int, Raw]], ordered: Ordered, by_id: ById, check_condition: ConditionCheck
) -> Found:
    found: Found = []
    lowest = ordered[0][1] if ordered else None
    for i, lv in levels:
        requirements = _dicts(lv.get("requires"))
        if requirements and i == lowest:
            found.append(
                (
                    ("maturity_levels", i, "requires"),
                    "the lowest level cannot have requirements: every answer set must reach some level",
                )
            )
        for r, requirement in requirements:
            path = ("maturity_levels", i, "requires", r, "when")
            if "when" not in requirement:
                continue
            problems = check_condition(requirement["when"], path, by_id, None)
            found += [(p, f"level requirement: {m}") for p, m in problems]
            if not problems:
                found += _stage_reachable(data, requirement["when"], path, by_id, lv.get("level"))
    return found


def _stage_reachable(data: Raw, raw: Any, path: Path, by_id: ById, level: Any) -> Found:
    """A requirement that only questions of one stage can meet makes its level unreachable at the other.

    Naming the stage question in one of the level's requirements says that this is meant.
    """
    stage = data.get("stage")
    if not isinstance(stage, dict):
        return []
    try:
        condition = parse_condition(raw)
    except ConditionError:
        return []
    levels = [lv for _, lv in _dicts(data.get("maturity_levels")) if lv.get("level") == level]
    named = [r.get("when") for lv in levels for _, r in _dicts(lv.get("requires"))]
    for other in named:
        try:
            if any(leaf.question == stage.get("question") for leaf in parse_condition(other).leaves()):
                return []
        except ConditionError:
            continue
    for asked, where, other in (
        ("live", "once the platform is live", "before launch"),
        ("before_launch", "before launch", "once the platform is live"),
    ):
        if not _possible(condition, by_id, asked):
            only = next(leaf.question for leaf in condition.leaves() if _asked(by_id, leaf.question) == asked)
            return [
                (
                    path,
                    f"level {level} requires an answer to '{only}', which is only asked {where}; "
                    f"{other} this level could never be reached. Add the question that replaces it there "
                    "with 'any', or name the stage question in the level's requirements if that is meant",
                )
            ]
    return []


def _asked(by_id: ById, qid: str) -> Any:
    return _id(by_id.get(qid, (0, (), {}))[2], "asked_when")


def _possible(condition: Condition, by_id: ById, only: str) -> bool:
    """Whether `condition` can hold at the stage where questions asked `only` at the other one are hidden."""
    if isinstance(condition, Leaf):
        hidden = _asked(by_id, condition.question) == only
        return not hidden or (condition.op == "answered" and condition.value is False)
    if isinstance(condition, All):
        return all(_possible(item, by_id, only) for item in condition.items)
    if isinstance(condition, AnyOf):
        return any(_possible(item, by_id, only) for item in condition.items)
    return True  # a negation: cannot tell, so no complaint
