"""Reading answer sets (from a file, a form or an import) into normalised values.

Normalised values: single/yesno -> choice id (str); multiple -> frozenset of choice ids;
scale -> (current, target or None); number -> int or float; text -> str.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scoring.model import Question, Questionnaire

TEXT_LIMIT = 2000
# C0 controls (but tab, newline, carriage return) and DEL become their visible Unicode
# "control pictures", so they are kept and shown literally instead of breaking output.
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(32) if c not in (9, 10, 13)} | {127: 0x2421}


@dataclass(frozen=True)
class AnswerError:
    question_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.question_id}: {self.message}"


class AnswersInvalid(ValueError):
    def __init__(self, errors: list[AnswerError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def parse_answers(q: Questionnaire, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise `raw`; raises AnswersInvalid listing every bad answer by question id."""
    if not isinstance(raw, Mapping):
        raise AnswersInvalid([AnswerError("(file)", "answers must be a mapping of question id to answer")])
    values: dict[str, Any] = {}
    errors: list[AnswerError] = []
    for qid, value in raw.items():
        question = q.questions.get(str(qid))
        if question is None:
            errors.append(AnswerError(str(qid), "no question has this id"))
            continue
        if value is None or value == "" or value == []:
            continue
        try:
            values[question.id] = parse_value(question, value)
        except ValueError as exc:
            errors.append(AnswerError(question.id, str(exc)))
    if errors:
        raise AnswersInvalid(errors)
    return {qid: values[qid] for qid in q.questions if qid in values}


def parse_value(question: Question, value: Any) -> Any:
    """One answer in normalised form, or ValueError with a sentence for the person."""
    kind = question.type
    if kind in ("single", "yesno"):
        if kind == "yesno" and isinstance(value, bool):
            value = "yes" if value else "no"
        if not isinstance(value, str) or question.choice(value) is None:
            raise ValueError(f"'{value}' is not one of the choices ({_choice_ids(question)})")
        return value
    if kind == "multiple":
        return _parse_multiple(question, value)
    if kind == "scale":
        return _parse_scale(question, value)
    if kind == "number":
        return _parse_number(question, value)
    return _parse_text(question, value)


def _choice_ids(question: Question) -> str:
    return ", ".join(c.id for c in question.choices)


def _parse_multiple(question: Question, value: Any) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple | set | frozenset):
        raise ValueError("expected a list of choice ids")
    chosen = set()
    for item in items:
        if not isinstance(item, str) or question.choice(item) is None:
            raise ValueError(f"'{item}' is not one of the choices ({_choice_ids(question)})")
        chosen.add(item)
    exclusive = [c.id for c in question.choices if c.exclusive and c.id in chosen]
    if exclusive and len(chosen) > 1:
        raise ValueError(f"'{exclusive[0]}' cannot be combined with other choices")
    return frozenset(chosen)


def _scale_point(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"the {what} must be a whole number from 1 to 5")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"the {what} must be a whole number from 1 to 5") from None
    if not number.is_integer() or not 1 <= number <= 5:
        raise ValueError(f"the {what} must be a whole number from 1 to 5, got {value}")
    return int(number)


def _parse_scale(question: Question, value: Any) -> tuple[int, int | None]:
    if isinstance(value, Mapping):
        unknown = set(value) - {"current", "target"}
        if unknown:
            raise ValueError(f"unknown key '{sorted(unknown)[0]}'; use current and target")
        if "current" not in value:
            raise ValueError("the current state is missing")
        current = _scale_point(value["current"], "current state")
        target = value.get("target")
        if target is not None:
            if not question.spec.target:
                raise ValueError("this question does not ask for a target state")
            target = _scale_point(target, "target state")
        return (current, target)
    return (_scale_point(value, "answer"), None)


def _parse_number(question: Question, value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError("expected a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a number, got '{value}'") from None
    if not math.isfinite(number):
        raise ValueError("expected a finite number")
    spec = question.spec
    if spec.integer and not number.is_integer():
        raise ValueError("expected a whole number")
    if spec.min is not None and number < spec.min:
        raise ValueError(f"must be at least {_fmt(spec.min)}")
    if spec.max is not None and number > spec.max:
        raise ValueError(f"must be at most {_fmt(spec.max)}")
    return int(number) if spec.integer else number


def _parse_text(question: Question, value: Any) -> str:
    text = visible_controls(value if isinstance(value, str) else str(value))
    limit = question.spec.max_length or TEXT_LIMIT
    if len(text) > limit:
        raise ValueError(f"is {len(text)} characters long; the limit is {limit}")
    return text


def visible_controls(text: str) -> str:
    """Control characters replaced by their visible Unicode pictures (NUL becomes ␀)."""
    return text.translate(_CONTROL_PICTURES)


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def to_jsonable(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Normalised answers in a form JSON (and the database) can hold."""
    out: dict[str, Any] = {}
    for qid, value in answers.items():
        if isinstance(value, frozenset):
            out[qid] = sorted(value)
        elif isinstance(value, tuple):
            out[qid] = {"current": value[0]} if value[1] is None else {"current": value[0], "target": value[1]}
        else:
            out[qid] = value
    return out
