"""Plain-text and JSON views of a result, for the command line and for other tools."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.answers import to_jsonable
from scoring.model import NumberFormat, Questionnaire, decimals_of, plain_number
from scoring.results import DimensionResult, ReadinessResult, Trigger
from scoring.verdict import verdict_of
from scoring.verdict_text import OWNERSHIP_WORDS, band_step_text, base_rate_text, verdict_sentence


def display_answer(
    q: Questionnaire,
    qid: str,
    value: Any,
    locale: str | None = None,
    target_word: str = "target",
    number: NumberFormat = plain_number,
) -> str:
    """An answer as the respondent saw it: choice labels, scale anchors, numbers (written by `number`), text."""
    question = q.questions[qid]
    if value is None:
        return "—"
    if question.type in ("single", "yesno"):
        choice = question.choice(value)
        return q.text(choice.label, locale) if choice else str(value)
    if question.type == "multiple":
        return "; ".join(q.text(c.label, locale) for c in question.choices if c.id in value)
    if question.type == "scale":
        anchors = question.spec.anchors or {}
        text = f"{value[0]} – {q.text(anchors.get(str(value[0])), locale)}"
        if value[1] is not None:
            text += f" ({target_word} {value[1]})"
        return text
    if question.type == "number":
        unit = q.text(question.spec.unit, locale)
        return f"{number(value, decimals_of(value))} {unit}".strip()
    return str(value)


def result_json(q: Questionnaire, result: ReadinessResult, locale: str | None = None) -> dict[str, Any]:
    """The result with titles added, for `readiness score --format json` and the API."""
    data = result.to_dict()
    verdict = verdict_of(q, result, locale)
    data["overall"] = {
        "readiness_index": data.pop("readiness_index"),
        "readiness_index_display": verdict.index,
        "maturity_level": data.pop("maturity_level"),
        "maturity_name": verdict.level_name or None,
        "level_by_score": data.pop("level_by_score"),
        "unmet_requirements": list(verdict.unmet),
    }
    data.pop("unmet_requirements")
    data["verdict"] = verdict_sentence(q, result, locale)
    data["display_scale"] = {"min": q.scale.min, "max": q.scale.max, "decimals": q.scale.decimals}
    if data["stage"] is not None:
        data["stage"]["label"] = verdict.stage
    for dim in data["dimensions"]:
        dim["title"] = q.text(q.dimensions[dim["id"]].title, locale)
        dim["display_score"] = _display(q, q_result_score(result, dim["id"]))
    for group in data["groups"]:
        group["title"] = q.text(q.groups[group["id"]].title, locale)
        group["display_score"] = _display(q, result.group(group["id"]).score)
    for risk in data["risk_factors"]:
        factor = q.risk_factors[risk["id"]]
        risk["title"] = q.text(factor.title, locale)
        risk["explanation"] = q.text(factor.explanation, locale)
        risk["evidence"] = q.text(factor.evidence, locale)
    for action in data["actions"]:
        spec = q.actions[action["id"]]
        action["title"] = q.text(spec.title, locale)
        action["owner_role"] = q.text(spec.owner_role, locale)
        action["success_measure"] = q.text(spec.success_measure, locale)
    data["vital_few"] = q.spec.action_plan.vital_few
    if result.risk_band is not None:
        data["risk_band"]["indicative"] = True
        data["risk_band"]["base_rate"] = base_rate_text(q, result.risk_band, locale)
        data["risk_band"]["explanation"] = [band_step_text(q, s, locale) for s in result.risk_band.steps]
    return data


def q_result_score(result: ReadinessResult, dimension_id: str) -> float | None:
    return result.dimension(dimension_id).score


def _display(q: Questionnaire, score: float | None) -> float | None:
    shown = q.display_score(score)
    return None if shown is None else round(shown, q.scale.decimals)


def trigger_text(q: Questionnaire, trigger: Trigger, answers: Mapping[str, Any], locale: str | None = None) -> str:
    if trigger.kind == "rule":
        rule = next(r for r, _ in q.rules if r.id == trigger.rule_id)
        parts = [f"{qid} = {display_answer(q, qid, answers.get(qid), locale)}" for qid in trigger.questions]
        label = q.text(rule.description, locale) or rule.id
        return f"rule '{rule.id}' ({label}): " + "; ".join(parts)
    qid = trigger.questions[0]
    return f"{qid} = {display_answer(q, qid, answers.get(qid), locale)}"


def result_text(
    q: Questionnaire,
    result: ReadinessResult,
    answers: Mapping[str, Any],
    explain: bool = False,
    locale: str | None = None,
) -> str:
    lines = [q.text(q.spec.title, locale), ""]
    verdict = verdict_of(q, result, locale)
    if verdict.stage is not None:
        when = "before launch: live-platform questions were not asked" if verdict.before_launch else "live platform"
        lines.append(f"Stage judged: {verdict.stage} ({when})")
    if result.readiness_index is None:
        lines.append("Readiness index: not enough answers to score")
    else:
        top = q.levels[-1].level
        lines.append(
            f"Readiness index: {verdict.index}/{q.format_scale_max()}, maturity level "
            f"{result.maturity_level} of {top} ({verdict.level_name})"
        )
    band = result.risk_band
    if band is not None:
        lines.append(f"Failure-risk band (indicative): {band.band}")
        lines.append(f"  Starting point: {base_rate_text(q, band, locale)}")
    if result.ownership is not None:
        lines.append(f"Ownership: {OWNERSHIP_WORDS[result.ownership.classification]}")
    lines.append(f"Why: {verdict_sentence(q, result, locale)}")
    if explain and band is not None:
        lines += [f"  - {band_step_text(q, s, locale)}" for s in band.steps]
    if result.groups:
        lines += ["", "Groups:"]
        for group in result.groups:
            title = q.text(q.groups[group.id].title, locale)
            lines.append(f"  {title}: {_score_and_level(q, group.score, group.maturity_level)}")
    lines += ["", "Dimensions:"]
    for dim in result.dimensions:
        lines += _dimension_lines(q, dim, answers, explain, locale)
    lines += _risk_lines(q, result, answers, explain, locale)
    lines += _action_lines(q, result, locale)
    return "\n".join(lines) + "\n"


def _score_and_level(q: Questionnaire, score: float | None, level: int | None) -> str:
    if score is None:
        return "not assessed"
    return f"{q.format_score(score)}/{q.format_scale_max()}, level {level}"


def _risk_lines(
    q: Questionnaire, result: ReadinessResult, answers: Mapping[str, Any], explain: bool, locale: str | None
) -> list[str]:
    lines = ["", "Risk factors:" if result.risk_factors else "Risk factors: none triggered"]
    for risk in result.risk_factors:
        lines.append(f"  [{risk.severity}] {q.text(q.risk_factors[risk.id].title, locale)} ({risk.id})")
        if risk.absorbed:
            lines.append(f"      counts once for: {', '.join(risk.absorbed)}")
        if explain:
            lines += [f"      because {trigger_text(q, t, answers, locale)}" for t in risk.triggered_by]
            lines += [f"      offset by {trigger_text(q, t, answers, locale)}" for t in risk.mitigated_by]
    for exclusion in result.exclusions:
        lines.append(f"  ('{exclusion.dropped}' also matched, but it excludes '{exclusion.kept}', the stronger one)")
    return lines


def _action_lines(q: Questionnaire, result: ReadinessResult, locale: str | None) -> list[str]:
    few = q.spec.action_plan.vital_few
    lines = ["", "Actions, the vital few first:" if result.actions else "Actions: none recommended"]
    for n, action in enumerate(result.actions, 1):
        if n == few + 1:
            lines.append("  Further actions:")
        spec = q.actions[action.id]
        lines.append(
            f"  {n}. [{action.severity}, {action.horizon} days] {q.text(spec.title, locale)} "
            f"— owner: {q.text(spec.owner_role, locale)}"
        )
    if result.actions_in_place:
        titles = "; ".join(q.text(q.actions[a].title, locale) for a in result.actions_in_place)
        lines.append(f"  Not recommended, already in place: {titles}")
    return lines


def _dimension_lines(
    q: Questionnaire, dim: DimensionResult, answers: Mapping[str, Any], explain: bool, locale: str | None
) -> list[str]:
    title = q.text(q.dimensions[dim.id].title, locale)
    if dim.score is None:
        return [f"  {title}: not assessed"]
    gap = f", gap to target {dim.gap:.1f}" if dim.gap is not None else ""
    lines = [f"  {title}: {_score_and_level(q, dim.score, dim.maturity_level)}{gap}"]
    if explain:
        for c in dim.contributions:
            if c.question_id in dim.unanswered:
                continue
            answer = display_answer(q, c.question_id, answers.get(c.question_id), locale)
            lines.append(f"      {c.question_id} = {answer}: +{_points(q, c.points)} (cost {_points(q, c.lost)})")
        left = "not answered, counted as zero" if dim.missing == "zero" else "not answered"
        lines += [f"      {qid}: {left}" for qid in dim.unanswered]
    return lines


def _points(q: Questionnaire, points: float) -> str:
    """Points of a contribution: one decimal on 0-100, on a display scale at least two."""
    if q.spec.display_scale is None:
        return f"{points:.1f}"
    scale = q.scale
    return f"{points * (scale.max - scale.min) / 100.0:.{max(2, scale.decimals)}f}"


def questionnaire_json(q: Questionnaire, locale: str | None = None) -> dict[str, Any]:
    """The normalised questionnaire, so other tools can build answer files."""
    pages = []
    for page in q.pages:
        questions = []
        for qid in page.question_ids:
            question = q.questions[qid]
            spec = question.spec
            item: dict[str, Any] = {
                "id": qid,
                "type": question.type,
                "text": q.text(spec.text, locale),
                "required": question.required,
                "scored": question.scored,
                "weight": spec.weight,
            }
            if question.choices:
                item["choices"] = [
                    {"id": c.id, "label": q.text(c.label, locale), "score": c.score, "exclusive": c.exclusive}
                    for c in question.choices
                ]
            if question.type == "scale":
                item["anchors"] = {k: q.text(v, locale) for k, v in (spec.anchors or {}).items()}
                item["target"] = spec.target
            if question.type == "number":
                item.update({"min": spec.min, "max": spec.max, "integer": spec.integer})
            if spec.show_if:
                item["show_if"] = spec.show_if
            if spec.asked_when:
                item["asked_when"] = spec.asked_when
            questions.append(item)
        pages.append(
            {"id": page.id, "title": q.text(page.title, locale), "dimension": page.dimension, "questions": questions}
        )
    return {
        "id": q.id,
        "version": q.version,
        "title": q.text(q.spec.title, locale),
        "locales": q.locales,
        "dimensions": [{"id": d.id, "title": q.text(d.title, locale), "weight": d.weight} for d in q.spec.dimensions],
        "pages": pages,
        "answer_format": {
            "single": "choice id",
            "yesno": "yes or no",
            "multiple": "list of choice ids",
            "scale": "1-5, or {current: 1-5, target: 1-5}",
            "number": "number",
            "text": "text",
        },
    }


__all__ = [
    "OWNERSHIP_WORDS",
    "band_step_text",
    "base_rate_text",
    "display_answer",
    "questionnaire_json",
    "result_json",
    "result_text",
    "to_jsonable",
    "verdict_sentence",
]
