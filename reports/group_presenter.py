"""A workshop's group result as plain, labelled values: for the dashboard JSON, its page,
the group PDF and the JSON export. Groups below the anonymity threshold never get here:
`scoring.group` has already folded them into "other" or left them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from reports.charts import dimension_groups_figure, maturity_distribution_figure, question_distribution_figure
from reports.numbers import locale_number
from reports.result_presenter import severity_label
from reports.verdict_presenter import band_label, verdict_sentence
from scoring import Questionnaire, ReadinessResult
from scoring.answers import parse_answers
from scoring.explain import display_answer
from scoring.group import Comparison, GroupResult, NotCompared, Reason
from scoring.group.results import QuestionStat

# Why something could not be compared (scoring's codes), in the reader's language.
NOT_COMPARED_REASONS = {
    Reason.NOT_IN_FOLLOW_UP: _l("not in the follow-up questionnaire"),
    Reason.NOT_IN_BASELINE: _l("not in the baseline questionnaire"),
    Reason.DROPPED: _l("dropped in the new version"),
    Reason.MAPPED_TO_MISSING: _l("mapped to '%(target)s', which is not in the follow-up questionnaire"),
    Reason.NOT_SCORED_IN_FOLLOW_UP: _l("not scored in the follow-up questionnaire"),
    Reason.NO_SCORES_IN_BASELINE: _l("no scores in the baseline"),
    Reason.NO_SCORES_IN_FOLLOW_UP: _l("no scores in the follow-up"),
    Reason.NO_SCORED_ANSWERS_IN_BASELINE: _l("no scored answers in the baseline"),
    Reason.NO_SCORED_ANSWERS_IN_FOLLOW_UP: _l("no scored answers in the follow-up"),
}
NOT_COMPARED_KINDS = {"dimension": _l("dimension"), "question": _l("question"), "risk": _l("risk")}


@dataclass(frozen=True, slots=True)
class WorkshopFacts:
    """What the dashboard says about the workshop itself."""

    id: int
    title: str
    closed: bool


def group_label(q: Questionnaire, key: str, locale: str) -> str:
    if key == "other":
        return _("Other")
    role = q.questions.get("role")
    choice = role.choice(key) if role else None
    return q.text(choice.label, locale) if choice else key


def _round(value: float | None, digits: int = 0) -> float | int | None:
    if value is None:
        return None
    return round(value) if digits == 0 else round(value, digits)


def _shown_delta(before: float | None, after: float | None) -> int | None:
    """The change as the reader sees it: the difference of the rounded figures (41 -> 58 is +17)."""
    if before is None or after is None:
        return None
    return round(after) - round(before)


def _answer_text(q: Questionnaire, qid: str, value: Any, locale: str) -> str:
    try:
        parsed = parse_answers(q, {qid: value})
    except ValueError:
        return str(value)
    return display_answer(q, qid, parsed.get(qid), locale, _("target"), locale_number)


def _distribution(q: Questionnaire, qid: str, distribution: dict[Any, Any], locale: str) -> list[dict[str, Any]]:
    question = q.questions[qid]
    if question.choices:
        return [
            {"value": c.id, "label": q.text(c.label, locale), "count": distribution.get(c.id, 0)}
            for c in question.choices
        ]
    if question.type == "scale":
        anchors = question.spec.anchors or {}
        return [
            {
                "value": p,
                "label": f"{p} – {q.text(anchors.get(str(p)), locale)}",
                "count": distribution.get(p, distribution.get(str(p), 0)),
            }
            for p in range(1, 6)
        ]
    return [{"value": k, "label": k, "count": v} for k, v in distribution.items()]


def _groups(q: Questionnaire, by_group: Mapping[str, float | None], locale: str) -> list[dict[str, Any]]:
    return [{"key": k, "label": group_label(q, k, locale), "mean": _round(v)} for k, v in by_group.items()]


def dashboard_data(q: Questionnaire, workshop: WorkshopFacts, group: GroupResult, locale: str) -> dict[str, Any]:
    """Everything the live dashboard shows, JSON-ready: its figures and its chart definitions."""
    data = dashboard_figures(q, workshop, group, locale)
    if not group.suppressed:
        data["charts"] = {
            "maturity": maturity_distribution_figure(data["maturity"]),
            "dimensions": dimension_groups_figure(data["dimensions"]),
        }
        # presenter mode's one chart per question: for the page only, never printed
        data["question_charts"] = {item["id"]: question_distribution_figure(item) for item in data["questions"]}
    return data


def dashboard_figures(q: Questionnaire, workshop: WorkshopFacts, group: GroupResult, locale: str) -> dict[str, Any]:
    """The dashboard's figures without its charts: what the JSON export and the API give."""
    data: dict[str, Any] = {
        "workshop": {
            "id": workshop.id,
            "title": workshop.title,
            "closed": workshop.closed,
            "respondents": group.respondents,
            "threshold": group.threshold,
            "suppressed": group.suppressed,
        },
        "roles": [{"key": k, "label": group_label(q, k, locale), "count": c} for k, c in group.roles],
        "teams": [
            {"key": k, "label": group_label(q, k, locale) if k == "other" else k, "count": c} for k, c in group.teams
        ],
    }
    result = group.group_result
    if group.suppressed or result is None:  # only a suppressed group has no group result
        data["message"] = _(
            "Results appear once at least %(n)d people have submitted, so that nobody can be identified.",
            n=group.threshold,
        )
        return data
    data.update(_aggregates(q, group, result, locale))
    return data


def _aggregates(q: Questionnaire, group: GroupResult, result: ReadinessResult, locale: str) -> dict[str, Any]:
    stats = group.index
    questions = [_question_view(q, item, locale) for item in group.questions]
    by_id = {item["id"]: item for item in questions}
    titles = {d.id: q.text(d.title, locale) for d in q.spec.dimensions}
    return {
        "index": {
            k: _round(getattr(stats, k), 1 if k == "stdev" else 0) for k in ("mean", "median", "min", "max", "stdev")
        },
        "index_display": {
            k: q.format_score(getattr(stats, k), locale_number) for k in ("mean", "median", "min", "max")
        },
        "maturity": [
            {"level": level, "name": q.level_name(level, locale), "count": group.maturity_distribution.get(level, 0)}
            for level in q.level_numbers
        ],
        "bands": group.band_distribution,
        "dimensions": [
            {
                "id": d.id,
                "title": titles[d.id],
                "mean": _round(d.mean),
                "stdev": _round(d.stdev, 1),
                "n": d.n,
                "groups": _groups(q, d.by_group, locale),
                "gap": _round(d.gap),
            }
            for d in group.dimensions
        ],
        "questions": questions,
        "disagreements": [by_id[qid] for qid in group.disagreements[:8] if qid in by_id],
        "role_gaps": [
            {
                "kind": gap.kind,
                "id": gap.id,
                "title": titles.get(gap.id) if gap.kind == "dimension" else by_id.get(gap.id, {}).get("text", gap.id),
                "groups": _groups(q, gap.by_group, locale),
                "gap": _round(gap.gap),
            }
            for gap in group.role_gaps[:10]
        ],
        "risks": [
            {
                "id": r.id,
                "title": q.text(q.risk_factors[r.id].title, locale),
                "severity": q.risk_factors[r.id].severity,
                "severity_label": severity_label(q.risk_factors[r.id].severity),
                "count": r.count,
                "percent": round(100 * r.share),
            }
            for r in group.risks
        ],
        "group_result": _group_result(q, group, result, locale),
    }


def _question_view(q: Questionnaire, item: QuestionStat, locale: str) -> dict[str, Any]:
    question = q.questions[item.id]
    dimension = q.dimensions.get(question.dimension) if question.dimension else None
    return {
        "id": item.id,
        "text": q.text(question.spec.text, locale),
        "dimension": q.text(dimension.title, locale) if dimension else _("Profile"),
        "type": question.type,
        "n": item.n,
        "mean_score": _round(item.mean_score),
        "mean_point": _round(item.mean_point, 1),
        "spread": _round(item.spread, 1),
        "consensus": _round(item.consensus, 2),
        "distribution": _distribution(q, item.id, item.distribution, locale),
        "agreed": None if item.agreed is None else _answer_text(q, item.id, item.agreed, locale),
        "groups": _groups(q, item.by_group, locale),
        "gap": _round(item.gap),
    }


def _group_result(q: Questionnaire, group: GroupResult, result: ReadinessResult, locale: str) -> dict[str, Any]:
    band = result.risk_band
    return {
        "readiness_index": _round(result.readiness_index),
        "readiness_index_display": q.format_score(result.readiness_index, locale_number),
        "scale_max": q.format_scale_max(locale_number),
        "maturity_level": result.maturity_level,
        "maturity_name": q.level_name(result.maturity_level, locale) if result.maturity_level is not None else "",
        "band": band.band if band else None,
        "band_label": band_label(band.band) if band else "",
        "verdict": verdict_sentence(q, result, locale),
        "groups": [
            {
                "id": g.id,
                "title": q.text(q.groups[g.id].title, locale),
                "score": _round(g.score),
                "display_score": q.format_score(g.score, locale_number) if g.score is not None else None,
                "level": g.maturity_level,
            }
            for g in result.groups
        ],
        "agreed_questions": len(group.answered_by_agreed),
        "risks": [q.text(q.risk_factors[r.id].title, locale) for r in result.risk_factors],
    }


def comparison_view(
    base_q: Questionnaire, follow_q: Questionnaire, comparison: Comparison, locale: str
) -> dict[str, Any]:
    """Baseline vs follow-up, labelled: what moved and by how much, and what could not be compared."""
    index = comparison.index
    return {
        "suppressed": comparison.suppressed,
        "respondents": (comparison.base_respondents, comparison.follow_respondents),
        "index_delta": _shown_delta(index.base, index.follow) if index else None,
        "index": (_round(index.base), _round(index.follow)) if index else (None, None),
        "dimensions": [
            {
                "title": follow_q.text(follow_q.dimensions[d.id].title, locale)
                if d.id in follow_q.dimensions
                else d.id,
                "before": _round(d.base),
                "after": _round(d.follow),
                "delta": _shown_delta(d.base, d.follow),
            }
            for d in comparison.dimensions
        ],
        "questions": [
            {
                "text": follow_q.text(follow_q.questions[x.follow_id].spec.text, locale)
                if x.follow_id in follow_q.questions
                else x.base_id,
                "before": _round(x.base),
                "after": _round(x.follow),
                "delta": _shown_delta(x.base, x.follow),
            }
            for x in comparison.questions[:15]
        ],
        "risks": [
            {
                "title": _risk_title(base_q, follow_q, r.id, locale),
                "before": round(100 * r.base_share),
                "after": round(100 * r.follow_share),
                "delta": round(100 * r.follow_share) - round(100 * r.base_share),
            }
            for r in comparison.risks
        ],
        "not_compared": [_not_compared(n) for n in comparison.not_compared],
    }


def _not_compared(item: NotCompared) -> dict[str, str]:
    reason = str(NOT_COMPARED_REASONS[item.reason]) % item.params
    return {"id": item.id, "kind": item.kind, "kind_label": str(NOT_COMPARED_KINDS[item.kind]), "reason": reason}


def _risk_title(base_q: Questionnaire, follow_q: Questionnaire, risk_id: str, locale: str) -> str:
    for q in (follow_q, base_q):
        if risk_id in q.risk_factors:
            return q.text(q.risk_factors[risk_id].title, locale)
    return risk_id
