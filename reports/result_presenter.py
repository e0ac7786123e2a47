"""The result as plain values for templates: the results page and the PDF report read only this.

Numbers are rounded here, once, to what the method supports (whole points on 0-100, or the
questionnaire's display scale to its decimals; gaps to one decimal), so no page or report
shows more precision than the scoring has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from reports.numbers import locale_number
from reports.verdict_presenter import band_label, base_rate_text, ownership_label, stage_text, verdict_sentence
from scoring import Questionnaire, ReadinessResult
from scoring.explain import display_answer
from scoring.results import BandStep, DimensionResult, Exclusion, RecommendedAction, Trigger, TriggeredRisk

SEVERITY_ORDER = ("critical", "high", "medium", "low")


@dataclass
class AnswerLine:
    question: str
    answer: str
    points: str | None = None  # added to the dimension score (on the display scale)
    lost: str | None = None  # cost against full marks


@dataclass
class ContributionLine:
    question: str
    answer: str
    points: str
    lost: str


@dataclass
class DimensionView:
    id: str
    title: str
    description: str
    score: int | None  # 0-100, the internal unit
    level: int | None
    level_name: str
    weight_percent: int
    gap: float | None
    contributions: list[ContributionLine]
    unanswered: list[str]
    score_display: str | None = None  # on the questionnaire's display scale, to its decimals
    value: float | None = None  # the same as a number, for charts
    group: str = ""  # the title of its group, when the questionnaire has groups
    missing_counts_zero: bool = False


@dataclass
class GroupView:
    """A layer above dimensions (a business function, a pillar) with its own score and level."""

    id: str
    title: str
    description: str
    score: int | None
    score_display: str | None
    value: float | None
    level: int | None
    level_name: str
    weight_percent: int
    dimensions: list[str]


@dataclass
class RiskView:
    id: str
    title: str
    severity: str
    severity_label: str
    dimension: str
    explanation: str
    evidence: str
    because: list[str]
    offset_by: list[str]
    covers: list[str] = field(default_factory=list)  # titles of superseded risks counted here


@dataclass
class ActionView:
    id: str
    title: str
    owner_role: str
    horizon: int
    severity: str
    severity_label: str
    success_measure: str
    reasons: list[str]


@dataclass
class PageAnswers:
    title: str
    answers: list[AnswerLine]


@dataclass
class ResultView:
    questionnaire_title: str
    questionnaire_id: str
    questionnaire_version: int
    label: str
    date: date
    locale: str
    index: int | None  # 0-100, the internal unit (the API's readiness_index)
    level: int | None
    level_name: str
    level_description: str
    band: str | None  # None: the questionnaire has no failure-risk model
    band_label: str
    base_rate: str  # where the band started: rate, kind, year and source
    band_steps: list[str]
    ownership: str | None  # None: the questionnaire has no ownership question
    ownership_label: str
    dimensions: list[DimensionView]
    risks: list[RiskView]
    actions: list[ActionView]
    answers: list[PageAnswers]
    levels: list[tuple[int, str, str]] = field(default_factory=list)
    index_display: str | None = None  # on the display scale
    scale_min: str = "0"
    scale_max: str = "100"
    level_starts: list[float] = field(default_factory=list)  # where each level starts, on the display scale
    top_level: int = 5
    verdict: str = ""  # index, level and band in one sentence
    stage: str = ""  # the stage judged, in a sentence
    groups: list[GroupView] = field(default_factory=list)
    vital_few: int = 7
    in_place: list[str] = field(default_factory=list)  # titles of actions left out: already in place
    exclusions: list[str] = field(default_factory=list)
    benchmark: dict[str, Any] | None = None  # set by the caller where peers exist (reports.benchmark_presenter)
    has_risk_factors: bool = True  # False: the model names no failure risks, so no risk section is shown

    @property
    def actions_by_horizon(self) -> list[tuple[int, list[ActionView]]]:
        return [(h, [a for a in self.actions if a.horizon == h]) for h in (30, 60, 90)]

    @property
    def top_actions(self) -> list[ActionView]:
        return self.actions[: self.vital_few]

    @property
    def further_actions(self) -> list[ActionView]:
        return self.actions[self.vital_few :]


SEVERITY_LABELS = {"critical": _l("Critical"), "high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}


def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS[severity])  # the one label translated (a dashboard asks hundreds of times)


def band_step_text(q: Questionnaire, step: BandStep, locale: str) -> str:
    d = step.detail
    band = band_label(step.band)
    if step.code == "anchor_ownership":
        return _(
            "Ownership %(owner)s: the published base rate puts this at %(band)s.",
            owner=ownership_label(d["ownership"]),
            band=band,
        )
    if step.code == "anchor_risk":
        title = q.text(q.risk_factors[d["risk"]].title, locale)
        return _("“%(risk)s” applies, which has a worse base rate: %(band)s.", risk=title, band=band)
    if step.code == "critical_risk":
        return _("A critical risk factor applies: %(band)s.", band=band)
    if step.code == "several_high_risks":
        return _("%(count)d high risk factors apply: raised to %(band)s.", count=len(d["risks"]), band=band)
    if step.code == "weak_index":
        return _(
            "The readiness index (%(index)s) is below %(threshold)s: raised to %(band)s.",
            index=q.format_score(d["index"], locale_number),
            threshold=q.format_score(d["threshold"], locale_number),
            band=band,
        )
    return _(
        "The readiness index (%(index)s) is strong and no high risk applies: lowered to %(band)s.",
        index=q.format_score(d["index"], locale_number),
        band=band,
    )


def _trigger_text(q: Questionnaire, trigger: Trigger, answers: dict[str, Any], locale: str) -> str:
    target = _("target")
    parts = [
        f"{q.text(q.questions[qid].spec.text, locale)} — "
        f"{display_answer(q, qid, answers.get(qid), locale, target, locale_number)}"
        for qid in trigger.questions
    ]
    if trigger.kind == "rule":
        rule = next(r for r, _c in q.rules if r.id == trigger.rule_id)
        description = q.text(rule.description, locale)
        return (description + " " if description else "") + "(" + "; ".join(parts) + ")"
    return parts[0]


def build_view(
    q: Questionnaire,
    answers: dict[str, Any],
    result: ReadinessResult,
    locale: str,
    label: str = "",
    when: date | None = None,
) -> ResultView:
    total_weight = sum(d.weight for d in result.dimensions) or 1
    groups = _group_views(q, result, locale)
    group_of = {d: g.title for g in groups for d in g.dimensions}
    dims = [_dimension_view(q, d, answers, locale, total_weight, group_of.get(d.id, "")) for d in result.dimensions]
    level = result.maturity_level
    band = result.risk_band
    owner = result.ownership.classification if result.ownership else None
    return ResultView(
        questionnaire_title=q.text(q.spec.title, locale),
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        label=label,
        date=when or date.today(),
        locale=locale,
        index=None if result.readiness_index is None else round(result.readiness_index),
        level=level,
        level_name=q.level_name(level, locale) if level is not None else "",
        level_description=q.text(q.level_spec(level).description, locale) if level is not None else "",
        band=band.band if band else None,
        band_label=band_label(band.band) if band else "",
        base_rate=base_rate_text(q, band, locale) if band else "",
        band_steps=[band_step_text(q, s, locale) for s in band.steps] if band else [],
        ownership=owner,
        ownership_label=ownership_label(owner) if owner else "",
        dimensions=dims,
        risks=[_risk_view(q, r, answers, locale) for r in result.risk_factors],
        actions=[_action_view(q, a, locale) for a in result.actions],
        answers=_answer_pages(q, answers, result, locale),
        levels=[(lv.level, q.text(lv.name, locale), q.text(lv.description, locale)) for lv in q.levels],
        index_display=None if result.readiness_index is None else q.format_score(result.readiness_index, locale_number),
        scale_min=f"{q.scale.min:g}",
        scale_max=q.format_scale_max(locale_number),
        level_starts=[q.display_score(q.internal_score(lv.min_score)) for lv in q.levels],
        top_level=q.levels[-1].level,
        verdict=verdict_sentence(q, result, locale),
        stage=stage_text(q, result, locale),
        groups=groups,
        vital_few=q.spec.action_plan.vital_few,
        in_place=[q.text(q.actions[a].title, locale) for a in result.actions_in_place],
        exclusions=[_exclusion_text(q, x, locale) for x in result.exclusions],
        has_risk_factors=bool(q.spec.risk_factors),
    )


def _risk_view(q: Questionnaire, r: TriggeredRisk, answers: dict[str, Any], locale: str) -> RiskView:
    factor = q.risk_factors[r.id]
    return RiskView(
        id=r.id,
        title=q.text(factor.title, locale),
        severity=r.severity,
        severity_label=severity_label(r.severity),
        dimension=q.text(q.dimensions[r.dimension].title, locale) if r.dimension else "",
        explanation=q.text(factor.explanation, locale),
        evidence=q.text(factor.evidence, locale),
        because=[_trigger_text(q, t, answers, locale) for t in r.triggered_by],
        offset_by=[_trigger_text(q, t, answers, locale) for t in r.mitigated_by],
        covers=[q.text(q.risk_factors[a].title, locale) for a in r.absorbed],
    )


def _exclusion_text(q: Questionnaire, exclusion: Exclusion, locale: str) -> str:
    return _(
        "“%(dropped)s” also matched your answers, but it cannot apply together with “%(kept)s”; the stronger one is "
        "kept.",
        dropped=q.text(q.risk_factors[exclusion.dropped].title, locale),
        kept=q.text(q.risk_factors[exclusion.kept].title, locale),
    )


def _group_views(q: Questionnaire, result: ReadinessResult, locale: str) -> list[GroupView]:
    total = sum(g.weight for g in result.groups) or 1
    return [
        GroupView(
            id=g.id,
            title=q.text(q.groups[g.id].title, locale),
            description=q.text(q.groups[g.id].description, locale),
            score=None if g.score is None else round(g.score),
            score_display=None if g.score is None else q.format_score(g.score, locale_number),
            value=_value(q, g.score),
            level=g.maturity_level,
            level_name=q.level_name(g.maturity_level, locale) if g.maturity_level is not None else "",
            weight_percent=round(100 * g.weight / total),
            dimensions=list(g.dimensions),
        )
        for g in result.groups
    ]


def _value(q: Questionnaire, score: float | None) -> float | None:
    shown = q.display_score(score)
    return None if shown is None else round(shown, q.scale.decimals)


def _dimension_view(
    q: Questionnaire, d: DimensionResult, answers: dict[str, Any], locale: str, total_weight: float, group: str = ""
) -> DimensionView:
    spec = q.dimensions[d.id]
    return DimensionView(
        id=d.id,
        title=q.text(spec.title, locale),
        description=q.text(spec.description, locale),
        score=None if d.score is None else round(d.score),
        level=d.maturity_level,
        level_name=q.level_name(d.maturity_level, locale) if d.maturity_level is not None else "",
        weight_percent=round(100 * d.weight / total_weight),
        gap=None if d.gap is None else round(d.gap, 1),
        contributions=[
            ContributionLine(
                question=q.text(q.questions[c.question_id].spec.text, locale),
                answer=display_answer(q, c.question_id, answers.get(c.question_id), locale, _("target"), locale_number),
                points=q.format_points(c.points, locale_number),
                lost=q.format_points(c.lost, locale_number),
            )
            for c in d.contributions
        ],
        unanswered=[q.text(q.questions[qid].spec.text, locale) for qid in d.unanswered],
        score_display=None if d.score is None else q.format_score(d.score, locale_number),
        value=_value(q, d.score),
        group=group,
        missing_counts_zero=d.missing == "zero",
    )


def _action_view(q: Questionnaire, a: RecommendedAction, locale: str) -> ActionView:
    spec = q.actions[a.id]
    reasons = []
    for kind, ref in a.reasons:
        if kind == "risk":
            reasons.append(q.text(q.risk_factors[ref].title, locale))
        else:
            reasons.append(_("Gap in %(dimension)s", dimension=q.text(q.dimensions[ref].title, locale)))
    return ActionView(
        id=a.id,
        title=q.text(spec.title, locale),
        owner_role=q.text(spec.owner_role, locale),
        horizon=a.horizon,
        severity=a.severity,
        severity_label=severity_label(a.severity),
        success_measure=q.text(spec.success_measure, locale),
        reasons=reasons,
    )


def _answer_pages(q: Questionnaire, answers: dict[str, Any], result: ReadinessResult, locale: str) -> list[PageAnswers]:
    shown = q.visible(answers)
    points = {c.question_id: c for d in result.dimensions for c in d.contributions}
    target = _("target")
    pages = []
    for page in q.pages:
        lines = []
        for qid in page.question_ids:
            if qid not in shown:
                continue
            part = points.get(qid)
            lines.append(
                AnswerLine(
                    q.text(q.questions[qid].spec.text, locale),
                    display_answer(q, qid, shown[qid], locale, target, locale_number),
                    None if part is None else q.format_points(part.points, locale_number),
                    None if part is None else q.format_points(part.lost, locale_number),
                )
            )
        if lines:
            pages.append(PageAnswers(q.text(page.title, locale), lines))
    return pages
