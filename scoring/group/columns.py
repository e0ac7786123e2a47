"""Per-question figures, read column by column: one question across all participants.

Speed: a dashboard asks for these several times a second. Answers are read straight from
their JSON form and counted with `Counter` over (group, value) pairs; statistics come from
the counts. No answer set is parsed and no result is built per participant.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import chain
from typing import Any

from scoring.group.anonymity import Room
from scoring.group.results import Participant, QuestionStat
from scoring.group.statistics import consensus, half_up, mean_stdev, median, median_of_counts
from scoring.model import Question, Questionnaire

ROLE_QUESTION = "role"  # the profile question whose answer is the respondent's role
POINTS = (1, 2, 3, 4, 5)


def question_stats(
    q: Questionnaire, participants: list[Participant], room: Room, agreed: dict[str, Any]
) -> tuple[list[QuestionStat], dict[str, Any]]:
    """Per-question figures (file order, no text, no role question) and each question's typical answer."""
    answer_sets = [p.answers if type(p.answers) is dict else {} for p in participants]
    hidden = _hidden_answers(q, answer_sets)
    stats, typical = [], {}
    for qid, question in q.questions.items():
        if question.type == "text" or qid == ROLE_QUESTION:
            continue
        column = [answers.get(qid) for answers in answer_sets]
        for position in hidden.get(qid, ()):
            column[position] = None
        stat, usual = _COLUMN_READERS[question.type](question, column, room)
        stat.agreed = agreed.get(qid)
        stats.append(stat)
        if usual is not None:
            typical[qid] = usual
    return stats, typical


def _hidden_answers(q: Questionnaire, answer_sets: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Positions of answers to questions that the participant's own earlier answers hide.

    Scoring ignores such answers, so the group figures do too. Only the questions that
    conditions refer to are normalised, and only questions with a condition are checked.
    """
    conditional = [(qid, question.show_if) for qid, question in q.questions.items() if question.show_if is not None]
    if not conditional:
        return {}
    referenced = {leaf.question for _, condition in conditional for leaf in condition.leaves()}
    readers = [(qid, q.questions[qid]) for qid in q.questions if qid in referenced]
    hidden: dict[str, list[int]] = {}
    for position, answers in enumerate(answer_sets):
        shown = {qid: _normalised(question, answers[qid]) for qid, question in readers if qid in answers}
        for qid, condition in conditional:
            if condition.witness(shown) is None:
                shown.pop(qid, None)
                if qid in answers:
                    hidden.setdefault(qid, []).append(position)
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


def _new_stat(question: Question, n: int, distribution: dict[Any, Any]) -> QuestionStat:
    return QuestionStat(
        id=question.id,
        n=n,
        scored_n=0,
        distribution=distribution,
        mean_score=None,
        mean_point=None,
        spread=None,
        consensus=None,
        agreed=None,
        by_group={},
        gap=None,
    )


def _apply_scores(stat: QuestionStat, cells: dict[tuple[Any, float], int], room: Room) -> None:
    """Mean, spread, consensus and role breakdown from {(group, question score): participants}."""
    totals: Counter[float] = Counter()
    sums: dict[Any, float] = {}
    counts: Counter[Any] = Counter()
    for (key, score), count in cells.items():
        totals[score] += count
        sums[key] = sums.get(key, 0.0) + score * count
        counts[key] += count
    n = totals.total()
    stat.scored_n = n
    stat.mean_score, stat.spread = mean_stdev(totals, n)
    stat.consensus = consensus(totals, n, 0.0, 100.0)
    stat.by_group, stat.gap = room.breakdown(sums, counts)


def _pair_counts(room: Room, column: list[Any], valid: type | tuple[type, ...]) -> Counter[tuple[Any, Any]]:
    """{(group, answer): participants}; answers not of the `valid` type(s) become None."""
    try:
        return Counter(zip(room.role_keys, column, strict=True))
    except TypeError:  # an unhashable (malformed) stored answer
        return Counter(zip(room.role_keys, [a if isinstance(a, valid) else None for a in column], strict=True))


def _read_choice(question: Question, column: list[Any], room: Room) -> tuple[QuestionStat, Any]:
    if question.type == "yesno" and (True in column or False in column):
        column = [("yes" if a else "no") if type(a) is bool else a for a in column]
    pairs = _pair_counts(room, column, str)
    distribution = {choice.id: 0 for choice in question.choices}
    for (_, answer), count in pairs.items():
        if type(answer) is str and answer in distribution:
            distribution[answer] += count
    stat = _new_stat(question, sum(distribution.values()), distribution)
    if question.scored:
        scores = {choice.id: choice.score for choice in question.choices if choice.score is not None}
        cells: Counter[tuple[Any, float]] = Counter()
        for (key, answer), count in pairs.items():
            if type(answer) is str and answer in scores:
                cells[key, scores[answer]] += count
        _apply_scores(stat, cells, room)
    elif stat.n >= 2:
        stat.consensus = max(distribution.values()) / stat.n
    usual = max(distribution, key=distribution.__getitem__) if stat.n else None  # first of the most chosen
    return stat, usual


def _read_scale(question: Question, column: list[Any], room: Room) -> tuple[QuestionStat, Any]:
    currents = [a.get("current") if type(a) is dict else a for a in column]
    pairs = _pair_counts(room, currents, int)
    cells: Counter[tuple[Any, float]] = Counter()
    distribution = dict.fromkeys(POINTS, 0)
    for (key, point), count in pairs.items():
        if point in distribution and type(point) is not bool:
            distribution[point] += count
            cells[key, (point - 1) * 25.0] += count
    stat = _new_stat(question, sum(distribution.values()), distribution)
    if not stat.n:
        return stat, None
    stat.mean_point = math.fsum(p * c for p, c in distribution.items()) / stat.n
    if question.scored:
        _apply_scores(stat, cells, room)
    else:
        stat.spread = mean_stdev(distribution, stat.n)[1]
        stat.consensus = consensus(distribution, stat.n, 1, 5)
    usual: dict[str, int] = {"current": half_up(median_of_counts(distribution))}
    if question.spec.target:
        counted = Counter(a.get("target") for a in column if type(a) is dict and type(a.get("target")) is int)
        targets = {t: counted[t] for t in POINTS if t in counted}
        if targets:
            usual["target"] = half_up(median_of_counts(targets))
    return stat, usual


def _read_multiple(question: Question, column: list[Any], room: Room) -> tuple[QuestionStat, Any]:
    points = {choice.id: choice.score or 0 for choice in question.choices}
    selections, keys, scores = [], [], []
    for key, answer in zip(room.role_keys, column, strict=True):
        if type(answer) is str:
            answer = [answer]
        elif type(answer) is not list or not answer:
            continue
        try:
            total = sum(map(points.__getitem__, answer))
        except (KeyError, TypeError):
            continue  # a choice that does not exist: not a valid answer
        selections.append(answer)
        keys.append(key)
        scores.append(100.0 if total > 100 else (0.0 if total < 0 else float(total)))
    selected = Counter(chain.from_iterable(selections))
    distribution = {choice.id: selected.get(choice.id, 0) for choice in question.choices}
    stat = _new_stat(question, len(selections), distribution)
    if question.scored:
        _apply_scores(stat, Counter(zip(keys, scores, strict=True)), room)
    elif stat.n >= 2:
        shares = [count / stat.n for count in distribution.values()]
        stat.consensus = math.fsum(abs(2 * share - 1) for share in shares) / len(shares)
    return stat, _typical_selection(question, distribution, stat.n)


def _typical_selection(question: Question, distribution: dict[str, int], n: int) -> list[str] | None:
    """Choices selected by at least half; an exclusive choice wins only with more votes than the rest."""
    chosen = [choice for choice in question.choices if n and 2 * distribution[choice.id] >= n]
    exclusive = [c for c in chosen if c.exclusive]
    plain = [c for c in chosen if not c.exclusive]
    if exclusive:
        top = max(exclusive, key=lambda c: distribution[c.id])  # first of the most selected
        if not plain or distribution[top.id] > max(distribution[c.id] for c in plain):
            return [top.id]
    return [c.id for c in plain] or None


def _read_number(question: Question, column: list[Any], room: Room) -> tuple[QuestionStat, Any]:
    bands = tuple((b.at_least, b.at_most, b.score) for b in question.spec.score_bands or ())
    memo: dict[float, float | None] = {}
    values: list[float] = []
    cells: Counter[tuple[Any, float]] = Counter()
    for key, answer in zip(room.role_keys, column, strict=True):
        if type(answer) not in (int, float) or not math.isfinite(answer):
            continue
        values.append(answer)
        if answer not in memo:
            memo[answer] = _band_score(bands, answer)
        score = memo[answer]
        if score is not None:
            cells[key, score] += 1
    values.sort()
    distribution = {"min": values[0], "median": median(values), "max": values[-1]} if values else {}
    stat = _new_stat(question, len(values), distribution)
    if question.scored:
        _apply_scores(stat, cells, room)
    if not values:
        return stat, None
    middle = distribution["median"]
    return stat, half_up(middle) if question.spec.integer else middle


def _band_score(bands: tuple[tuple[float | None, float | None, float], ...], value: float) -> float | None:
    for at_least, at_most, score in bands:
        if (at_least is None or value >= at_least) and (at_most is None or value <= at_most):
            return float(score)
    return None


_COLUMN_READERS = {
    "single": _read_choice,
    "yesno": _read_choice,
    "scale": _read_scale,
    "multiple": _read_multiple,
    "number": _read_number,
}
