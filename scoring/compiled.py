"""A questionnaire flattened into lookup tables, built once, so scoring stays fast.

Scoring 100,000 responses a second per core needs each answer to cost a couple of dict
look-ups; this module does the walking of the questionnaire once instead of per response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring.conditions import Condition, Test, compile_test, parse_condition
from scoring.format.schema import SEVERITIES, RiskFactor, RiskModel
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
# (id, show test of its own condition (a closure) or None, stage it is asked at (STAGE_ANY,
#  STAGE_LIVE or STAGE_BEFORE), dimension index or -1 when unscored, kind, {choice id: score} or
#  None, weight, asks a target state, ScoredQuestion or None,
#  {choice id: (raised risk ids, lowered risk ids, Trigger)} or None, a missing answer counts as zero)
Step = tuple[
    str,
    Test | None,
    int,
    int,
    str,
    dict[str, float | None],
    float,
    bool,
    ScoredQuestion | None,
    dict[str, Effect] | None,
    bool,
]
STAGE_ANY, STAGE_LIVE, STAGE_BEFORE = 0, 1, 2
_STAGE_OF = {"live": STAGE_LIVE, "before_launch": STAGE_BEFORE}  # a question's `asked_when`


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    steps: tuple[Step, ...]
    dimensions: tuple[tuple[str, float], ...]  # id, weight
    dimension_missing: tuple[str, ...]  # "skip" or "zero", per dimension
    groups: tuple[tuple[str, float, tuple[int, ...]], ...]  # id, weight, indexes of its dimensions
    rules: tuple[tuple[str, str, Condition, Test], ...]  # id, risk raised, condition, its test
    risks: dict[str, tuple[tuple[int, int], str, str | None]]  # id -> (sort key, severity, dimension)
    thresholds: tuple[tuple[float, int], ...]
    lowest_level: int
    ownership_question: str | None
    ownership_classes: dict[str, str]
    risk_actions: dict[str, tuple[str | None, tuple[str, ...], int]]  # risk id -> (dimension, actions, rank)
    dimension_actions: dict[str, tuple[str, ...]]
    action_horizons: dict[str, int]
    top_weight: float  # the largest dimension weight, for importance-weighted gaps
    supersedes: tuple[tuple[str, tuple[str, ...]], ...]  # absorbers, each after the risks it absorbs
    excludes: tuple[tuple[str, str], ...]  # mutually exclusive pairs, each once
    overlapping: frozenset[str]  # every risk named by a supersedes or excludes pair
    requirements: tuple[tuple[int, tuple[Test, ...]], ...]  # (level, tests of its requirements), levels ascending
    unless: dict[str, Test]  # action id -> test of its `unless` condition
    stage: tuple[str, frozenset[str]] | None  # the stage question and its before-launch answers
    has_ownership: bool
    risk_model: RiskModel | None  # None when results carry no band


def build_plan(q: Questionnaire) -> ScoringPlan:
    """The plan for a compiled `scoring.model.Questionnaire`."""
    dimension_ids = [page.dimension for page in q.pages if page.dimension is not None]
    owner = q.spec.ownership.question if q.spec.ownership else None
    return ScoringPlan(
        steps=_steps(q, dimension_ids),
        dimensions=tuple((d, q.dimensions[d].weight) for d in dimension_ids),
        dimension_missing=tuple(q.dimensions[d].missing or q.spec.missing for d in dimension_ids),
        groups=tuple((g.id, g.weight, tuple(dimension_ids.index(d) for d in g.dimensions)) for g in q.spec.groups),
        rules=tuple((rule.id, rule.raises, condition, compile_test(condition)) for rule, condition in q.rules),
        risks={
            r.id: ((-SEVERITIES.index(r.severity), position), r.severity, r.dimension)
            for position, r in enumerate(q.spec.risk_factors)
        },
        thresholds=tuple((q.internal_score(level.min_score) - 1e-9, level.level) for level in q.levels),
        lowest_level=q.levels[0].level,
        ownership_question=owner,
        ownership_classes={c.id: c.ownership for c in q.questions[owner].choices if c.ownership} if owner else {},
        risk_actions={r.id: (r.dimension, tuple(r.actions), SEVERITIES.index(r.severity)) for r in q.spec.risk_factors},
        dimension_actions={d.id: tuple(d.actions) for d in q.spec.dimensions},
        action_horizons={a.id: a.horizon for a in q.spec.actions},
        top_weight=max(q.dimensions[d].weight for d in dimension_ids),
        supersedes=_absorbers_in_order(q.spec.risk_factors),
        excludes=_exclusive_pairs(q.spec.risk_factors),
        overlapping=frozenset(
            [r.id for r in q.spec.risk_factors if r.supersedes or r.excludes]
            + [other for r in q.spec.risk_factors for other in (*r.supersedes, *r.excludes)]
        ),
        requirements=tuple(
            (level, tuple(compile_test(condition) for _, condition in pairs))
            for level, pairs in q.requirements.items()
            if pairs
        ),
        unless={action_id: compile_test(condition) for action_id, condition in q.unless.items()},
        stage=(q.spec.stage.question, frozenset(q.spec.stage.before_launch)) if q.spec.stage else None,
        has_ownership=q.has_ownership,
        risk_model=q.risk_model if q.has_band else None,
    )


def _steps(q: Questionnaire, dimension_ids: list[str]) -> tuple[Step, ...]:
    default_missing = q.spec.missing
    steps: list[Step] = []
    for qid, question in q.questions.items():
        effects: dict[str, Effect] = {}
        for choice in question.choices:
            if choice.raises or choice.lowers:
                trigger = Trigger("answer", (qid,), choice=choice.id)  # immutable, so shared
                effects[choice.id] = (tuple(choice.raises), tuple(choice.lowers), trigger)
        dimension = question.dimension if question.scored else None  # a scored question has one
        sq = scored_question(question) if dimension is not None else None
        missing = (q.dimensions[dimension].missing or default_missing) if dimension is not None else "skip"
        asked_when = question.spec.asked_when
        steps.append(
            (
                qid,
                _own_test(q, question),
                _STAGE_OF[asked_when] if asked_when is not None and q.spec.stage else STAGE_ANY,
                dimension_ids.index(dimension) if dimension is not None else -1,
                sq.kind if sq else "",
                sq.scores if sq else {},
                sq.weight if sq else 0.0,
                sq.has_target if sq else False,
                sq,
                effects or None,
                missing == "zero",
            )
        )
    return tuple(steps)


def _own_test(q: Questionnaire, question: Question) -> Test | None:
    """The question's own show-condition as one closure (its stage is checked apart, see `Step`)."""
    if question.spec.asked_when is not None and q.spec.stage is not None:
        return compile_test(parse_condition(question.spec.show_if)) if question.spec.show_if else None
    return compile_test(question.show_if) if question.show_if is not None else None


def _absorbers_in_order(risks: list[RiskFactor]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Risks that supersede others, each listed after every risk it (indirectly) supersedes.

    So when A supersedes B and B supersedes C, B absorbs C before A absorbs B. The
    validator refuses cycles; a cycle that got here anyway is simply cut.
    """
    children = {r.id: tuple(r.supersedes) for r in risks if r.supersedes}
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(risk_id: str) -> None:
        if risk_id in ordered or risk_id in visiting:
            return
        visiting.add(risk_id)
        for child in children.get(risk_id, ()):
            visit(child)
        visiting.discard(risk_id)
        if risk_id in children:
            ordered.append(risk_id)

    for risk_id in children:
        visit(risk_id)
    return tuple((risk_id, children[risk_id]) for risk_id in ordered)


def _exclusive_pairs(risks: list[RiskFactor]) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for risk in risks:
        for other in risk.excludes:
            pair = (risk.id, other) if risk.id <= other else (other, risk.id)
            if pair not in pairs:
                pairs.append(pair)
    return tuple(pairs)


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
    level = plan.lowest_level
    for threshold, candidate in plan.thresholds:
        if score >= threshold:
            level = candidate
    return level
