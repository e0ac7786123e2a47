"""Cross-reference checks on the raw questionnaire data: the entry (`check_document`) and the checks
on the document as a whole (unique ids, translations, the role question, dimension weights).

They run on the plain YAML data (not only on a schema-valid model), defensively, so one
pass reports reference mistakes next to the schema's own complaints. The other families are in
`question_checks.py` (one question's fields), `condition_checks.py` (show-conditions and rules),
`reference_checks.py` (risks, actions, ownership, probes) and `verdict_checks.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scoring.format.condition_checks import check_condition
from scoring.format.lookups import iter_questions, mappings, raw_id, strings
from scoring.format.question_checks import check_question, is_scored
from scoring.format.raw import Found, Located, Raw
from scoring.format.reference_checks import check_actions, check_ownership, check_probes, check_risks
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


def check_document(data: Any) -> Found:
    if not isinstance(data, dict):
        return [((), "the file must be a mapping with id, version, title, dimensions ...")]
    found: Found = []
    questions = list(iter_questions(data))
    found += _check_duplicates(data, questions)
    found += _check_locales(data)
    found += _check_role_question(data)
    found += _check_dimensions(data, questions)
    by_id = {raw_id(q, "id"): (i, path, q) for i, (path, q, _) in enumerate(questions)}
    for index, (path, question, dimension) in enumerate(questions):
        found += check_question(path, question, dimension)
        if "show_if" in question:
            found += check_condition(question["show_if"], path + ("show_if",), by_id, before=index)
    found += check_risks(data, questions, by_id)
    found += check_actions(data)
    found += check_ownership(data, by_id)
    found += check_probes(data, questions)
    found += check_verdict_keys(data, questions, by_id, check_condition)
    return found


def _check_duplicates(data: Raw, questions: list[Located]) -> Found:
    found: Found = []
    groups: list[tuple[str, list[tuple[Path, Any]]]] = [
        ("question", [(p + ("id",), raw_id(q, "id")) for p, q, _ in questions]),
    ]
    for key, kind in (
        ("dimensions", "dimension"),
        ("groups", "group"),
        ("risk_factors", "risk factor"),
        ("risk_rules", "risk rule"),
        ("actions", "action"),
        ("factors", "factor"),
    ):
        groups.append((kind, [((key, i, "id"), raw_id(item, "id")) for i, item in mappings(data.get(key))]))
    groups.append(
        ("example", [(("examples", i, "name"), raw_id(e, "name")) for i, e in mappings(data.get("examples"))])
    )
    for path, question, _ in questions:
        choices = mappings(question.get("choices"))
        groups.append(
            (
                f"choice in question '{question.get('id')}'",
                [(path + ("choices", i, "id"), raw_id(c, "id")) for i, c in choices],
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
    locales = strings(data.get("locales"))
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
    profile = mappings(data.get("profile"))
    if not profile:
        return []
    i, first = profile[0]
    if raw_id(first, "id") != "role" or raw_id(first, "type") != "single":
        return [(("profile", i), "the first profile question must be the respondent's role (id: role, type: single)")]
    return []


def _check_dimensions(data: Raw, questions: list[Located]) -> Found:
    found: Found = []
    dims = mappings(data.get("dimensions"))
    weights = [d.get("weight") for _, d in dims]
    numeric = [w for w in weights if isinstance(w, int | float) and not isinstance(w, bool) and w > 0]
    total = sum(numeric)
    for i, dim in dims:
        weight = dim.get("weight")
        scored = [q for p, q, d in questions if d == raw_id(dim, "id") and is_scored(q)]
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
