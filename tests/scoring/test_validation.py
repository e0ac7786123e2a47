"""The validator refuses broken questionnaires with the right line and a clear sentence."""

import time

import pytest

from scoring import QuestionnaireInvalid, validate_text
from tests.support.questionnaires import line_of, load, minimal_text, mutated


def problems_of(text):
    report = validate_text(text, "broken.yaml")
    assert not report.ok
    return report.problems


def only_problem(text):
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_minimal_questionnaire_is_valid():
    report = validate_text(minimal_text(), "minimal.yaml")
    assert report.ok and report.examples_run == 1


def test_yaml_syntax_error_has_its_line():
    text = mutated("  - id: q2\n", "  - id: q2\n   bad: [unclosed\n")
    problem = only_problem(text)
    assert problem.message.startswith("YAML syntax error")
    assert problem.line in (line_of(text, "bad: [unclosed"), line_of(text, "bad: [unclosed") + 1)


CATALOGUE = [
    # (old, new, text at the expected line, fragment of the message)
    ("raises: [risk-z]}", "raises: [risk-zz]}", "risk-zz", "unknown risk factor 'risk-zz'"),
    ("- id: q2\n", "- id: q1\n", "- id: q1\n        type: scale", "duplicate question id 'q1'"),
    (
        'show_if: {question: q3, equals: "yes"}',
        "show_if: {question: q7, answered: true}",
        "show_if",
        "'q7' is a later question",
    ),
    (
        'show_if: {question: q3, equals: "yes"}',
        "show_if: {question: qq, equals: a}",
        "show_if",
        "unknown question 'qq'",
    ),
    (
        'show_if: {question: q3, equals: "yes"}',
        "show_if: {question: q3, equals: maybe}",
        "show_if",
        "'maybe' is not one of its choices",
    ),
    ("title: Alpha\n    weight: 3", "title: Alpha\n    weight: 0", "weight: 0", "greater than 0"),
    (
        "anchors: {1: Bad, 2: Poor, 3: Fair, 4: Good, 5: Great}",
        "anchors: {1: Bad, 5: Great}",
        "anchors",
        "anchors missing for point(s) 2, 3, 4",
    ),
    ("max_length: 50", "max_lenght: 50", "max_lenght", "unknown field 'max_lenght' (did you mean 'max_length'?)"),
    ("text: Question six", "text: true", "text: true", "YAML boolean true; put it in quotes"),
    (
        "severity: high, dimension: alpha",
        "severity: severe, dimension: alpha",
        "severity: severe",
        "'severe' is not allowed",
    ),
    ("- {question: q2, at_most: 1}", "- {question: q9, at_most: 1}", "q9", "unknown question 'q9'"),
    ("horizon: 30,", "horizon: 45,", "horizon: 45", "'45' is not allowed here"),
    ("- id: q3\n", "- id: Q 3\n", "Q 3", "'Q 3' is not a valid id"),
    ("{level: 3, min_score: 40,", "{level: 3, min_score: 10,", "min_score: 10", "level 3 must start at a higher score"),
    ("- {id: y, label: Y, score: 50}", "- {id: y, label: Y, score: 150}", "score: 150", "less than or equal to 100"),
    ("min: 0\n        max: 100", "min: 100\n        max: 10", "max: 10", "must be greater than min"),
    ("ownership: shared}", "}", "id: joint", "every choice of the ownership question needs"),
    (
        "actions: [act-beta]\n    questions",
        "actions: [act-gamma]\n    questions",
        "act-gamma",
        "unknown action 'act-gamma'",
    ),
]


@pytest.mark.parametrize("old, new, at, fragment", CATALOGUE, ids=[c[3][:40] for c in CATALOGUE])
def test_catalogue_of_mistakes(old, new, at, fragment):
    text = mutated(old, new)
    problems = problems_of(text)
    matching = [p for p in problems if fragment in p.message]
    assert matching, [str(p) for p in problems]
    assert matching[0].line == line_of(text, at), str(matching[0])
    assert matching[0].file == "broken.yaml"


def test_role_ids_and_labels_are_the_files_own():
    q = load(mutated("- {id: executive, label: Executive}", "- {id: product-owner, label: Product owner}"))
    assert [c.id for c in q.questions["role"].choices] == ["product-owner", "it", "hr"]


def test_problem_names_the_place_in_authors_words():
    text = mutated("raises: [risk-z]}", "raises: [risk-zz]}")
    (problem,) = [p for p in problems_of(text) if "risk-zz" in p.message]
    assert "question 'q1'" in problem.message and "choice 'z'" in problem.message


def test_every_problem_is_reported_not_just_the_first():
    text = mutated("raises: [risk-z]}", "raises: [risk-zz]}")
    text = mutated("max_length: 50", "max_lenght: 50", text)
    text = mutated("- id: q2\n", "- id: q1\n", text)
    messages = " | ".join(p.message for p in problems_of(text))
    for fragment in ("risk-zz", "max_lenght", "duplicate question id"):
        assert fragment in messages


def test_problems_are_sorted_by_line():
    text = mutated("max_length: 50", "max_lenght: 50")
    text = mutated("raises: [risk-z]}", "raises: [risk-zz]}", text)
    lines = [p.line for p in problems_of(text)]
    assert lines == sorted(lines)


def test_unquoted_no_is_read_as_the_text_written():
    q = load(mutated("- {id: m3, label: M3, score: 40}", "- {id: m3, label: No, score: 40}"))
    assert q.questions["q4"].choice("m3").label == "No"


def test_yaml_booleans_in_flags_still_work():
    q = load(mutated("required: false", "required: no"))
    assert q.questions["q4"].required is False


def test_missing_translation_is_reported():
    text = mutated("locales: [en]", "locales: [en, de]")
    text = mutated("title: Alpha\n", "title: {en: Alpha, de: Alpha}\n", text)
    problems = problems_of(text)
    assert any("missing translation for de" in p.message and p.line == line_of(text, "title: Beta") for p in problems)
    assert not any(p.line == line_of(text, "title: {en: Alpha") for p in problems)


def test_risk_factor_nothing_raises_is_refused():
    text = mutated(
        "- {id: combo,", "- {id: orphan, title: O, severity: low, explanation: E, evidence: E}\n  - {id: combo,"
    )
    problem = next(p for p in problems_of(text) if "can never fire" in p.message)
    assert problem.line == line_of(text, "id: orphan")


def test_failing_example_is_reported_by_name_and_line():
    text = mutated("expect: {risk_band: low, maturity_level: 5}", "expect: {risk_band: critical, maturity_level: 5}")
    problem = only_problem(text)
    assert problem.message == "example 'best': expected risk band critical, got low"
    assert problem.line == line_of(text, "- name: best")


def test_example_with_an_impossible_answer_is_reported():
    text = mutated("preset: best\n", "preset: best\n    answers: {q1: w}\n")
    assert "answer for q1: 'w' is not one of the choices" in only_problem(text).message


def test_load_raises_with_every_problem():
    with pytest.raises(QuestionnaireInvalid) as caught:
        load(mutated("raises: [risk-z]}", "raises: [risk-zz]}"))
    assert "broken" not in str(caught.value) and "risk-zz" in str(caught.value)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a: " + "[" * 5000 + "]" * 5000, "nested more than"),
        (
            "a: &a [x,x,x,x,x,x,x,x,x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)),
            "expands to more than",
        ),
        ("x" * 1_000_001, "larger than"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("a: &x 1\n<<: {b: 2}\n", "merge keys"),
        (b"\xff\xfe bad", "not UTF-8"),
        ("", "empty"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
    ids=["deep", "alias-bomb", "huge", "two-docs", "merge", "bytes", "empty", "list"],
)
def test_hostile_or_odd_files_are_refused_quickly(text, fragment):
    started = time.process_time()  # this process's CPU: other work on the machine does not count
    problems = problems_of(text)
    assert time.process_time() - started < 5.0  # expanding the alias bomb would take hours
    assert any(fragment in p.message for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("raises: [risk-z]}", "raises: [risk-zz]}", "unknown risk factor 'risk-zz' (did you mean 'risk-z'"),
        (
            'show_if: {question: q3, equals: "yes"}',
            'show_if: {question: q33, equals: "yes"}',
            "unknown question 'q33' (did you mean 'q3'?)",
        ),
        ("actions: [act-beta]\n    questions", "actions: [act-btea]\n    questions", "(did you mean 'act-beta'?)"),
        ("severity: medium, dimension: alpha", "severity: medium, dimension: alhpa", "(did you mean 'alpha'?)"),
        (
            "ownership:\n  question: owner",
            "ownership:\n  question: Owner",
            "unknown question 'Owner' (did you mean 'owner'?)",
        ),
    ],
)
def test_unknown_ids_come_with_did_you_mean(old, new, fragment):
    messages = [p.message for p in problems_of(mutated(old, new))]
    assert any(fragment in m for m in messages), messages


def test_did_you_mean_is_capped_and_silent_when_nothing_is_close():
    from scoring.format.lookups import did_you_mean

    known = ["risk-a", "risk-b", "risk-c", "risk-d", "risk-e"]
    suggestion = did_you_mean("risk-x", known)
    assert suggestion.count("'") == 2 * 3 and " or " in suggestion  # three suggestions at most
    assert did_you_mean("completely-different", known) == ""
    assert did_you_mean(["not", "an", "id"], known) == ""
    messages = [p.message for p in problems_of(mutated("raises: [risk-z]}", "raises: [zzzzzz-unrelated]}"))]
    assert any(m.endswith("unknown risk factor 'zzzzzz-unrelated'") for m in messages)
