"""Scoring one response: dimension and group scores, index, maturity, stage, ownership, risks and actions.

Pure and deterministic: the same questionnaire and answers always give the same result.
Hidden questions (by a condition or by the initiative's stage) are left out of both the
score and its weight: a question that was not asked never counts as a failure. Skipped
questions are left out too, unless the questionnaire or dimension says `missing: zero`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scoring.actions import recommend_actions
from scoring.compiled import (
    STAGE_BEFORE,
    STAGE_LIVE,
    Effect,
    ScoredQuestion,
    ScoringPlan,
    level_for,
    scored_question,
)
from scoring.model import Question, Questionnaire
from scoring.results import (
    DimensionResult,
    Exclusion,
    Gap,
    GroupScore,
    Ownership,
    ReadinessResult,
    Stage,
    Trigger,
    TriggeredRisk,
)
from scoring.risk import assess_band


def score_response(q: Questionnaire, answers: Mapping[str, Any]) -> ReadinessResult:
    """Score normalised answers (see `scoring.answers.parse_answers`)."""
    plan = q.plan
    walk = _Walk(len(plan.dimensions), plan.thresholds, plan.lowest_level)
    walk.run(plan, answers)
    dimensions = list(
        map(
            walk.dimension_result,
            plan.dimensions,
            walk.scored,
            walk.unanswered,
            walk.gap_totals,
            plan.dimension_missing,
        )
    )
    groups = _group_scores(plan, dimensions)
    index = _readiness_index(groups or dimensions)
    level_by_score = None if index is None else level_for(plan, index)
    level, unmet = _overall_level(plan, level_by_score, walk.shown) if plan.requirements else (level_by_score, ())
    risks, exclusions = _resolve_overlaps(plan, _triggered_risks(plan, walk))
    ownership = _ownership(plan, walk.shown) if plan.has_ownership else None
    band = None
    if plan.risk_model is not None:
        band = assess_band(plan.risk_model, ownership.classification if ownership else "unknown", risks, index)
    actions, in_place = recommend_actions(q, risks, dimensions, walk.shown)
    return ReadinessResult(
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        readiness_index=index,
        maturity_level=level,
        dimensions=tuple(dimensions),
        ownership=ownership,
        risk_factors=tuple(risks),
        risk_band=band,
        gaps=tuple(walk.gaps),
        actions=tuple(actions),
        groups=tuple(groups),
        stage=_stage(plan.stage, walk.shown) if plan.stage else None,
        level_by_score=level_by_score,
        unmet_requirements=unmet,
        exclusions=exclusions,
        actions_in_place=in_place,
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

    __slots__ = ("shown", "scored", "unanswered", "gaps", "gap_totals", "raised", "lowered", "thresholds", "lowest")

    def __init__(self, dimensions: int, thresholds: tuple[tuple[float, int], ...], lowest: int):
        self.thresholds = thresholds
        self.lowest = lowest
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
        # the stage a question is asked at: live unless the stage question says before launch
        # (the validator puts the stage question before every question that depends on it)
        hidden_stage = STAGE_BEFORE
        stage_question, before_launch = plan.stage or (None, ())
        for qid, shows, stage, dim, kind, scores, weight, has_target, sq, effects, zero in plan.steps:
            if stage == hidden_stage or (shows is not None and not shows(shown)):
                continue  # hidden: neither scored nor counted as missing
            answer = get(qid)
            if qid == stage_question and answer in before_launch:
                hidden_stage = STAGE_LIVE
            if answer is None:
                if dim >= 0:
                    self.unanswered[dim].append(qid)
                    if zero:
                        scored[dim].append((qid, 0.0, weight))
                continue
            shown[qid] = answer
            if sq is not None:  # scored, so dim >= 0
                score = scores.get(answer) if kind == "choice" else _answer_score(sq, answer)
                if score is not None:
                    scored[dim].append((qid, score, weight))
                    if has_target and answer[1] is not None:
                        self._add_gap(plan, dim, qid, answer)
                elif zero:
                    scored[dim].append((qid, 0.0, weight))
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
        missing: str,
    ) -> DimensionResult:
        score = level = None
        if scored:
            total = points = 0.0
            for _, value, w in scored:
                total += w
                points += w * value
            score = points / total
            level = self.lowest
            for threshold, candidate in self.thresholds:
                if score >= threshold:
                    level = candidate
        gap = gap_totals[0] / gap_totals[1] if gap_totals[1] else None
        shortfall = gap if gap is not None else (None if score is None else (100.0 - score) / 25.0)
        return DimensionResult(
            dimension[0], dimension[1], score, level, tuple(scored), tuple(unanswered), gap, shortfall, missing
        )


def _group_scores(plan: ScoringPlan, dimensions: list[DimensionResult]) -> list[GroupScore]:
    """Each group's weighted mean of its assessed dimensions (none when the file has no groups)."""
    groups = []
    for group_id, weight, members in plan.groups:
        total = points = 0.0
        for position in members:
            d = dimensions[position]
            if d.score is not None:
                total += d.weight
                points += d.weight * d.score
        score = points / total if total else None
        level = None if score is None else level_for(plan, score)
        groups.append(GroupScore(group_id, weight, score, level, tuple(dimensions[p].id for p in members)))
    return groups


def _readiness_index(parts: Sequence[DimensionResult | GroupScore]) -> float | None:
    """Weighted mean of the assessed dimensions (or groups); unassessed ones drop out with their weight."""
    total = points = 0.0
    for d in parts:
        if d.score is not None:
            total += d.weight
            points += d.weight * d.score
    return points / total if total else None


def _overall_level(
    plan: ScoringPlan, by_score: int | None, shown: dict[str, Any]
) -> tuple[int | None, tuple[tuple[int, int], ...]]:
    """The highest level the index reaches whose requirements, and those of the levels below, hold."""
    if by_score is None:
        return None, ()
    for level, conditions in plan.requirements:  # levels with requirements, lowest first
        if level > by_score:
            break
        unmet = tuple((level, i) for i, holds in enumerate(conditions) if not holds(shown))
        if unmet:
            return _level_below(plan, level), unmet
    return by_score, ()


def _level_below(plan: ScoringPlan, level: int) -> int:
    below = [candidate for _, candidate in plan.thresholds if candidate < level]
    return below[-1] if below else plan.lowest_level


def _stage(stage: tuple[str, frozenset[str]], shown: dict[str, Any]) -> Stage:
    question, before = stage
    choice = shown.get(question)
    return Stage(question, choice, choice in before)


def _triggered_risks(plan: ScoringPlan, walk: _Walk) -> list[TriggeredRisk]:
    raised, lowered = walk.raised, walk.lowered
    shown = walk.shown
    for rule_id, risk_id, condition, holds in plan.rules:
        if holds(shown):  # the cheap test first; the witness (which answers fired it) only when it fires
            witness = condition.witness(shown)
            if witness is not None:  # it holds, so there is one
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


def _resolve_overlaps(
    plan: ScoringPlan, fired: list[TriggeredRisk]
) -> tuple[list[TriggeredRisk], tuple[Exclusion, ...]]:
    """One cause, one count: superseded risks fold into their cause; of two exclusive ones the stronger stays."""
    overlapping = plan.overlapping
    if sum(1 for risk in fired if risk.id in overlapping) < 2:
        return fired, ()  # it takes two risks of a pair to overlap
    alive = {risk.id: risk for risk in fired}
    for absorber_id, children in plan.supersedes:
        absorber = alive.get(absorber_id)
        if absorber is None:
            continue
        for child_id in children:
            child = alive.pop(child_id, None)
            if child is not None:
                absorber.triggered_by += child.triggered_by
                absorber.absorbed += (child_id, *child.absorbed)
    exclusions = []
    for first, second in plan.excludes:
        if first in alive and second in alive:
            kept, dropped = sorted((first, second), key=lambda risk_id: plan.risks[risk_id][0])
            del alive[dropped]
            exclusions.append(Exclusion(kept, dropped))
    return [risk for risk in fired if risk.id in alive], tuple(exclusions)


def _ownership(plan: ScoringPlan, shown: dict[str, Any]) -> Ownership:
    qid = plan.ownership_question
    if qid is None:
        return Ownership("unknown", None, None)
    answer = shown.get(qid)
    classification = plan.ownership_classes.get(answer) if isinstance(answer, str) else None
    if classification is None:
        return Ownership("unknown", qid, None)
    return Ownership(classification, qid, answer)
