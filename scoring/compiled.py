"""A questionnaire flattened into lookup tables, built once, so scoring stays fast.

Scoring 100,000 responses a second per core needs each answer to cost a couple of dict
look-ups; this module does the walking of the questionnaire once instead of per response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring.conditions import Condition
from scoring.format.schema import SEVERITIES
from scoring.results import Trigger

if TYPE_CHECKING:  # the model builds its plan from here, so it imports this module first
    from scoring.model import Question, Questionnaire


@dataclass(frozen=True, slots=True)
class ScoredQuestion:
    id: str
    kind: str  # "choice", "multiple", "scale" or "number"
    weight: float
    scores: dict[str, float | None]  # per choice id; empty for scales and numbers
    bands: tuple[tuple[float | None, float | None, float], ...]
    condition: Condition | None
    has_target: bool


# What choosing a choice does to the risks: (raised risk ids, lowered risk ids, Trigger)
Effect = tuple[tuple[str, ...], tuple[str, ...], Trigger]

# One step per question, in document order, as a plain tuple (unpacked in the hot loop):
# (id, show condition, dimension index or -1 when unscored, kind, {choice id: score} (empty
#  unless a choice question), weight, asks a target state, ScoredQuestion or None when unscored,
#  {choice id: Effect} or None)
Step = tuple[
    str,
    Condition | None,
    int,
    str,
    dict[str, float | None],
    float,
    bool,
    ScoredQuestion | None,
    dict[str, Effect] | None,
]


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    steps: tuple[Step, ...]
    dimensions: tuple[tuple[str, float], ...]  # id, weight
    rules: tuple[tuple[str, str, Condition], ...]
    risks: dict[str, tuple[tuple[int, int], str, str | None]]  # id -> (sort key, severity, dimension)
    thresholds: tuple[tuple[float, int], ...]
    ownership_question: str | None
    ownership_classes: dict[str, str]
    risk_actions: dict[str, tuple[str | None, tuple[str, ...]]]  # risk id -> (dimension, actions)
    dimension_actions: dict[str, tuple[str, ...]]
    action_horizons: dict[str, int]
    top_weight: float  # the largest dimension weight, for importance-weighted gaps


def build_plan(q: Questionnaire) -> ScoringPlan:
    """The plan for a compiled `scoring.model.Questionnaire`."""
    dimension_ids = [page.dimension for page in q.pages if page.dimension is not None]
    steps: list[Step] = []
    for qid, question in q.questions.items():
        effects: dict[str, Effect] = {}
        for choice in question.choices:
            if choice.raises or choice.lowers:
                trigger = Trigger("answer", (qid,), choice=choice.id)  # immutable, so shared
                effects[choice.id] = (tuple(choice.raises), tuple(choice.lowers), trigger)
        dimension = question.dimension if question.scored else None  # a scored question has one
        sq = scored_question(question) if dimension is not None else None
        steps.append(
            (
                qid,
                question.show_if,
                dimension_ids.index(dimension) if dimension is not None else -1,
                sq.kind if sq else "",
                sq.scores if sq else {},
                sq.weight if sq else 0.0,
                sq.has_target if sq else False,
                sq,
                effects or None,
            )
        )
    owner = q.spec.ownership.question if q.spec.ownership else None
    return ScoringPlan(
        steps=tuple(steps),
        dimensions=tuple((d, q.dimensions[d].weight) for d in dimension_ids),
        rules=tuple((rule.id, rule.raises, condition) for rule, condition in q.rules),
        risks={
            r.id: ((-SEVERITIES.index(r.severity), position), r.severity, r.dimension)
            for position, r in enumerate(q.spec.risk_factors)
        },
        thresholds=tuple((level.min_score - 1e-9, level.level) for level in q.levels),
        ownership_question=owner,
        ownership_classes={c.id: c.ownership for c in q.questions[owner].choices if c.ownership} if owner else {},
        risk_actions={r.id: (r.dimension, tuple(r.actions)) for r in q.spec.risk_factors},
        dimension_actions={d.id: tuple(d.actions) for d in q.spec.dimensions},
        action_horizons={a.id: a.horizon for a in q.spec.actions},
        top_weight=max(q.dimensions[d].weight for d in dimension_ids),
    )


def scored_question(question: Question) -> ScoredQuestion:
    kind = question.type
    bands: tuple[tuple[float | None, float | None, float], ...] = ()
    scores: dict[str, float | None] = {}
    if kind in ("single", "yesno", "multiple"):
        scores = {c.id: c.score for c in question.choices}
        kind = "multiple" if kind == "multiple" else "choice"
    elif kind == "number":
        bands = tuple((b.at_least, b.at_most, b.score) for b in question.spec.score_bands or ())
    return ScoredQuestion(
        id=question.id,
        kind=kind,
        weight=question.spec.weight,
        scores=scores,
        bands=bands,
        condition=question.show_if,
        has_target=kind == "scale" and question.spec.target,
    )


def level_for(plan: ScoringPlan, score: float) -> int:
    level = 1
    for threshold, candidate in plan.thresholds:
        if score >= threshold:
            level = candidate
    return level
