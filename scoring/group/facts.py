"""What a workshop's figures need from one response, as countable facts.

A fact is (kind, key, text, num): the participant's own figures (index, level, band, scores
per dimension, fired risks) and each shown, valid answer in the form the figures count it.
The database stores a response's facts once, at submit or import, and counts them with SQL
GROUP BY; group scoring counts the same facts in Python (`count_facts`). Both give the same
cells, so both give the same figures. Absent text is "" and absent numbers 0.0 (never NULL:
the cells are keyed by them).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

from scoring.group.results import Participant
from scoring.model import Question, Questionnaire

ROLE_QUESTION = "role"  # the profile question whose answer is the respondent's role
POINTS = (1, 2, 3, 4, 5)
INTEGER = "int"  # a number answer's text when it was an integer (so the figures give it back as one)

Fact = tuple[str, str, str, float]  # kind, key, text, num
Cell = tuple[str, str, str, str, float]  # role ("" for none), kind, key, text, num

RESPONDENT, TEAM, INDEX, LEVEL, BAND, DIMENSION, RISK = "n", "team", "index", "level", "band", "dim", "risk"
ANSWER, SELECTED, TARGET = "ans", "sel", "tgt"


def participant_facts(q: Questionnaire, participant: Participant) -> list[Fact]:
    """Everything the group figures count about one participant (the role is kept beside them)."""
    facts: list[Fact] = [(RESPONDENT, "", "", 0.0), (TEAM, "", participant.team or "", 0.0)]
    if participant.index is not None:
        facts.append((INDEX, "", "", float(participant.index)))
    if participant.maturity_level is not None:
        facts.append((LEVEL, "", "", float(participant.maturity_level)))
    if isinstance(participant.band, str) and participant.band:
        facts.append((BAND, "", participant.band, 0.0))
    facts += [(DIMENSION, d, "", float(s)) for d, s in participant.dimension_scores.items() if s is not None]
    facts += [(RISK, risk_id, "", 0.0) for risk_id in dict.fromkeys(participant.risk_ids)]
    answers = participant.answers if type(participant.answers) is dict else {}
    hidden = hidden_questions(q, answers)
    for qid, question in q.questions.items():
        if question.type == "text" or qid == ROLE_QUESTION or qid in hidden or qid not in answers:
            continue
        facts += _ANSWER_FACTS[question.type](question, answers[qid])
    return facts


def count_facts(rows: Iterable[tuple[str | None, list[Fact]]]) -> Counter[Cell]:
    """{(role, kind, key, text, num): participants} over (role, facts) rows: what GROUP BY gives."""
    cells: Counter[Cell] = Counter()
    for role, facts in rows:
        cells.update((role or "", *fact) for fact in facts)
    return cells


def hidden_questions(q: Questionnaire, answers: dict[str, Any]) -> set[str]:
    """Answered questions that the participant's own earlier answers hide (scoring ignores them).

    Only the questions that conditions refer to are normalised, and only questions with a
    condition are checked.
    """
    conditional = [(qid, question.show_if) for qid, question in q.questions.items() if question.show_if is not None]
    if not conditional:
        return set()
    referenced = {leaf.question for _, condition in conditional for leaf in condition.leaves()}
    shown = {
        qid: _normalised(q.questions[qid], answers[qid]) for qid in q.questions if qid in referenced and qid in answers
    }
    hidden = set()
    for qid, condition in conditional:
        if condition.witness(shown) is None:
            shown.pop(qid, None)
            if qid in answers:
                hidden.add(qid)
    return hidden


def _normalised(question: Question, value: Any) -> Any:
    """The normalised form conditions read, without the checks of `parse_value` (they only compare)."""
    kind = question.type
    if kind == "multiple":
        return frozenset(value) if isinstance(value, list) else frozenset([value])
    if kind == "scale":
        if isinstance(value, dict):
            return (value.get("current"), value.get("target"))
        return (value, None)
    if kind == "yesno" and isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _choice_facts(question: Question, answer: Any) -> list[Fact]:
    if question.type == "yesno" and type(answer) is bool:
        answer = "yes" if answer else "no"
    if type(answer) is str and question.choice(answer) is not None:
        return [(ANSWER, question.id, answer, 0.0)]
    return []


def _scale_facts(question: Question, answer: Any) -> list[Fact]:
    facts: list[Fact] = []
    point = answer.get("current") if type(answer) is dict else answer
    if type(point) is not bool and isinstance(point, int | float) and point in POINTS:
        facts.append((ANSWER, question.id, "", float(point)))
    target = answer.get("target") if type(answer) is dict else None
    if type(target) is int and target in POINTS:
        facts.append((TARGET, question.id, "", float(target)))
    return facts


def _multiple_facts(question: Question, answer: Any) -> list[Fact]:
    points = {choice.id: choice.score or 0 for choice in question.choices}
    if type(answer) is str:
        answer = [answer]
    elif type(answer) is not list or not answer:
        return []
    try:
        total = sum(map(points.__getitem__, answer))
    except (KeyError, TypeError):
        return []  # a choice that does not exist: not a valid answer
    score = 100.0 if total > 100 else (0.0 if total < 0 else float(total))
    return [(ANSWER, question.id, "", score)] + [(SELECTED, question.id, choice, 0.0) for choice in answer]


def _number_facts(question: Question, answer: Any) -> list[Fact]:
    if type(answer) not in (int, float) or not math.isfinite(answer):
        return []
    return [(ANSWER, question.id, INTEGER if type(answer) is int else "", float(answer))]


_ANSWER_FACTS = {
    "single": _choice_facts,
    "yesno": _choice_facts,
    "scale": _scale_facts,
    "multiple": _multiple_facts,
    "number": _number_facts,
}
