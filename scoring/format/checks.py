"""Cross-reference checks on the raw questionnaire data.

They run on the plain YAML data (not only on a schema-valid model), defensively, so one
pass reports reference mistakes next to the schema's own complaints.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scoring.conditions import ConditionError, Leaf, parse_condition
from scoring.format.raw import ById, Found, Located, Raw
from scoring.format.verdict_checks import check_verdict_keys
from scoring.format.yamlread import Path

TEXT_KEYS = {
    "title",
    "description",
    "intro",
    "text",
    "help",
    "label",
    "name",
    "explanation",
    "evidence",
    "owner_role",
    "success_measure",
    "target_text",
    "unit",
    "profile_title",
    "statement",
}
SKIP_FOR_TEXT = {"examples", "when", "show_if", "unless", "maps_from"}


def _id(mapping: Raw, key: str) -> Any:
    """An id-like value safe to put in a set: a list or mapping where an id belongs becomes a marker."""
    value = mapping.get(key)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return f"<{type(value).__name__} in '{key}'>"


def _dicts(value: Any) -> list[tuple[int, Raw]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _ids(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def iter_questions(data: Raw) -> Iterator[Located]:
    """(path, question, dimension id) in document order: profile first, then dimensions."""
    for i, q in _dicts(data.get("profile")):
        yield ("profile", i), q, None
    for d, dim in _dicts(data.get("dimensions")):
        for i, q in _dicts(dim.get("questions")):
            yield ("dimensions", d, "questions", i), q, _id(dim, "id")


def check_document(data: Any) -> Found:
    if not isinstance(data, dict):
        return [((), "the file must be a mapping with id, version, title, dimensions ...")]
    found: Found = []
    questions = list(iter_questions(data))
    found += _check_duplicates(data, questions)
    found += _check_locales(data)
    found += _check_role_question(data)
    found += _check_dimensions(data, questions)
    by_id = {_id(q, "id"): (i, path, q) for i, (path, q, _) in enumerate(questions)}
    for index, (path, question, dimension) in enumerate(questions):
        found += _check_question(path, question, dimension)
        if "show_if" in question:
            found += _check_condition(question["show_if"], path + ("show_if",), by_id, before=index)
    found += _check_risks(data, questions, by_id)
    found += _check_actions(data)
    found += _check_ownership(data, by_id)
    found += _check_probes(data, questions)
    found += check_verdict_keys(data, questions, by_id, _check_condition)
    return found


def _check_probes(data: Raw, questions: list[Located]) -> Found:
    factors = {_id(f, "id") for _, f in _dicts(data.get("factors"))}
    return [
        (path + ("probes",), f"unknown factor '{probe}'; declare it under 'factors'")
        for path, q, _ in questions
        for probe in _ids(q.get("probes"))
        if probe not in factors
    ]


def _check_duplicates(data: Raw, questions: list[Located]) -> Found:
    found: Found = []
    groups: list[tuple[str, list[tuple[Path, Any]]]] = [
        ("question", [(p + ("id",), _id(q, "id")) for p, q, _ in questions]),
    ]
    for key, kind in (
        ("dimensions", "dimension"),
        ("groups", "group"),
        ("risk_factors", "risk factor"),
        ("risk_rules", "risk rule"),
        ("actions", "action"),
        ("factors", "factor"),
    ):
        groups.append((kind, [((key, i, "id"), _id(item, "id")) for i, item in _dicts(data.get(key))]))
    groups.append(("example", [(("examples", i, "name"), _id(e, "name")) for i, e in _dicts(data.get("examples"))]))
    for path, question, _ in questions:
        choices = _dicts(question.get("choices"))
        groups.append(
            (
                f"choice in question '{question.get('id')}'",
                [(path + ("choices", i, "id"), _id(c, "id")) for i, c in choices],
            )
        )
    for kind, entries in groups:
        seen: set[Any] = set()
        for path, value in entries:
            if isinstance(value, str) and value in seen:
                found.append((path, f"duplicate {kind} id '{value}': ids must be unique"))
            seen.add(value)
    return found


def _check_locales(data: Raw) -> Found:
    locales = _ids(data.get("locales"))
    default = data.get("default_locale")
    found: Found = []
    if locales and default not in locales:
        found.append((("default_locale",), f"default_locale '{default}' is not in locales {locales}"))
    if not locales:
        return found
    for path, value in _walk_texts(data, ()):
        if isinstance(value, dict):
            missing = [loc for loc in locales if loc not in value]
            extra = [loc for loc in value if loc not in locales]
            if missing:
                found.append((path, f"missing translation for {', '.join(missing)}"))
            if extra:
                found.append((path, f"text in undeclared locale {', '.join(map(str, extra))}"))
        elif isinstance(value, str) and len(locales) > 1:
            others = [loc for loc in locales if loc != default]
            found.append((path, f"missing translation for {', '.join(others)} (only one text given)"))
    return found


def _walk_texts(node: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SKIP_FOR_TEXT:
                continue
            if key in TEXT_KEYS and isinstance(value, str | dict):
                yield path + (key,), value
            elif key == "anchors" and isinstance(value, dict) and path[:1] != ("risk_model",):
                for point, text in value.items():
                    yield path + (key, point), text
            elif key in ("yes", "no") and isinstance(value, dict):
                yield from _walk_texts(value, path + (key,))
            else:
                yield from _walk_texts(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk_texts(item, path + (i,))


def _check_role_question(data: Raw) -> Found:
    """The respondent's role comes first; its choices (ids and labels) are the file's own."""
    profile = _dicts(data.get("profile"))
    if not profile:
        return []
    i, first = profile[0]
    if _id(first, "id") != "role" or _id(first, "type") != "single":
        return [(("profile", i), "the first profile question must be the respondent's role (id: role, type: single)")]
    return []


def _check_dimensions(data: Raw, questions: list[Located]) -> Found:
    found: Found = []
    dims = _dicts(data.get("dimensions"))
    weights = [d.get("weight") for _, d in dims]
    numeric = [w for w in weights if isinstance(w, int | float) and not isinstance(w, bool) and w > 0]
    total = sum(numeric)
    for i, dim in dims:
        weight = dim.get("weight")
        scored = [q for p, q, d in questions if d == _id(dim, "id") and _is_scored(q)]
        if not scored and dim.get("questions"):
            found.append((("dimensions", i), "this dimension carries weight but none of its questions has a score"))
        if len(numeric) >= 3 and weight in numeric and weight > total / 2:
            found.append(
                (
                    ("dimensions", i, "weight"),
                    f"weight {weight} is more than half of all dimension weights ({total:g}); "
                    "one dimension would decide the whole index",
                )
            )
    return found


def _is_scored(q: Raw) -> bool:
    kind = _id(q, "type")
    if kind == "scale":
        return True
    if kind == "number":
        return bool(q.get("score_bands"))
    if kind == "yesno":
        return any(isinstance(q.get(k), dict) and q[k].get("score") is not None for k in ("yes", "no"))
    return any(c.get("score") is not None for _, c in _dicts(q.get("choices")))


_TYPE_FIELDS = {
    "choices": ("single", "multiple"),
    "anchors": ("scale",),
    "target": ("scale",),
    "target_text": ("scale",),
    "yes": ("yesno",),
    "no": ("yesno",),
    "min": ("number",),
    "max": ("number",),
    "integer": ("number",),
    "unit": ("number",),
    "score_bands": ("number",),
    "max_length": ("text",),
}


def _check_question(path: Path, q: Raw, dimension: str | None) -> Found:
    kind = _id(q, "type")
    found: Found = [
        (path + (key,), f"'{key}' does not apply to a {kind} question")
        for key, kinds in _TYPE_FIELDS.items()
        if key in q and kind in _KNOWN_TYPES and kind not in kinds
    ]
    if kind in ("single", "multiple"):
        choices = _dicts(q.get("choices"))
        if len(choices) < 2:
            found.append((path, f"a {kind}-choice question needs at least two choices"))
        found += _check_choice_scores(path, q, choices, dimension)
    elif kind == "scale":
        found += _check_anchors(path, q.get("anchors"))
    elif kind == "number":
        low, high = q.get("min"), q.get("max")
        if isinstance(low, int | float) and isinstance(high, int | float) and low >= high:
            found.append((path + ("max",), f"max ({high}) must be greater than min ({low})"))
    if dimension is None and kind == "scale":
        found.append((path, "a scale question scores, so it belongs in a dimension, not the profile"))
    elif dimension is None and _is_scored(q):
        found.append((path, "profile questions are not scored; remove the scores or move it into a dimension"))
    return found


_KNOWN_TYPES = ("single", "multiple", "scale", "yesno", "number", "text")


def _check_anchors(path: Path, anchors: Any) -> Found:
    keys = {str(k) for k in anchors} if isinstance(anchors, dict) else set()
    found: Found = []
    missing = [p for p in "12345" if p not in keys]
    if missing:
        found.append(
            (
                path + (("anchors",) if anchors else ()),
                f"scale anchors missing for point(s) {', '.join(missing)}; label all five",
            )
        )
    extra = sorted(keys - set("12345"))
    if extra:
        found.append((path + ("anchors",), f"scale anchor '{extra[0]}' is not a point from 1 to 5"))
    return found


def _check_choice_scores(path: Path, q: Raw, choices: list[tuple[int, Raw]], dimension: str | None) -> Found:
    scores = [c.get("score") for _, c in choices]
    numeric = [s for s in scores if isinstance(s, int | float)]
    if dimension is None or not numeric or _id(q, "type") != "single":
        return []
    if len(set(numeric)) == 1 and len(numeric) > 1:
        return [(path, "every choice has the same score, so this question cannot move the score")]
    found: Found = []
    for i, choice in choices:
        score = choice.get("score")
        if isinstance(score, int | float) and score < 0:
            found.append((path + ("choices", i, "score"), "a single-choice score must be from 0 to 100"))
    return found


def _check_condition(raw: Any, path: Path, by_id: ById, before: int | None) -> Found:
    try:
        condition = parse_condition(raw)
    except ConditionError as exc:
        return [(path + exc.path, exc.args[0])]
    found: Found = []
    for leaf in condition.leaves():
        target = by_id.get(leaf.question)
        here = path + leaf.path
        if target is None:
            found.append((here, f"condition refers to unknown question '{leaf.question}'"))
            continue
        index, _, question = target
        if before is not None and index >= before:
            what = "itself" if index == before else "a later question"
            found.append((here, f"a show-condition may only use earlier answers; '{leaf.question}' is {what}"))
            continue
        problem = _leaf_fits(leaf, question)
        if problem:
            found.append((here, f"condition on '{leaf.question}': {problem}"))
    return found


def _leaf_fits(leaf: Leaf, question: Raw) -> str | None:
    kind = _id(question, "type")
    if leaf.op == "answered":
        return None
    if kind == "text":
        return "a free-text answer can only be tested with 'answered'"
    if leaf.part == "target" and not (kind == "scale" and question.get("target") is True):
        return "'part: target' needs a scale question that asks for a target state"
    values = leaf.value if leaf.op == "one_of" else {leaf.value}
    if leaf.op in ("at_least", "at_most"):
        if kind in ("single", "yesno"):
            return f"'{leaf.op}' needs a scale, number or multiple-choice question"
        return None
    if kind in ("single", "multiple"):
        ids = {_id(c, "id") for _, c in _dicts(question.get("choices"))}
    elif kind == "yesno":
        ids = {"yes", "no"}
    elif kind == "scale":
        ids = {1, 2, 3, 4, 5}
    else:
        return None if all(isinstance(v, int | float) for v in values) else "compare numbers with numbers"
    unknown = sorted(str(v) for v in values if v not in ids)
    if unknown:
        return f"'{unknown[0]}' is not one of its choices ({', '.join(sorted(map(str, ids)))})"
    return None


def _check_risks(data: Raw, questions: list[Located], by_id: ById) -> Found:
    risk_ids = {_id(r, "id") for _, r in _dicts(data.get("risk_factors"))}
    dims = {_id(d, "id") for _, d in _dicts(data.get("dimensions"))}
    found, raised = _check_choice_effects(questions, risk_ids)
    for i, rule in _dicts(data.get("risk_rules")):
        target = _id(rule, "raises")
        if isinstance(target, str) and target not in risk_ids:
            found.append((("risk_rules", i, "raises"), f"unknown risk factor '{target}'"))
        raised.add(target)
        if "when" in rule:
            found += _check_condition(rule["when"], ("risk_rules", i, "when"), by_id, before=None)
    for i, risk in _dicts(data.get("risk_factors")):
        if _id(risk, "dimension") is not None and _id(risk, "dimension") not in dims:
            found.append((("risk_factors", i, "dimension"), f"unknown dimension '{risk.get('dimension')}'"))
        if _id(risk, "id") not in raised:
            found.append((("risk_factors", i), "no answer or risk rule raises this risk factor, so it can never fire"))
    model = data.get("risk_model")
    escalators = model.get("escalators") if isinstance(model, dict) else None
    for key in escalators if isinstance(escalators, dict) else ():
        if key not in risk_ids:
            found.append((("risk_model", "escalators", key), f"unknown risk factor '{key}'"))
    return found


def _check_choice_effects(questions: list[Located], risk_ids: set[Any]) -> tuple[Found, set[Any]]:
    """Unknown risk factors named by choices, and the set of risks some choice raises."""
    found: Found = []
    raised: set[Any] = set()
    for path, q, _ in questions:
        options: list[tuple[Path, Raw]] = [(("choices", i), c) for i, c in _dicts(q.get("choices"))]
        options += [((k,), q[k]) for k in ("yes", "no") if isinstance(q.get(k), dict)]
        for sub, option in options:
            for key in ("raises", "lowers"):
                ids = _ids(option.get(key))
                found += [(path + sub + (key,), f"unknown risk factor '{r}'") for r in ids if r not in risk_ids]
                if key == "raises":
                    raised.update(ids)
    return found, raised


def _check_actions(data: Raw) -> Found:
    found: Found = []
    action_ids = {_id(a, "id") for _, a in _dicts(data.get("actions"))}
    used: set[str] = set()
    for key in ("risk_factors", "dimensions"):
        for i, item in _dicts(data.get(key)):
            for action_id in _ids(item.get("actions")):
                used.add(action_id)
                if action_id not in action_ids:
                    found.append(((key, i, "actions"), f"unknown action '{action_id}'"))
    for i, action in _dicts(data.get("actions")):
        if _id(action, "id") not in used:
            found.append((("actions", i), "no risk factor or dimension recommends this action"))
    return found


def _check_ownership(data: Raw, by_id: ById) -> Found:
    owner = data.get("ownership")
    if owner is None:
        return _stray_ownership(by_id)
    if not isinstance(owner, dict):
        return [(("ownership",), "'ownership' must be a mapping: {question: <id of the ownership question>}")]
    qid = _id(owner, "question")
    found: Found = []
    if qid not in by_id:
        return [(("ownership", "question"), f"unknown question '{qid}'")]
    _, path, question = by_id[qid]
    if _id(question, "type") != "single":
        return [(("ownership", "question"), "the ownership question must be a single-choice question")]
    for i, choice in _dicts(question.get("choices")):
        if "ownership" not in choice:
            found.append(
                (
                    path + ("choices", i),
                    "every choice of the ownership question needs "
                    "'ownership: it_led | business_led | shared | unowned'",
                )
            )
    for other_path, q, _ in [(p, q, None) for _, p, q in by_id.values() if q is not question]:
        for i, choice in _dicts(q.get("choices")):
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
        for i, choice in _dicts(q.get("choices"))
        if "ownership" in choice
    ]
