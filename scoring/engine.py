"""Scoring one response: dimension scores, index, maturity, ownership, risks and actions.

Pure and deterministic: the same questionnaire and answers always give the same result.
Hidden (by condition) and skipped questions are left out of both the score and its
weight, so they count neither as zero nor as full marks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.actions import recommend_actions
from scoring.compiled import Effect, ScoredQuestion, ScoringPlan, level_for, scored_question
from scoring.model import Question, Questionnaire
from scoring.results import (
    DimensionResult,
    Gap,
    Ownership,
    ReadinessResult,
    Trigger,
    TriggeredRisk,
)
from scoring.risk import assess_band


def score_response(q: Questionnaire, answers: Mapping[str, Any]) -> ReadinessResult:
    """Score normalised answers (see `scoring.answers.parse_answers`)."""
    plan = q.plan
    walk = _Walk(len(plan.dimensions), plan.thresholds)
    walk.run(plan, answers)
    dimensions = list(map(walk.dimension_result, plan.dimensions, walk.scored, walk.unanswered, walk.gap_totals))
    index = _readiness_index(dimensions)
    risks = _triggered_risks(plan, walk)
    ownership = _ownership(plan, walk.shown)
    band = assess_band(q.spec.risk_model, ownership.classification, risks, index)
    return ReadinessResult(
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        readiness_index=index,
        maturity_level=None if index is None else level_for(plan, index),
        dimensions=tuple(dimensions),
        ownership=ownership,
        risk_factors=tuple(risks),
        risk_band=band,
        gaps=tuple(walk.gaps),
        actions=tuple(recommend_actions(q, risks, dimensions)),
    )


def question_score(question: Question, answer: Any) -> float | None:
    """0-100 for a scored answer; None when the answer carries no score (e.g. "don't know")."""
    return _answer_score(scored_question(question), answer)


def _answer_score(sq: ScoredQuestion, answer: Any) -> float | None:
    kind = sq.kind
    if kind == "choice":
        return sq.scores.get(answer)
    if kind == "scale":
        current: int = answer[0]
        return (current - 1) * 25.0
    if kind == "multiple":
        scores = sq.scores
        total = sum(scores[c] or 0 for c in answer)
        return 100.0 if total > 100 else (0.0 if total < 0 else float(total))
    for at_least, at_most, score in sq.bands:
        if (at_least is None or answer >= at_least) and (at_most is None or answer <= at_most):
            return score
    return None


def _apply(effect: Effect, raised: dict[str, list[Trigger]], lowered: dict[str, list[Trigger]]) -> None:
    raises, lowers, trigger = effect
    for risk_id in raises:
        raised.setdefault(risk_id, []).append(trigger)
    for risk_id in lowers:
        lowered.setdefault(risk_id, []).append(trigger)


class _Walk:
    """One pass over the questions in order: visibility, scores, gaps and answer-raised risks."""

    __slots__ = ("shown", "scored", "unanswered", "gaps", "gap_totals", "raised", "lowered", "thresholds")

    def __init__(self, dimensions: int, thresholds: tuple[tuple[float, int], ...]):
        self.thresholds = thresholds
        self.shown: dict[str, Any] = {}
        self.scored: list[list[tuple[str, float, float]]] = [[] for _ in range(dimensions)]
        self.unanswered: list[list[str]] = [[] for _ in range(dimensions)]
        self.gaps: list[Gap] = []
        self.gap_totals: list[list[int]] = [[0, 0] for _ in range(dimensions)]  # sum, count
        self.raised: dict[str, list[Trigger]] = {}
        self.lowered: dict[str, list[Trigger]] = {}

    def run(self, plan: ScoringPlan, answers: Mapping[str, Any]) -> None:  # noqa: C901 (hot loop, kept inline)
        shown, scored, get = self.shown, self.scored, answers.get
        raised, lowered = self.raised, self.lowered
        for qid, condition, dim, kind, scores, weight, has_target, sq, effects in plan.steps:
            if condition is not None and condition.witness(shown) is None:
                continue  # hidden: neither scored nor counted as missing
            answer = get(qid)
            if answer is None:
                if dim >= 0:
                    self.unanswered[dim].append(qid)
                continue
            shown[qid] = answer
            if sq is not None:  # scored, so dim >= 0
                score = scores.get(answer) if kind == "choice" else _answer_score(sq, answer)
                if score is not None:
                    scored[dim].append((qid, score, weight))
                    if has_target and answer[1] is not None:
                        self._add_gap(plan, dim, qid, answer)
            if effects is not None:  # risks this answer raises or lowers
                if type(answer) is frozenset:
                    for choice in answer:
                        if choice in effects:
                            _apply(effects[choice], raised, lowered)
                elif answer in effects:
                    _apply(effects[answer], raised, lowered)

    def _add_gap(self, plan: ScoringPlan, dim: int, qid: str, answer: tuple[int, int]) -> None:
        gap = answer[1] - answer[0] if answer[1] > answer[0] else 0
        self.gaps.append(Gap(qid, plan.dimensions[dim][0], answer[0], answer[1], gap))
        totals = self.gap_totals[dim]
        totals[0] += gap
        totals[1] += 1

    def dimension_result(
        self,
        dimension: tuple[str, float],
        scored: list[tuple[str, float, float]],
        unanswered: list[str],
        gap_totals: list[int],
    ) -> DimensionResult:
        score = level = None
        if scored:
            total = points = 0.0
            for _, value, w in scored:
                total += w
                points += w * value
            score = points / total
            level = 1
            for threshold, candidate in self.thresholds:
                if score >= threshold:
                    level = candidate
        gap = gap_totals[0] / gap_totals[1] if gap_totals[1] else None
        shortfall = gap if gap is not None else (None if score is None else (100.0 - score) / 25.0)
        return DimensionResult(
            dimension[0], dimension[1], score, level, tuple(scored), tuple(unanswered), gap, shortfall
        )


def _readiness_index(dimensions: list[DimensionResult]) -> float | None:
    """Weighted mean of the assessed dimensions; unassessed ones drop out with their weight."""
    total = points = 0.0
    for d in dimensions:
        if d.score is not None:
            total += d.weight
            points += d.weight * d.score
    return points / total if total else None


def _triggered_risks(plan: ScoringPlan, walk: _Walk) -> list[TriggeredRisk]:
    raised, lowered = walk.raised, walk.lowered
    for rule_id, risk_id, condition in plan.rules:
        witness = condition.witness(walk.shown)
        if witness is not None:
            raised.setdefault(risk_id, []).append(Trigger("rule", witness, rule_id=rule_id))
    fired = []
    risks = plan.risks
    for risk_id, up in raised.items():
        down = lowered.get(risk_id, ())
        if len(up) > len(down):
            order, severity, dimension = risks[risk_id]
            fired.append((order, TriggeredRisk(risk_id, severity, dimension, tuple(up), tuple(down))))
    fired.sort(key=_first)  # most severe first, file order within a severity
    return [risk for _, risk in fired]


def _first(pair: tuple[tuple[int, int], TriggeredRisk]) -> tuple[int, int]:
    return pair[0]


def _ownership(plan: ScoringPlan, shown: dict[str, Any]) -> Ownership:
    qid = plan.ownership_question
    if qid is None:
        return Ownership("unknown", None, None)
    answer = shown.get(qid)
    classification = plan.ownership_classes.get(answer) if isinstance(answer, str) else None
    if classification is None:
        return Ownership("unknown", qid, None)
    return Ownership(classification, qid, answer)
