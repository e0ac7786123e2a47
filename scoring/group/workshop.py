"""A workshop's figures: `aggregate_workshop` turns the participants' stored (JSON-form)
answers and their own results into per-question distributions, means, spread and consensus,
role-by-role comparisons with the largest perception gaps first, and the group's answer set
(agreed where the facilitator recorded one, typical otherwise) scored like a single response.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from scoring.answers import parse_answers
from scoring.engine import score_response
from scoring.format.schema import BANDS
from scoring.group.anonymity import OTHER, Room, fold_counts
from scoring.group.cells import Cells
from scoring.group.columns import ROLE_QUESTION, question_stats
from scoring.group.facts import BAND, DIMENSION, INDEX, LEVEL, RISK, TEAM, count_facts, participant_facts
from scoring.group.results import DimensionStat, GroupResult, IndexStats, Participant, QuestionStat, RiskStat, RoleGap
from scoring.group.statistics import mean_stdev, median_of_counts
from scoring.model import Questionnaire


def aggregate_workshop(
    q: Questionnaire, participants: list[Participant], threshold: int = 3, agreed: dict[str, Any] | None = None
) -> GroupResult:
    """The workshop's figures; `agreed` maps question id to the answer (JSON form) the group agreed on.

    Raises AnswersInvalid when an agreed answer is not a valid answer to its question.
    """
    counted = count_facts((p.role, participant_facts(q, p)) for p in participants)
    return aggregate_cells(q, Cells.of(counted), threshold, agreed)


def aggregate_cells(
    q: Questionnaire, cells: Cells, threshold: int = 3, agreed: dict[str, Any] | None = None
) -> GroupResult:
    """The same figures from the participants' facts counted by role and value (stored or counted here)."""
    if threshold < 1:
        raise ValueError("the anonymity threshold must be at least 1")
    agreed = _valid_agreed(q, agreed or {})
    role_counts = cells.roles()
    respondents = role_counts.total()
    if respondents < threshold:
        return GroupResult(respondents, suppressed=True, threshold=threshold)
    room = Room.of(role_counts, threshold)
    dimensions = _dimension_stats(q, cells, room)
    questions, typical = question_stats(q, cells, room, agreed)
    group_answers, by_agreed = _group_answers(q, typical, agreed, room.roles)
    return GroupResult(
        respondents=respondents,
        suppressed=False,
        threshold=threshold,
        roles=room.roles,
        teams=_teams(cells.texts(TEAM), threshold),
        index=_index_stats(cells.numbers(INDEX)),
        maturity_distribution=_maturity(q, cells.numbers(LEVEL)),
        band_distribution=_bands(cells.texts(BAND)),
        dimensions=dimensions,
        questions=questions,
        disagreements=_disagreements(questions),
        role_gaps=_role_gaps(dimensions, questions),
        risks=_risks(q, cells, respondents),
        group_answers=group_answers,
        group_result=score_response(q, parse_answers(q, group_answers)),
        answered_by_agreed=by_agreed,
    )


def _valid_agreed(q: Questionnaire, agreed: dict[str, Any]) -> dict[str, Any]:
    """The agreed answers as given (JSON form), once they parse; AnswersInvalid lists every bad one."""
    parse_answers(q, agreed)
    return {qid: agreed[qid] for qid in q.questions if agreed.get(qid) not in (None, "", [])}


def _teams(teams: Counter[str], threshold: int) -> list[tuple[str, int]]:
    """Team groups and their sizes only; empty when nobody gave a team."""
    if not any(count for team, count in teams.items() if team):
        return []
    return fold_counts({team or None: count for team, count in teams.items()}, threshold).shown


def _index_stats(values: Counter[float]) -> IndexStats:
    n = values.total()
    if not n:
        return IndexStats(None, None, None, None, None)
    mean, stdev = mean_stdev(values, n)
    return IndexStats(mean, median_of_counts(values), min(values), max(values), stdev)


def _maturity(q: Questionnaire, levels: Counter[float]) -> dict[int, int]:
    return {level: levels.get(level, 0) for level in q.level_numbers}


def _bands(counts: Counter[str]) -> dict[str, int]:
    counts = Counter(counts)
    known = {band: counts.pop(band, 0) for band in BANDS}
    counts.pop("", None)
    return known | {band: counts[band] for band in sorted(counts, key=str)}


def _dimension_stats(q: Questionnaire, cells: Cells, room: Room) -> list[DimensionStat]:
    stats = []
    for dimension_id in q.dimensions:
        values: Counter[float] = Counter()
        parts: dict[Any, list[float]] = {}
        counts: Counter[Any] = Counter()
        keys = room.keys
        for role, _, score, count in cells.entries(DIMENSION, dimension_id):
            values[score] = values.get(score, 0) + count  # dict.get: faster than Counter's default
            key = keys[role]
            found = parts.get(key)
            if found is None:
                found = parts[key] = []
            found.append(score * count)
            counts[key] = counts.get(key, 0) + count
        n = counts.total()
        mean, stdev = mean_stdev(values, n)
        by_group, gap = room.breakdown({key: math.fsum(p) for key, p in parts.items()}, counts)
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


def _risks(q: Questionnaire, cells: Cells, respondents: int) -> list[RiskStat]:
    counts = Counter({risk_id: sum(e[3] for e in cells.entries(RISK, risk_id)) for risk_id in cells.keys(RISK)})
    order = [risk_id for risk_id in q.risk_factors if risk_id in counts]
    order += sorted(risk_id for risk_id in counts if risk_id not in q.risk_factors)
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
