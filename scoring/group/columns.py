"""Per-question figures, read from counted cells: one question across all participants.

Speed: a dashboard asks for these several times a second. The cells are the participants'
facts counted by (role, value) (`scoring.group.facts`), by the database or in Python; every
statistic comes from those counts, so the work does not grow with the number of participants.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from scoring.group.anonymity import Room
from scoring.group.cells import Cells
from scoring.group.facts import ANSWER, INTEGER, POINTS, ROLE_QUESTION, SELECTED, TARGET
from scoring.group.results import QuestionStat
from scoring.group.statistics import consensus, half_up, mean_stdev, median_of_counts
from scoring.model import Question, Questionnaire

__all__ = ["POINTS", "ROLE_QUESTION", "question_stats"]


def question_stats(
    q: Questionnaire, cells: Cells, room: Room, agreed: dict[str, Any]
) -> tuple[list[QuestionStat], dict[str, Any]]:
    """Per-question figures (file order, no text, no role question) and each question's typical answer."""
    stats, typical = [], {}
    for qid, question in q.questions.items():
        if question.type == "text" or qid == ROLE_QUESTION:
            continue
        stat, usual = _COLUMN_READERS[question.type](question, cells, room)
        stat.agreed = agreed.get(qid)
        stats.append(stat)
        if usual is not None:
            typical[qid] = usual
    return stats, typical


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
    parts: dict[Any, list[float]] = {}
    counts: Counter[Any] = Counter()
    for (key, score), count in cells.items():
        totals[score] += count
        parts.setdefault(key, []).append(score * count)
        counts[key] += count
    n = totals.total()
    stat.scored_n = n
    stat.mean_score, stat.spread = mean_stdev(totals, n)
    stat.consensus = consensus(totals, n, 0.0, 100.0)
    stat.by_group, stat.gap = room.breakdown({key: math.fsum(p) for key, p in parts.items()}, counts)


def _read_choice(question: Question, cells: Cells, room: Room) -> tuple[QuestionStat, Any]:
    entries = cells.entries(ANSWER, question.id)
    distribution = {choice.id: 0 for choice in question.choices}
    for _, answer, _, count in entries:
        if answer in distribution:
            distribution[answer] += count
    stat = _new_stat(question, sum(distribution.values()), distribution)
    if question.scored:
        scores = {choice.id: choice.score for choice in question.choices if choice.score is not None}
        scored: Counter[tuple[Any, float]] = Counter()
        for role, answer, _, count in entries:
            if answer in scores:
                scored[room.keys[role], scores[answer]] += count
        _apply_scores(stat, scored, room)
    elif stat.n >= 2:
        stat.consensus = max(distribution.values()) / stat.n
    usual = max(distribution, key=distribution.__getitem__) if stat.n else None  # first of the most chosen
    return stat, usual


def _read_scale(question: Question, cells: Cells, room: Room) -> tuple[QuestionStat, Any]:
    scored: Counter[tuple[Any, float]] = Counter()
    distribution = dict.fromkeys(POINTS, 0)
    for role, _, num, count in cells.entries(ANSWER, question.id):
        point = int(num)
        distribution[point] += count
        scored[room.keys[role], (point - 1) * 25.0] += count
    stat = _new_stat(question, sum(distribution.values()), distribution)
    if not stat.n:
        return stat, None
    stat.mean_point = math.fsum(p * c for p, c in distribution.items()) / stat.n
    if question.scored:
        _apply_scores(stat, scored, room)
    else:
        stat.spread = mean_stdev(distribution, stat.n)[1]
        stat.consensus = consensus(distribution, stat.n, 1, 5)
    usual: dict[str, int] = {"current": half_up(median_of_counts(distribution))}
    if question.spec.target:
        counted = cells.numbers(TARGET, question.id)
        targets = {t: counted[t] for t in POINTS if counted.get(t)}
        if targets:
            usual["target"] = half_up(median_of_counts(targets))
    return stat, usual


def _read_multiple(question: Question, cells: Cells, room: Room) -> tuple[QuestionStat, Any]:
    scored: Counter[tuple[Any, float]] = Counter()
    for role, _, num, count in cells.entries(ANSWER, question.id):
        scored[room.keys[role], num] += count
    n = scored.total()
    selected = cells.texts(SELECTED, question.id)
    distribution = {choice.id: selected.get(choice.id, 0) for choice in question.choices}
    stat = _new_stat(question, n, distribution)
    if question.scored:
        _apply_scores(stat, scored, room)
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


def _read_number(question: Question, cells: Cells, room: Room) -> tuple[QuestionStat, Any]:
    bands = tuple((b.at_least, b.at_most, b.score) for b in question.spec.score_bands or ())
    values: Counter[float] = Counter()
    scored: Counter[tuple[Any, float]] = Counter()
    keys = room.keys
    # dict.get rather than Counter's default: a number question may have thousands of different answers
    for role, kind, num, count in cells.entries(ANSWER, question.id):
        value = int(num) if kind == INTEGER else num
        values[value] = values.get(value, 0) + count
        if bands:
            score = _band_score(bands, value)
            if score is not None:
                cell = (keys[role], score)
                scored[cell] = scored.get(cell, 0) + count
    n = values.total()
    distribution = {}
    if n:
        distribution = {"min": min(values), "median": median_of_counts(values), "max": max(values)}
    stat = _new_stat(question, n, distribution)
    if question.scored:
        _apply_scores(stat, scored, room)
    if not n:
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
