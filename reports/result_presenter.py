"""The result as plain values for templates: the results page and the PDF report read only this.

Numbers are rounded here, once, to what the method supports (whole points; gaps to one
decimal), so no page or report shows more precision than the scoring has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from scoring import Questionnaire, ReadinessResult
from scoring.explain import display_answer
from scoring.results import BandStep, DimensionResult, RecommendedAction, Trigger

SEVERITY_ORDER = ("critical", "high", "medium", "low")


@dataclass
class AnswerLine:
    question: str
    answer: str
    points: int | None = None  # added to the dimension score (of 100)
    lost: int | None = None  # cost against full marks


@dataclass
class ContributionLine:
    question: str
    answer: str
    points: int
    lost: int


@dataclass
class DimensionView:
    id: str
    title: str
    description: str
    score: int | None
    level: int | None
    level_name: str
    weight_percent: int
    gap: float | None
    contributions: list[ContributionLine]
    unanswered: list[str]


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
    index: int | None
    level: int | None
    level_name: str
    level_description: str
    band: str
    band_label: str
    base_rate_percent: int
    base_rate_source: str
    band_steps: list[str]
    ownership: str
    ownership_label: str
    dimensions: list[DimensionView]
    risks: list[RiskView]
    actions: list[ActionView]
    answers: list[PageAnswers]
    levels: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def actions_by_horizon(self) -> list[tuple[int, list[ActionView]]]:
        return [(h, [a for a in self.actions if a.horizon == h]) for h in (30, 60, 90)]


def severity_label(severity: str) -> str:
    return {"critical": _("Critical"), "high": _("High"), "medium": _("Medium"), "low": _("Low")}[severity]


def band_label(band: str) -> str:
    return {"low": _("Low"), "moderate": _("Moderate"), "high": _("High"), "critical": _("Critical")}[band]


def ownership_label(classification: str) -> str:
    return {
        "it_led": _("IT-led"),
        "business_led": _("Business- or HR-led"),
        "shared": _("Shared: business or HR leads, IT partners"),
        "unowned": _("Unowned"),
        "unknown": _("Not stated"),
    }[classification]


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
            "The readiness index (%(index)d) is below %(threshold)d: raised to %(band)s.",
            index=d["index"],
            threshold=d["threshold"],
            band=band,
        )
    return _(
        "The readiness index (%(index)d) is strong and no high risk applies: lowered to %(band)s.",
        index=d["index"],
        band=band,
    )


def _trigger_text(q: Questionnaire, trigger: Trigger, answers: dict[str, Any], locale: str) -> str:
    target = _("target")
    parts = [
        f"{q.text(q.questions[qid].spec.text, locale)} — {display_answer(q, qid, answers.get(qid), locale, target)}"
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
    dims = [_dimension_view(q, d, answers, locale, total_weight) for d in result.dimensions]
    risks = [
        RiskView(
            id=r.id,
            title=q.text(q.risk_factors[r.id].title, locale),
            severity=r.severity,
            severity_label=severity_label(r.severity),
            dimension=q.text(q.dimensions[r.dimension].title, locale) if r.dimension else "",
            explanation=q.text(q.risk_factors[r.id].explanation, locale),
            evidence=q.text(q.risk_factors[r.id].evidence, locale),
            because=[_trigger_text(q, t, answers, locale) for t in r.triggered_by],
            offset_by=[_trigger_text(q, t, answers, locale) for t in r.mitigated_by],
        )
        for r in result.risk_factors
    ]
    level = result.maturity_level
    band = result.risk_band
    return ResultView(
        questionnaire_title=q.text(q.spec.title, locale),
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        label=label,
        date=when or date.today(),
        locale=locale,
        index=None if result.readiness_index is None else round(result.readiness_index),
        level=level,
        level_name=q.level_name(level, locale) if level else "",
        level_description=q.text(q.levels[level - 1].description, locale) if level else "",
        band=band.band,
        band_label=band_label(band.band),
        base_rate_percent=round(band.failure_rate * 100),
        base_rate_source=band.source,
        band_steps=[band_step_text(q, s, locale) for s in band.steps],
        ownership=result.ownership.classification,
        ownership_label=ownership_label(result.ownership.classification),
        dimensions=dims,
        risks=risks,
        actions=[_action_view(q, a, locale) for a in result.actions],
        answers=_answer_pages(q, answers, result, locale),
        levels=[(lv.level, q.text(lv.name, locale), q.text(lv.description, locale)) for lv in q.levels],
    )


def _dimension_view(
    q: Questionnaire, d: DimensionResult, answers: dict[str, Any], locale: str, total_weight: float
) -> DimensionView:
    spec = q.dimensions[d.id]
    return DimensionView(
        id=d.id,
        title=q.text(spec.title, locale),
        description=q.text(spec.description, locale),
        score=None if d.score is None else round(d.score),
        level=d.maturity_level,
        level_name=q.level_name(d.maturity_level, locale) if d.maturity_level else "",
        weight_percent=round(100 * d.weight / total_weight),
        gap=None if d.gap is None else round(d.gap, 1),
        contributions=[
            ContributionLine(
                question=q.text(q.questions[c.question_id].spec.text, locale),
                answer=display_answer(q, c.question_id, answers.get(c.question_id), locale, _("target")),
                points=round(c.points),
                lost=round(c.lost),
            )
            for c in d.contributions
        ],
        unanswered=[q.text(q.questions[qid].spec.text, locale) for qid in d.unanswered],
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
                    display_answer(q, qid, shown[qid], locale, target),
                    None if part is None else round(part.points),
                    None if part is None else round(part.lost),
                )
            )
        if lines:
            pages.append(PageAnswers(q.text(page.title, locale), lines))
    return pages
