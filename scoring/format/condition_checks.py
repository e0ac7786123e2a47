"""Cross-checks of a condition on the raw data (show-conditions, risk rules, verdict keys): it parses,
names known and, for a show-condition, earlier questions, and compares answers those questions can give."""

from __future__ import annotations

from typing import Any

from scoring.conditions import ConditionError, Leaf, parse_condition
from scoring.format.lookups import did_you_mean, mappings, raw_id
from scoring.format.raw import ById, Found, Raw
from scoring.format.yamlread import Path


def check_condition(raw: Any, path: Path, by_id: ById, before: int | None) -> Found:
    try:
        condition = parse_condition(raw)
    except ConditionError as exc:
        return [(path + exc.path, exc.args[0])]
    found: Found = []
    for leaf in condition.leaves():
        target = by_id.get(leaf.question)
        here = path + leaf.path
        if target is None:
            found.append(
                (here, f"condition refers to unknown question '{leaf.question}'{did_you_mean(leaf.question, by_id)}")
            )
            continue
        index, _, question = target
        if before is not None and index >= before:
            what = "itself" if index == before else "a later question"
            found.append((here, f"a show-condition may only use earlier answers; '{leaf.question}' is {what}"))
            continue
        problem = _leaf_fits(leaf, question)
        if problem:
            found.append((here, f"condition on '{leaf.question}': {problem}"))
    return found


def _leaf_fits(leaf: Leaf, question: Raw) -> str | None:
    kind = raw_id(question, "type")
    if leaf.op == "answered":
        return None
    if kind == "text":
        return "a free-text answer can only be tested with 'answered'"
    if leaf.part == "target" and not (kind == "scale" and question.get("target") is True):
        return "'part: target' needs a scale question that asks for a target state"
    values = leaf.value if leaf.op == "one_of" else {leaf.value}
    if leaf.op in ("at_least", "at_most"):
        if kind in ("single", "yesno"):
            return f"'{leaf.op}' needs a scale, number or multiple-choice question"
        return None
    if kind in ("single", "multiple"):
        ids = {raw_id(c, "id") for _, c in mappings(question.get("choices"))}
    elif kind == "yesno":
        ids = {"yes", "no"}
    elif kind == "scale":
        ids = {1, 2, 3, 4, 5}
    else:
        return None if all(isinstance(v, int | float) for v in values) else "compare numbers with numbers"
    unknown = sorted(str(v) for v in values if v not in ids)
    if unknown:
        hint = did_you_mean(unknown[0], ids)
        return f"'{unknown[0]}' is not one of its choices ({', '.join(sorted(map(str, ids)))}){hint}"
    return None
