"""Can two risk factors fire on the same answers? A small satisfiability check for `excludes`.

Each way a risk can be raised (a choice, a risk rule) becomes a few conjunctions of
constraints on answers, with the conditions that show the questions involved (stage
included). Two ways can apply together when some pair of their conjunctions is
consistent. Constraints on single-choice, yes/no and scale answers are exact; number and
multiple-choice answers are only checked for plain contradictions, so in doubt the check
says "can fire together" and shows the answers that would do it.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from scoring.conditions import All, AnyOf, Condition, ConditionError, Leaf, Not, parse_condition
from scoring.format.raw import Located, Raw

MAX_TERMS = 64
Values = frozenset[Any]  # answers a question can have: choice ids, scale points, None for no answer
SCALE: Values = frozenset({1, 2, 3, 4, 5})
Conjunction = dict[tuple[str, str], Values | None]  # (question, part) -> allowed values; None: anything


class Questions:
    """The raw questions of a file, with their finite answer domains and show-conditions."""

    def __init__(self, data: Raw, questions: list[Located]) -> None:
        self.raw: dict[str, Raw] = {q["id"]: q for _, q, _ in questions if isinstance(q.get("id"), str)}
        found = data.get("stage")
        stage: Raw = found if isinstance(found, dict) else {}
        question = stage.get("question")
        self.stage_question = question if isinstance(question, str) else None
        before = stage.get("before_launch")
        self.before_launch = frozenset(v for v in before if isinstance(v, str)) if isinstance(before, list) else None

    def domain(self, qid: str, part: str) -> Values | None:
        """Every possible answer (None: not answered), or None when the domain is not finite."""
        q = self.raw.get(qid) or {}
        kind = q.get("type")
        if kind == "single":
            ids = [c.get("id") for c in _list(q.get("choices")) if isinstance(c, dict)]
            return frozenset(i for i in [*ids, None] if i is None or isinstance(i, str))
        if kind == "yesno":
            return frozenset(["yes", "no", None])
        if kind == "scale":
            return SCALE | {None}
        return None

    def shown_terms(self, qid: str, depth: int = 0) -> list[Conjunction]:
        """Conjunctions under which question `qid` is shown (its condition, its stage, theirs)."""
        q = self.raw.get(qid) or {}
        terms: list[Conjunction] = [{}]
        if depth < 4 and isinstance(q.get("show_if"), dict):
            terms = self.terms(q["show_if"], depth + 1)
        when = q.get("asked_when")
        if when in ("live", "before_launch") and self.stage_question and self.before_launch:
            leaf = Leaf(self.stage_question, "one_of", self.before_launch)
            terms = _and(terms, self._dnf(leaf if when == "before_launch" else Not(leaf), depth + 1))
        return terms

    def terms(self, raw: Any, depth: int = 0) -> list[Conjunction]:
        try:
            condition = parse_condition(raw)
        except ConditionError:
            return [{}]
        return self._dnf(condition, depth)

    def _dnf(self, condition: Condition, depth: int) -> list[Conjunction]:
        if isinstance(condition, All):
            terms: list[Conjunction] = [{}]
            for item in condition.items:
                terms = _and(terms, self._dnf(item, depth))
            return terms
        if isinstance(condition, AnyOf):
            terms = [t for item in condition.items for t in self._dnf(item, depth)]
            return terms if len(terms) <= MAX_TERMS else [{}]
        if isinstance(condition, Not):
            if isinstance(condition.item, Leaf):
                allowed = self._allowed(condition.item)
                domain = self.domain(condition.item.question, condition.item.part)
                if allowed is not None and domain is not None:
                    return self._with_shown(condition.item.question, {_key(condition.item): domain - allowed}, depth)
            return [{}]
        allowed = self._allowed(condition)
        if allowed is None:
            return [{}]
        return self._with_shown(condition.question, {_key(condition): allowed}, depth)

    def _with_shown(self, qid: str, term: Conjunction, depth: int) -> list[Conjunction]:
        needs_answer = any(values is not None and None not in values for values in term.values())
        return _and([term], self.shown_terms(qid, depth + 1)) if needs_answer else [term]

    def _allowed(self, leaf: Leaf) -> Values | None:
        domain = self.domain(leaf.question, leaf.part)
        if domain is None:
            return None
        if leaf.op == "answered":
            return domain - {None} if leaf.value else frozenset([None])
        if leaf.op == "equals":
            return frozenset([leaf.value]) & domain
        if leaf.op == "one_of":
            return frozenset(leaf.value) & domain
        values = [v for v in domain if isinstance(v, int | float)]
        if leaf.op == "at_least":
            return frozenset(v for v in values if v >= leaf.value)
        return frozenset(v for v in values if v <= leaf.value)


def _key(leaf: Leaf) -> tuple[str, str]:
    return (leaf.question, leaf.part)


def _merge(a: Conjunction, b: Conjunction) -> Conjunction | None:
    merged = dict(a)
    for key, values in b.items():
        if values is None:
            continue  # anything: no constraint to add
        have = merged.get(key)
        if have is None:
            merged[key] = values
            continue
        both = have & values
        if not both:
            return None
        merged[key] = both
    return merged


def _and(left: list[Conjunction], right: list[Conjunction]) -> list[Conjunction]:
    out = [m for a, b in product(left, right) if (m := _merge(a, b)) is not None]
    return out if len(out) <= MAX_TERMS else out[:MAX_TERMS]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def raising_ways(data: Raw, questions: Questions, risk_id: str) -> list[tuple[str, list[Conjunction]]]:
    """Each way `risk_id` can be raised: a phrase naming it and the conjunctions under which it applies."""
    ways: list[tuple[str, list[Conjunction]]] = []
    for qid, q in questions.raw.items():
        # a choice without a usable id is reported by the choice checks; it cannot be reasoned about here
        options = [
            (c.get("id"), c) for c in _list(q.get("choices")) if isinstance(c, dict) and isinstance(c.get("id"), str)
        ]
        options += [(key, q[key]) for key in ("yes", "no") if isinstance(q.get(key), dict)]
        for choice, option in options:
            if risk_id in _list(option.get("raises")):
                terms = _and(_choice_terms(questions, qid, q, choice), questions.shown_terms(qid))
                ways.append((f"{qid} = {choice}", terms))
    for rule in _list(data.get("risk_rules")):
        if isinstance(rule, dict) and rule.get("raises") == risk_id and "when" in rule:
            ways.append((f"risk rule '{rule.get('id')}'", questions.terms(rule["when"])))
    return ways


def _choice_terms(questions: Questions, qid: str, q: Raw, choice: Any) -> list[Conjunction]:
    if q.get("type") in ("single", "yesno"):
        return [{(qid, "current"): frozenset([choice])}]
    return [{}]  # a multiple choice: not modelled, it can be ticked with others


def can_fire_together(data: Raw, questions: Questions, first: str, second: str) -> tuple[str, str] | None:
    """A way to raise each of the two risks on the same answers, or None when there is none."""
    for name_a, terms_a in raising_ways(data, questions, first):
        for name_b, terms_b in raising_ways(data, questions, second):
            if _and(terms_a, terms_b):
                return name_a, name_b
    return None
