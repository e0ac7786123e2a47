"""Plain-text and JSON views of a result, for the command line and for other tools."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.answers import to_jsonable
from scoring.model import Questionnaire
from scoring.results import BandStep, DimensionResult, ReadinessResult, Trigger

OWNERSHIP_WORDS = {
    "it_led": "IT-led",
    "business_led": "business/HR-led",
    "shared": "shared (business or HR leads, IT partners)",
    "unowned": "unowned",
    "unknown": "not stated",
}


def display_answer(
    q: Questionnaire, qid: str, value: Any, locale: str | None = None, target_word: str = "target"
) -> str:
    """An answer as the respondent saw it: choice labels, scale anchors, numbers, text."""
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
        return f"{value:g} {unit}".strip() if isinstance(value, float) else f"{value} {unit}".strip()
    return str(value)


def result_json(q: Questionnaire, result: ReadinessResult, locale: str | None = None) -> dict[str, Any]:
    """The result with titles added, for `readiness score --format json` and the API."""
    data = result.to_dict()
    data["overall"] = {
        "readiness_index": data.pop("readiness_index"),
        "maturity_level": data.pop("maturity_level"),
        "maturity_name": q.level_name(result.maturity_level, locale) if result.maturity_level else None,
    }
    for dim in data["dimensions"]:
        dim["title"] = q.text(q.dimensions[dim["id"]].title, locale)
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
    data["risk_band"]["explanation"] = [band_step_text(q, s, locale) for s in result.risk_band.steps]
    return data


def band_step_text(q: Questionnaire, step: BandStep, locale: str | None = None) -> str:
    """One step of the band reasoning in English (the web pages translate their own)."""
    d = step.detail
    if step.code == "anchor_ownership":
        return f"Ownership {OWNERSHIP_WORDS[d['ownership']]}: starts at {step.band}"
    if step.code == "anchor_risk":
        return f"{q.text(q.risk_factors[d['risk']].title, locale)} applies: anchored at {step.band}"
    if step.code == "critical_risk":
        return f"{len(d['risks'])} critical risk factor(s): {step.band}"
    if step.code == "several_high_risks":
        return f"{len(d['risks'])} high risk factors: raised to {step.band}"
    if step.code == "weak_index":
        return f"Readiness index {d['index']} is below {d['threshold']:g}: raised to {step.band}"
    return f"Readiness index {d['index']} with no high or critical risk: lowered to {step.band}"


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
    if result.readiness_index is None or result.maturity_level is None:  # both or neither
        lines.append("Readiness index: not enough answers to score")
    else:
        lines.append(
            f"Readiness index: {result.readiness_index:.0f}/100, maturity level "
            f"{result.maturity_level} ({q.level_name(result.maturity_level, locale)})"
        )
    band = result.risk_band
    lines.append(f"Failure-risk band: {band.band} (base rate: about {band.failure_rate:.0%} fail; {band.source})")
    lines.append(f"Ownership: {OWNERSHIP_WORDS[result.ownership.classification]}")
    if explain:
        lines += [f"  - {band_step_text(q, s, locale)}" for s in band.steps]
    lines += ["", "Dimensions:"]
    for dim in result.dimensions:
        lines += _dimension_lines(q, dim, answers, explain, locale)
    lines += ["", "Risk factors:" if result.risk_factors else "Risk factors: none triggered"]
    for risk in result.risk_factors:
        lines.append(f"  [{risk.severity}] {q.text(q.risk_factors[risk.id].title, locale)} ({risk.id})")
        if explain:
            lines += [f"      because {trigger_text(q, t, answers, locale)}" for t in risk.triggered_by]
            lines += [f"      offset by {trigger_text(q, t, answers, locale)}" for t in risk.mitigated_by]
    lines += ["", "Actions, by priority:"]
    for n, action in enumerate(result.actions, 1):
        spec = q.actions[action.id]
        lines.append(
            f"  {n}. [{action.severity}, {action.horizon} days] {q.text(spec.title, locale)} "
            f"— owner: {q.text(spec.owner_role, locale)}"
        )
    return "\n".join(lines) + "\n"


def _dimension_lines(
    q: Questionnaire, dim: DimensionResult, answers: Mapping[str, Any], explain: bool, locale: str | None
) -> list[str]:
    title = q.text(q.dimensions[dim.id].title, locale)
    if dim.score is None:
        return [f"  {title}: not assessed"]
    gap = f", gap to target {dim.gap:.1f}" if dim.gap is not None else ""
    lines = [f"  {title}: {dim.score:.0f}/100, level {dim.maturity_level}{gap}"]
    if explain:
        for c in dim.contributions:
            answer = display_answer(q, c.question_id, answers.get(c.question_id), locale)
            lines.append(f"      {c.question_id} = {answer}: +{c.points:.1f} (cost {c.lost:.1f})")
        lines += [f"      {qid}: not answered" for qid in dim.unanswered]
    return lines


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


__all__ = ["display_answer", "questionnaire_json", "result_json", "result_text", "to_jsonable"]
