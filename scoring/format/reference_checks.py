"""Cross-checks of the references between parts of the raw data: probes to factors, choices and rules
to risk factors, risk factors to dimensions, recommended actions, the ownership question."""

from __future__ import annotations

from typing import Any

from scoring.format.condition_checks import check_condition
from scoring.format.lookups import did_you_mean, mappings, raw_id, strings
from scoring.format.raw import ById, Found, Located, Raw
from scoring.format.yamlread import Path


def check_probes(data: Raw, questions: list[Located]) -> Found:
    factors = {raw_id(f, "id") for _, f in mappings(data.get("factors"))}
    return [
        (path + ("probes",), f"unknown factor '{probe}'{did_you_mean(probe, factors)}; declare it under 'factors'")
        for path, q, _ in questions
        for probe in strings(q.get("probes"))
        if probe not in factors
    ]


def check_risks(data: Raw, questions: list[Located], by_id: ById) -> Found:
    risk_ids = {raw_id(r, "id") for _, r in mappings(data.get("risk_factors"))}
    dims = {raw_id(d, "id") for _, d in mappings(data.get("dimensions"))}
    found, raised = _check_choice_effects(questions, risk_ids)
    for i, rule in mappings(data.get("risk_rules")):
        target = raw_id(rule, "raises")
        if isinstance(target, str) and target not in risk_ids:
            found.append(
                (("risk_rules", i, "raises"), f"unknown risk factor '{target}'{did_you_mean(target, risk_ids)}")
            )
        raised.add(target)
        if "when" in rule:
            found += check_condition(rule["when"], ("risk_rules", i, "when"), by_id, before=None)
    for i, risk in mappings(data.get("risk_factors")):
        if raw_id(risk, "dimension") is not None and raw_id(risk, "dimension") not in dims:
            dimension = risk.get("dimension")
            found.append(
                (("risk_factors", i, "dimension"), f"unknown dimension '{dimension}'{did_you_mean(dimension, dims)}")
            )
        if raw_id(risk, "id") not in raised:
            found.append((("risk_factors", i), "no answer or risk rule raises this risk factor, so it can never fire"))
    model = data.get("risk_model")
    escalators = model.get("escalators") if isinstance(model, dict) else None
    for key in escalators if isinstance(escalators, dict) else ():
        if key not in risk_ids:
            found.append(
                (("risk_model", "escalators", key), f"unknown risk factor '{key}'{did_you_mean(key, risk_ids)}")
            )
    return found


def _check_choice_effects(questions: list[Located], risk_ids: set[Any]) -> tuple[Found, set[Any]]:
    """Unknown risk factors named by choices, and the set of risks some choice raises."""
    found: Found = []
    raised: set[Any] = set()
    for path, q, _ in questions:
        options: list[tuple[Path, Raw]] = [(("choices", i), c) for i, c in mappings(q.get("choices"))]
        options += [((k,), q[k]) for k in ("yes", "no") if isinstance(q.get(k), dict)]
        for sub, option in options:
            for key in ("raises", "lowers"):
                ids = strings(option.get(key))
                found += [
                    (path + sub + (key,), f"unknown risk factor '{r}'{did_you_mean(r, risk_ids)}")
                    for r in ids
                    if r not in risk_ids
                ]
                if key == "raises":
                    raised.update(ids)
    return found, raised


def check_actions(data: Raw) -> Found:
    found: Found = []
    action_ids = {raw_id(a, "id") for _, a in mappings(data.get("actions"))}
    used: set[str] = set()
    for key in ("risk_factors", "dimensions"):
        for i, item in mappings(data.get(key)):
            for action_id in strings(item.get("actions")):
                used.add(action_id)
                if action_id not in action_ids:
                    found.append(
                        ((key, i, "actions"), f"unknown action '{action_id}'{did_you_mean(action_id, action_ids)}")
                    )
    for i, action in mappings(data.get("actions")):
        if raw_id(action, "id") not in used:
            found.append((("actions", i), "no risk factor or dimension recommends this action"))
    return found


def check_ownership(data: Raw, by_id: ById) -> Found:
    owner = data.get("ownership")
    if owner is None:
        return _stray_ownership(by_id)
    if not isinstance(owner, dict):
        return [(("ownership",), "'ownership' must be a mapping: {question: <id of the ownership question>}")]
    qid = raw_id(owner, "question")
    found: Found = []
    if qid not in by_id:
        return [(("ownership", "question"), f"unknown question '{qid}'{did_you_mean(qid, by_id)}")]
    _, path, question = by_id[qid]
    if raw_id(question, "type") != "single":
        return [(("ownership", "question"), "the ownership question must be a single-choice question")]
    for i, choice in mappings(question.get("choices")):
        if "ownership" not in choice:
            found.append(
                (
                    path + ("choices", i),
                    "every choice of the ownership question needs "
                    "'ownership: it_led | business_led | shared | unowned'",
                )
            )
    for other_path, q, _ in [(p, q, None) for _, p, q in by_id.values() if q is not question]:
        for i, choice in mappings(q.get("choices")):
            if "ownership" in choice:
                found.append(
                    (
                        other_path + ("choices", i, "ownership"),
                        f"'ownership' is only read on the ownership question '{qid}'",
                    )
                )
    return found


def _stray_ownership(by_id: ById) -> Found:
    """Without an ownership question, an `ownership` class on a choice would never be read."""
    return [
        (path + ("choices", i, "ownership"), "'ownership' is only read with an 'ownership: {question: ...}' block")
        for _, path, q in by_id.values()
        for i, choice in mappings(q.get("choices"))
        if "ownership" in choice
    ]
