"""The one condition language, used by show-conditions and by risk rules.

A condition is structured data, never a string that gets evaluated:

    all: [cond, ...]   any: [cond, ...]   not: cond
    question: ID  plus one of  equals: V | one_of: [V, ...] | at_least: N | at_most: N
                               | answered: true/false        (optional part: current|target)

`witness(answers)` returns the ids of the questions whose answers made the condition
true (so a result can say which answers fired a rule), or None when it is false.
`condition_data(condition)` is the compiled form as JSON data, which the browser evaluates
(assessment/static/js/conditions.js) with the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

OPERATORS = ("equals", "one_of", "at_least", "at_most", "answered")
LEAF_KEYS = {"question", "part", *OPERATORS}

Path = tuple[str | int, ...]  # keys and list positions from the condition's root
Witness = Callable[[Mapping[str, Any]], tuple[str, ...] | None]
Test = Callable[[Mapping[str, Any]], bool]  # whether a condition holds, without a witness


class ConditionError(ValueError):
    """A malformed condition; `path` is relative to the condition's own position."""

    def __init__(self, message: str, path: Path = ()) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Condition, ...]

    def witness(self, answers: Mapping[str, Any]) -> tuple[str, ...] | None:
        found: tuple[str, ...] = ()
        for item in self.items:
            hit = item.witness(answers)
            if hit is None:
                return None
            found += hit
        return tuple(dict.fromkeys(found)) if len(found) > 1 else found

    def leaves(self) -> list[Leaf]:
        return [leaf for item in self.items for leaf in item.leaves()]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Condition, ...]

    def witness(self, answers: Mapping[str, Any]) -> tuple[str, ...] | None:
        found: tuple[str, ...] | None = None
        for item in self.items:
            hit = item.witness(answers)
            if hit is not None:
                found = hit if found is None else found + hit
        return tuple(dict.fromkeys(found)) if found and len(found) > 1 else found

    def leaves(self) -> list[Leaf]:
        return [leaf for item in self.items for leaf in item.leaves()]


@dataclass(frozen=True, slots=True)
class Not:
    item: Condition
    keys: tuple[str, ...] = field(init=False, compare=False, repr=False)  # the questions it reads, once

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(dict.fromkeys(leaf.question for leaf in self.item.leaves())))

    def witness(self, answers: Mapping[str, Any]) -> tuple[str, ...] | None:
        return None if self.item.witness(answers) is not None else self.keys

    def leaves(self) -> list[Leaf]:
        return self.item.leaves()


@dataclass(frozen=True, slots=True)
class Leaf:
    """One test on one answer. `witness` is a closure built once: the hot path of scoring."""

    question: str
    op: str
    value: Any
    part: str = "current"
    path: Path = field(default=(), compare=False)  # where it sits inside its condition
    witness: Witness = field(init=False, compare=False, repr=False)
    test: Test = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "witness", _make_witness(self.question, self.op, self.value, self.part))
        object.__setattr__(self, "test", _make_test(self.question, self.op, self.value, self.part))

    def holds(self, answer: Any) -> bool:
        return self.witness({self.question: answer}) is not None

    def leaves(self) -> list[Leaf]:
        return [self]


def _make_witness(question: str, op: str, value: Any, part: str) -> Witness:
    """`witness(answers)`: `(question,)` when the test holds for the normalised answer, else None."""
    key = (question,)
    index = 1 if part == "target" else 0
    if op == "answered":

        def answered(answers: Mapping[str, Any]) -> tuple[str, ...] | None:
            return key if (answers.get(question) is not None) is value else None

        return answered

    def measure(answers: Mapping[str, Any]) -> Any:
        """The value compared: the answer, a scale's current or target point, or a selection."""
        answer = answers.get(question)
        return answer[index] if type(answer) is tuple else answer

    def equals(answers: Mapping[str, Any]) -> tuple[str, ...] | None:
        answer = measure(answers)
        if type(answer) is frozenset:
            return key if value in answer else None
        return key if answer is not None and answer == value else None

    def one_of(answers: Mapping[str, Any]) -> tuple[str, ...] | None:
        answer = measure(answers)
        if type(answer) is frozenset:
            return None if answer.isdisjoint(value) else key
        return key if answer is not None and answer in value else None

    def bound(answers: Mapping[str, Any]) -> tuple[str, ...] | None:
        answer = measure(answers)
        if answer is None:
            return None
        amount = len(answer) if type(answer) is frozenset else answer
        return key if (amount >= value if op == "at_least" else amount <= value) else None

    return {"equals": equals, "one_of": one_of}.get(op, bound)


def _make_test(question: str, op: str, value: Any, part: str) -> Test:
    """`test(answers)`: whether the leaf holds, without building a witness (show-conditions, `unless`)."""
    index = 1 if part == "target" else 0
    if op == "answered":
        return lambda answers: (answers.get(question) is not None) is value
    if op == "equals":
        return _equals_test(question, value, index)
    if op == "one_of":
        return _one_of_test(question, value, index)
    return _bound_test(question, value, index, op == "at_least")


def _equals_test(question: str, value: object, index: int) -> Test:
    def equals(answers: Mapping[str, Any]) -> bool:
        answer: object = answers.get(question)
        if type(answer) is str:  # the common case: a single choice
            return answer == value
        if type(answer) is frozenset:
            return value in answer
        if type(answer) is tuple:
            answer = answer[index]
        return answer is not None and answer == value

    return equals


def _one_of_test(question: str, value: frozenset[str | int | float], index: int) -> Test:
    def one_of(answers: Mapping[str, Any]) -> bool:
        answer = answers.get(question)
        if type(answer) is str:
            return answer in value
        if type(answer) is frozenset:
            return not answer.isdisjoint(value)
        if type(answer) is tuple:
            answer = answer[index]
        return answer is not None and answer in value

    return one_of


def _bound_test(question: str, value: float, index: int, at_least: bool) -> Test:
    def bound(answers: Mapping[str, Any]) -> bool:
        answer = answers.get(question)
        if type(answer) is frozenset:
            answer = len(answer)
        elif type(answer) is tuple:
            answer = answer[index]
        if answer is None:
            return False
        holds: bool = answer >= value if at_least else answer <= value
        return holds

    return bound


Condition = All | AnyOf | Not | Leaf


def compile_test(condition: Condition) -> Test:
    """Whether `condition` holds, as one closure: for show-conditions, which need no witness."""
    if isinstance(condition, Leaf):
        return condition.test
    if isinstance(condition, Not):
        inner = compile_test(condition.item)
        return lambda answers: not inner(answers)
    tests = tuple(compile_test(item) for item in condition.items)
    if isinstance(condition, All):
        if len(tests) == 2:
            first, second = tests
            return lambda answers: first(answers) and second(answers)
        return lambda answers: all(test(answers) for test in tests)
    if len(tests) == 2:
        first, second = tests
        return lambda answers: first(answers) or second(answers)
    return lambda answers: any(test(answers) for test in tests)


def parse_condition(raw: Any, path: Path = ()) -> Condition:
    """Build a condition from YAML data; raises ConditionError naming the bad part."""
    if not isinstance(raw, dict) or not raw:
        raise ConditionError("a condition must be a mapping such as {question: q1, equals: x}", path)
    combinators = [key for key in ("all", "any", "not") if key in raw]
    if combinators:
        if len(raw) != 1:
            raise ConditionError(
                f"'{combinators[0]}' must stand alone in its mapping; nest the other keys inside it",
                path,
            )
        key = combinators[0]
        if key == "not":
            return Not(parse_condition(raw["not"], path + ("not",)))
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"'{key}' needs a non-empty list of conditions", path + (key,))
        parsed = tuple(parse_condition(item, path + (key, i)) for i, item in enumerate(items))
        return All(parsed) if key == "all" else AnyOf(parsed)
    return _parse_leaf(raw, path)


def _parse_leaf(raw: dict[str, Any], path: Path) -> Leaf:
    unknown = sorted(set(raw) - LEAF_KEYS)
    if unknown:
        raise ConditionError(
            f"unknown condition key '{unknown[0]}'; use all, any, not, question, " + ", ".join(OPERATORS),
            path + (unknown[0],),
        )
    question = raw.get("question")
    if not isinstance(question, str):
        raise ConditionError("a condition needs 'question: <question id>'", path)
    ops = [op for op in OPERATORS if op in raw]
    if len(ops) != 1:
        raise ConditionError(f"a condition on '{question}' needs exactly one of " + ", ".join(OPERATORS), path)
    op = ops[0]
    part = raw.get("part", "current")
    if part not in ("current", "target"):
        raise ConditionError("'part' must be current or target", path + ("part",))
    return Leaf(question, op, _leaf_value(op, raw[op], path + (op,)), part, path)


def _leaf_value(op: str, value: Any, path: Path) -> Any:
    """The operand, checked against its operator (a list becomes a frozenset)."""
    if op == "answered" and not isinstance(value, bool):
        raise ConditionError("'answered' must be true or false", path)
    if op in ("at_least", "at_most") and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ConditionError(f"'{op}' must be a number", path)
    if op == "equals" and isinstance(value, list | dict):
        raise ConditionError("'equals' takes one value; use one_of for a list", path)
    if op != "one_of":
        return value
    if not isinstance(value, list) or not value:
        raise ConditionError("'one_of' needs a non-empty list", path)
    if not all(isinstance(v, str | int | float) for v in value):
        raise ConditionError("'one_of' lists plain values (choice ids or numbers)", path)
    return frozenset(value)


def condition_data(condition: Condition) -> dict[str, Any]:
    """The compiled condition as JSON data: every leaf with its operator and part spelled out."""
    if isinstance(condition, All | AnyOf):
        return {"all" if isinstance(condition, All) else "any": [condition_data(item) for item in condition.items]}
    if isinstance(condition, Not):
        return {"not": condition_data(condition.item)}
    value = sorted(condition.value, key=repr) if condition.op == "one_of" else condition.value
    return {"question": condition.question, "op": condition.op, "value": value, "part": condition.part}
