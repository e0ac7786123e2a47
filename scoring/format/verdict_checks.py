"""Cross-checks for the keys that shape the verdict: levels and their requirements, groups,
the stage, `unless` on actions, `supersedes` and `excludes` between risk factors, anchors.

Like `checks.py` they read the plain YAML data defensively and return (path, message).
"""

from __future__ import annotations

from typing import Any

from scoring.format.cofire import Questions, can_fire_together
from scoring.format.level_checks import check_levels
from scoring.format.raw import ById, ConditionCheck, Found, Located, Raw
from scoring.format.schema import SEVERITIES


def _id(mapping: Raw, key: str) -> Any:
    value = mapping.get(key)
    return value if value is None or isinstance(value, str | int | float | bool) else f"<{type(value).__name__}>"


def _dicts(value: Any) -> list[tuple[int, Raw]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _ids(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_verdict_keys(data: Raw, questions: list[Located], by_id: ById, check_condition: ConditionCheck) -> Found:
    """Every problem in the verdict keys; `check_condition(raw, path, by_id, before)` checks one condition."""
    found: Found = []
    found += check_levels(data, by_id, check_condition)
    found += check_groups(data)
    found += check_stage(data, questions, by_id)
    found += check_unless(data, by_id, check_condition)
    found += check_risk_links(data, questions)
    found += check_anchors(data)
    return found


# ----------------------------------------------------------------------------- groups


def check_groups(data: Raw) -> Found:
    groups = _dicts(data.get("groups"))
    if not groups:
        return []
    dims = [(i, _id(d, "id")) for i, d in _dicts(data.get("dimensions"))]
    known = {d for _, d in dims}
    found: Found = []
    home: dict[str, Any] = {}
    for g, group in groups:
        for k, dim in enumerate(_ids(group.get("dimensions"))):
            path = ("groups", g, "dimensions", k)
            if dim not in known:
                found.append((path, f"unknown dimension '{dim}'"))
            elif dim in home:
                found.append(
                    (path, f"dimension '{dim}' is already in group '{home[dim]}'; a dimension is in one group")
                )
            else:
                home[dim] = group.get("id")
    found += [
        (("dimensions", i), f"dimension '{d}' is in no group; with groups, every dimension belongs to one")
        for i, d in dims
        if d not in home
    ]
    return found


# ----------------------------------------------------------------------------- stage


def check_stage(data: Raw, questions: list[Located], by_id: ById) -> Found:
    stage = data.get("stage")
    staged = [(path, q) for path, q, _ in questions if q.get("asked_when") is not None]
    if not isinstance(stage, dict):
        return [
            (path + ("asked_when",), "'asked_when' needs a 'stage' block naming the stage question")
            for path, _ in staged
        ]
    qid = _id(stage, "question")
    if qid not in by_id:
        return [(("stage", "question"), f"unknown question '{qid}'")]
    index, path, question = by_id[qid]
    if _id(question, "type") != "single" or path[0] != "profile":
        return [(("stage", "question"), "the stage question must be a single-choice question in the profile")]
    choices = {_id(c, "id") for _, c in _dicts(question.get("choices"))}
    before = _ids(stage.get("before_launch"))
    found: Found = [
        (("stage", "before_launch", i), f"'{choice}' is not a choice of the stage question '{qid}'")
        for i, choice in enumerate(before)
        if choice not in choices
    ]
    if choices and choices <= set(before):
        found.append(
            (("stage", "before_launch"), "every stage is before launch, so no live-platform question is ever asked")
        )
    for path_q, q in staged:
        if by_id.get(_id(q, "id"), (0,))[0] <= index:
            found.append((path_q + ("asked_when",), f"a question that depends on the stage must come after '{qid}'"))
    return found


# ----------------------------------------------------------------------------- actions and risks


def check_unless(data: Raw, by_id: ById, check_condition: ConditionCheck) -> Found:
    found: Found = []
    for i, action in _dicts(data.get("actions")):
        if "unless" in action:
            problems = check_condition(action["unless"], ("actions", i, "unless"), by_id, None)
            found += [(p, f"'unless' of action '{action.get('id')}': {m}") for p, m in problems]
    return found


def check_risk_links(data: Raw, questions: list[Located]) -> Found:
    risks = {_id(r, "id"): r for _, r in _dicts(data.get("risk_factors"))}
    found: Found = []
    for i, risk in _dicts(data.get("risk_factors")):
        for key in ("supersedes", "excludes"):
            for k, other in enumerate(_ids(risk.get(key))):
                path = ("risk_factors", i, key, k)
                if other not in risks:
                    found.append((path, f"unknown risk factor '{other}'"))
                elif other == risk.get("id"):
                    found.append((path, f"a risk factor cannot {key[:-1]} itself"))
                elif key == "supersedes" and _less_severe(risk, risks[other]):
                    found.append(
                        (
                            path,
                            f"'{risk.get('id')}' ({risk.get('severity')}) cannot supersede '{other}' "
                            f"({risks[other].get('severity')}): the cause counted must be at least as severe",
                        )
                    )
    found += _supersede_cycles(data)
    found += _exclusive_overlaps(data, questions, risks)
    return found


def _rank(risk: Raw) -> int | None:
    """The severity's rank; None for an unknown severity (the schema reports that one)."""
    severity = risk.get("severity")
    return SEVERITIES.index(severity) if severity in SEVERITIES else None


def _less_severe(risk: Raw, other: Raw) -> bool:
    """Whether both severities are known and `risk`'s is the lower one."""
    rank, other_rank = _rank(risk), _rank(other)
    return rank is not None and other_rank is not None and rank < other_rank


def _supersede_cycles(data: Raw) -> Found:
    edges = {_id(r, "id"): _ids(r.get("supersedes")) for _, r in _dicts(data.get("risk_factors"))}
    found: Found = []
    for i, risk in _dicts(data.get("risk_factors")):
        start = _id(risk, "id")
        seen: set[str] = set()
        todo = list(edges.get(start, ()))
        while todo:
            node = todo.pop()
            if node == start:
                found.append((("risk_factors", i, "supersedes"), f"'{start}' supersedes itself through a chain"))
                break
            if node not in seen:
                seen.add(node)
                todo += edges.get(node, ())
    return found


def _exclusive_overlaps(data: Raw, questions: list[Located], risks: dict[Any, Raw]) -> Found:
    model = Questions(data, questions)
    found: Found = []
    for i, risk in _dicts(data.get("risk_factors")):
        for k, other in enumerate(_ids(risk.get("excludes"))):
            if other not in risks or other == risk.get("id"):
                continue
            both = can_fire_together(data, model, _id(risk, "id"), other)
            if both is not None:
                found.append(
                    (
                        ("risk_factors", i, "excludes", k),
                        f"'{risk.get('id')}' and '{other}' exclude each other but can fire together: "
                        f"{both[0]} raises the first and {both[1]} the second on the same answers",
                    )
                )
    return found


def check_anchors(data: Raw) -> Found:
    model = data.get("risk_model")
    if not isinstance(model, dict):
        return []
    risks = {_id(r, "id") for _, r in _dicts(data.get("risk_factors"))}
    found: Found = []
    for key in ("anchors", "escalators"):
        anchors = model.get(key)
        for name, anchor in anchors.items() if isinstance(anchors, dict) else ():
            risk = _id(anchor, "risk") if isinstance(anchor, dict) else None
            if risk is not None and risk not in risks:
                found.append((("risk_model", key, name, "risk"), f"unknown risk factor '{risk}'"))
            if isinstance(anchor, dict) and anchor.get("failure_rate") is None and anchor.get("statement") is None:
                found.append(
                    (
                        ("risk_model", key, name),
                        "an anchor without a failure_rate needs a 'statement' saying why the band starts where it does",
                    )
                )
    return found
