"""A workshop's figures: `aggregate_workshop` turns the participants' stored (JSON-form)
answers and their own results into per-question distributions, means, spread and consensus,
role-by-role comparisons with the largest perception gaps first, and the group's answer set
(agreed where the facilitator recorded one, typical otherwise) scored like a single response.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain
from typing import Any

from scoring.answers import parse_answers
from scoring.engine import score_response
from scoring.format.schema import BANDS
from scoring.group.anonymity import OTHER, Room, fold
from scoring.group.columns import ROLE_QUESTION, question_stats
from scoring.group.results import DimensionStat, GroupResult, IndexStats, Participant, QuestionStat, RiskStat, RoleGap
from scoring.group.statistics import mean_stdev, median
from scoring.model import Questionnaire


def aggregate_workshop(
    q: Questionnaire, participants: list[Participant], threshold: int = 3, agreed: dict[str, Any] | None = None
) -> GroupResult:
    """The workshop's figures; `agreed` maps question id to the answer (JSON form) the group agreed on.

    Raises AnswersInvalid when an agreed answer is not a valid answer to its question.
    """
    if threshold < 1:
        raise ValueError("the anonymity threshold must be at least 1")
    agreed = _valid_agreed(q, agreed or {})
    respondents = len(participants)
    if respondents < threshold:
        return GroupResult(respondents, suppressed=True, threshold=threshold)
    room = Room.of([p.role for p in participants], threshold)
    dimensions = _dimension_stats(q, participants, room)
    questions, typical = question_stats(q, participants, room, agreed)
    group_answers, by_agreed = _group_answers(q, typical, agreed, room.roles)
    return GroupResult(
        respondents=respondents,
        suppressed=False,
        threshold=threshold,
        roles=room.roles,
        teams=_teams(participants, threshold),
        index=_index_stats(participants),
        maturity_distribution=_maturity(q, participants),
        band_distribution=_bands(participants),
        dimensions=dimensions,
        questions=questions,
        disagreements=_disagreements(questions),
        role_gaps=_role_gaps(dimensions, questions),
        risks=_risks(q, participants),
        group_answers=group_answers,
        group_result=score_response(q, parse_answers(q, group_answers)),
        answered_by_agreed=by_agreed,
    )


def _valid_agreed(q: Questionnaire, agreed: dict[str, Any]) -> dict[str, Any]:
    """The agreed answers as given (JSON form), once they parse; AnswersInvalid lists every bad one."""
    parse_answers(q, agreed)
    return {qid: agreed[qid] for qid in q.questions if agreed.get(qid) not in (None, "", [])}


def _teams(participants: list[Participant], threshold: int) -> list[tuple[str, int]]:
    """Team groups and their sizes only; empty when nobody gave a team."""
    if all(p.team is None for p in participants):
        return []
    return fold((p.team for p in participants), threshold).shown


def _index_stats(participants: list[Participant]) -> IndexStats:
    values = sorted(p.index for p in participants if p.index is not None)
    if not values:
        return IndexStats(None, None, None, None, None)
    mean, stdev = mean_stdev(Counter(values), len(values))
    return IndexStats(mean, median(values), values[0], values[-1], stdev)


def _maturity(q: Questionnaire, participants: list[Participant]) -> dict[int, int]:
    counts = Counter(p.maturity_level for p in participants)
    return {level: counts.get(level, 0) for level in q.level_numbers}


def _bands(participants: list[Participant]) -> dict[str, int]:
    counts = Counter(p.band for p in participants)
    known = {band: counts.pop(band, 0) for band in BANDS}
    counts.pop("", None)
    return known | {band: counts[band] for band in sorted(counts, key=str) if band is not None}


def _dimension_stats(q: Questionnaire, participants: list[Participant], room: Room) -> list[DimensionStat]:
    stats = []
    for dimension_id in q.dimensions:
        column = [p.dimension_scores.get(dimension_id) for p in participants]
        values = Counter(v for v in column if v is not None)
        sums: dict[Any, float] = {}
        counts: Counter[Any] = Counter()
        for key, value in zip(room.role_keys, column, strict=True):
            if value is not None:
                sums[key] = sums.get(key, 0.0) + value
                counts[key] += 1
        n = counts.total()
        mean, stdev = mean_stdev(values, n)
        by_group, gap = room.breakdown(sums, counts)
        stats.append(DimensionStat(dimension_id, n, mean, stdev, by_group, gap))
    return stats


def _disagreements(questions: list[QuestionStat]) -> list[str]:
    """Questions answered with a score by two or more, least consensus first (ties: file order)."""
    candidates = [(stat.id, stat.consensus) for stat in questions if stat.scored_n >= 2 and stat.consensus is not None]
    return [qid for qid, _ in sorted(candidates, key=lambda pair: pair[1])]


def _role_gaps(dimensions: list[DimensionStat], questions: list[QuestionStat]) -> list[RoleGap]:
    """Largest perception gap between role groups first; ties: dimensions, then questions, in file order."""
    entries = [RoleGap("dimension", d.id, d.by_group, d.gap) for d in dimensions if d.gap is not None]
    entries += [RoleGap("question", s.id, s.by_group, s.gap) for s in questions if s.gap is not None]
    return sorted(entries, key=lambda entry: -entry.gap)


def _risks(q: Questionnaire, participants: list[Participant]) -> list[RiskStat]:
    counts = Counter(chain.from_iterable(set(p.risk_ids) for p in participants))
    order = [risk_id for risk_id in q.risk_factors if risk_id in counts]
    order += sorted(risk_id for risk_id in counts if risk_id not in q.risk_factors)
    respondents = len(participants)
    stats = [RiskStat(risk_id, counts[risk_id], counts[risk_id] / respondents) for risk_id in order]
    return sorted(stats, key=lambda stat: -stat.count)


def _group_answers(
    q: Questionnaire, typical: dict[str, Any], agreed: dict[str, Any], roles: list[tuple[str, int]]
) -> tuple[dict[str, Any], list[str]]:
    """The group's answer set (JSON form, file order) and the questions answered by agreement.

    Answers to questions that the group answers themselves hide are left out.
    """
    typical = dict(typical)
    role_question = q.questions.get(ROLE_QUESTION)
    if role_question is not None:
        role_ids = [key for key, _ in roles if key != OTHER and role_question.choice(key) is not None]
        if role_ids:
            typical[ROLE_QUESTION] = role_ids[0]  # the largest shown role group
    answers = {
        qid: agreed[qid] if qid in agreed else typical[qid] for qid in q.questions if qid in agreed or qid in typical
    }
    shown = q.visible(parse_answers(q, answers))
    answers = {qid: value for qid, value in answers.items() if qid in shown}
    return answers, [qid for qid in answers if qid in agreed]
