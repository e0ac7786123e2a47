"""`diff_questionnaires`: each kind of change between two versions, on variants of the minimal file."""

import json

import pytest

from scoring.diff import LOST_TITLE, SECTIONS, Lost, diff_questionnaires, diff_text
from scoring.model import Questionnaire
from tests.support.questionnaires import PULSE_PATH, load, minimal, minimal_text, mutated, pulse


def version_2(*edits: tuple[str, str], maps_from: str = "") -> Questionnaire:
    """The minimal questionnaire as version 2, with exact text edits and an optional maps_from entry."""
    text = minimal_text().replace("version: 1", "version: 2", 1)
    for old, new in edits:
        text = mutated(old, new, text)
    if maps_from:
        text += f"maps_from:\n  - version: 1\n{maps_from}"
    return load(text)


def without_q4(text: str) -> str:
    return text[: text.index("      - id: q4\n")] + text[text.index("      - id: q5\n") :]


def find(diff, kind, id_, change):
    """The one change of this kind, id and field."""
    found = [c for s in diff.sections for c in s.changes if (c.kind, c.id, c.change) == (kind, id_, change)]
    assert len(found) == 1, f"{(kind, id_, change)} in {[c.text for s in diff.sections for c in s.changes]}"
    return found[0]


def section_of(diff, change):
    return next(s.key for s in diff.sections if change in s.changes)


def all_changes(diff):
    return [(c.kind, c.id, c.change) for s in diff.sections for c in s.changes]


# --------------------------------------------------------------------------- no change


@pytest.mark.parametrize("loaded, text", [(minimal, minimal_text), (pulse, PULSE_PATH.read_text)])
def test_identical_files_have_no_differences(loaded, text):
    diff = diff_questionnaires(loaded(), load(text()))
    assert diff.identical and diff.lost == [] and all_changes(diff) == []
    assert [s.key for s in diff.sections] == list(SECTIONS)
    assert diff_text(diff).endswith("\nNo differences.\n")


def test_reformatting_the_file_is_not_a_difference():
    text = minimal_text().replace("# A small questionnaire", "# Reworded comment").replace("weight: 3", "weight: 3.0")
    assert diff_questionnaires(minimal(), load(text)).identical


# --------------------------------------------------------------------------- metadata


def test_version_id_and_default_locale():
    diff = diff_questionnaires(minimal(), version_2())
    change = find(diff, "questionnaire", "minimal", "version")
    assert (change.old, change.new, change.text) == (1, 2, "Version changed from 1 to 2.")
    assert not diff.identical and diff.lost == []
    renamed = diff_questionnaires(minimal(), load(mutated("id: minimal", "id: other")))
    assert (find(renamed, "questionnaire", "other", "id").old, renamed.new) == ("minimal", ("other", 1))
    german = load(PULSE_PATH.read_text().replace("default_locale: en", "default_locale: de", 1))
    assert find(diff_questionnaires(pulse(), german), "questionnaire", "executive-pulse", "default_locale").new == "de"


def test_locales_added_and_removed():
    spec = minimal().spec
    both = Questionnaire(spec.model_copy(update={"locales": ["en", "de"]}))
    change = find(diff_questionnaires(minimal(), both), "questionnaire", "minimal", "locales")
    assert change.text == "Locales added de." and (change.old, change.new) == (["en"], ["en", "de"])
    swapped = Questionnaire(spec.model_copy(update={"locales": ["de"]}))
    assert find(diff_questionnaires(both, swapped), "questionnaire", "minimal", "locales").text == "Locales removed en."


def test_fields_without_their_own_sentence_are_named():
    diff = diff_questionnaires(
        minimal(), load(mutated("title: Minimal test questionnaire", "title: Minimal\nintro: Hi"))
    )
    assert find(diff, "questionnaire", "minimal", "title").new == "Minimal"
    assert find(diff, "questionnaire", "minimal", "other").new == ["intro"]


# --------------------------------------------------------------------------- dimensions


def test_dimension_weight_added_and_removed():
    diff = diff_questionnaires(
        minimal(),
        version_2(
            ("weight: 3", "weight: 4"), ("  - id: beta\n", "  - id: gamma\n"), ("dimension: beta,", "dimension: gamma,")
        ),
    )
    weight = find(diff, "dimension", "alpha", "weight")
    assert (weight.old, weight.new) == (3, 4) and weight.text == "Dimension 'alpha': weight changed from 3 to 4."
    assert find(diff, "dimension", "beta", "removed").text == "Dimension 'beta' removed."
    assert find(diff, "dimension", "gamma", "added").text == "Dimension 'gamma' added (weight 1)."
    moved = find(diff, "question", "q3", "dimension")
    assert (moved.old, moved.new) == ("beta", "gamma")
    assert moved.text == "Question 'q3' moved from dimension 'beta' to dimension 'gamma'."
    assert find(diff, "risk factor", "risk-no", "dimension").new == "gamma"


# --------------------------------------------------------------------------- questions


def test_question_removed_without_mapping_is_lost():
    diff = diff_questionnaires(minimal(), load(without_q4(minimal_text())))
    assert find(diff, "question", "q4", "removed").text == "Question 'q4' removed."
    assert diff.lost == [Lost("question", "q4", "not in the follow-up questionnaire")]


def test_question_added():
    new_question = "      - id: q8\n        type: yesno\n        text: Question eight\n      - id: q5\n"
    diff = diff_questionnaires(minimal(), load(mutated("      - id: q5\n", new_question)))
    assert find(diff, "question", "q8", "added").text == "Question 'q8' added to dimension 'beta' (yesno)."
    assert diff.lost == []


def test_mapping_renames_and_drops_questions():
    text = mutated("- id: q5\n", "- id: q5new\n", without_q4(minimal_text().replace("version: 1", "version: 2")))
    text += "maps_from:\n  - version: 1\n    questions: {q5: q5new, q4: null}\n"
    diff = diff_questionnaires(minimal(), load(text))
    assert diff.mapping_version == 1
    renamed = find(diff, "question", "q5new", "renamed")
    assert (renamed.old, renamed.new) == ("q5", "q5new")
    assert find(diff, "question", "q4", "removed").text == "Question 'q4' removed (dropped in the new version)."
    assert ("question", "q5new", "added") not in all_changes(diff)
    assert diff.lost == [Lost("question", "q4", "dropped in the new version")]
    assert "Questions and choices matched through maps_from (version 1)" in diff_text(diff)


def test_mapping_for_another_version_or_questionnaire_is_not_used():
    text = mutated("- id: q5\n", "- id: q5new\n", minimal_text().replace("version: 1", "version: 3"))
    diff = diff_questionnaires(minimal(), load(text + "maps_from:\n  - version: 2\n    questions: {q5: q5new}\n"))
    assert diff.mapping_version is None
    assert ("question", "q5", "removed") in all_changes(diff) and ("question", "q5new", "added") in all_changes(diff)
    assert "matched by id (no maps_from entry for version 1)" in diff_text(diff)
    assert Lost("question", "q5", "not in the follow-up questionnaire") in diff.lost


def test_mapping_to_a_missing_question_is_lost():
    diff = diff_questionnaires(minimal(), version_2(maps_from="    questions: {q7: q9}\n"))
    reason = "mapped to 'q9', which is not in the follow-up questionnaire"
    assert find(diff, "question", "q7", "removed").text == f"Question 'q7' removed ({reason})."
    assert diff.lost == [Lost("question", "q7", reason)]


def test_type_change_is_reported_and_lost():
    diff = diff_questionnaires(minimal(), version_2(("id: q6\n        type: single", "id: q6\n        type: multiple")))
    change = find(diff, "question", "q6", "type")
    assert (change.old, change.new) == ("single", "multiple")
    assert diff.lost == [Lost("question", "q6", "type changed from single to multiple, so answers cannot be compared")]
    assert section_of(diff, change) == "questions"


def test_required_text_show_condition_and_weight():
    diff = diff_questionnaires(
        minimal(),
        version_2(
            ("        required: false\n", ""),
            ("text: Question one", "text: Question 1"),
            ('show_if: {question: q3, equals: "yes"}', "show_if: {question: q1, one_of: [x, y]}"),
            ("weight: 2\n", "weight: 3\n"),
            ("max_length: 50", "max_length: 60"),
        ),
    )
    assert find(diff, "question", "q4", "required").text == "Question 'q4' is now required."
    text = find(diff, "question", "q1", "text")
    assert (text.old, text.new) == ("Question one", "Question 1")
    condition = find(diff, "question", "q6", "show_if")
    assert condition.new == {"question": "q1", "one_of": ["x", "y"]}
    assert condition.text == (
        "Question 'q6': show-condition changed from {question: q3, equals: yes} to {question: q1, one_of: [x, y]}."
    )
    assert (find(diff, "question", "q2", "weight").old, find(diff, "question", "q2", "weight").new) == (2, 3)
    assert find(diff, "question", "q7", "other").text == "Question 'q7': also changed: max_length."
    assert diff.lost == []


def test_question_that_is_no_longer_scored_is_lost():
    text = minimal_text()
    for old in ("{id: c1, label: C1, score: 100}", "{id: c2, label: C2, score: 0}"):
        text = mutated(old, old.replace(", score: 100", "").replace(", score: 0", ""), text)
    diff = diff_questionnaires(minimal(), load(text))
    assert find(diff, "choice", "q6.c1", "score").text == "Question 'q6', choice 'c1': score changed from 100 to none."
    assert diff.lost == [Lost("question", "q6", "scored in the old version, not in the new one")]


# --------------------------------------------------------------------------- choices and anchors


def test_choice_score_risks_label_added_and_removed():
    diff = diff_questionnaires(
        minimal(),
        version_2(
            ("{id: y, label: Y, score: 50}", "{id: y, label: Why, score: 60}"),
            ("{id: z, label: Z, score: 0, raises: [risk-z]}", "{id: z, label: Z, score: 0, raises: [risk-z, risk-no]}"),
            ("      - {id: c2, label: C2, score: 0}\n", "      - {id: c3, label: C3, score: 50}\n"),
            ("no: {score: 0, raises: [risk-no]}", "no: {score: 10, raises: [risk-no]}"),
        ),
    )
    score = find(diff, "choice", "q1.y", "score")
    assert (score.old, score.new, score.text) == (50, 60, "Question 'q1', choice 'y': score changed from 50 to 60.")
    assert (
        find(diff, "choice", "q1.y", "label").text == "Question 'q1', choice 'y': label changed from \"Y\" to \"Why\"."
    )
    raises = find(diff, "choice", "q1.z", "raises")
    assert (raises.old, raises.new) == (["risk-z"], ["risk-z", "risk-no"])
    assert find(diff, "choice", "q6.c3", "added").text == "Question 'q6', choice 'c3' added (score 50)."
    assert find(diff, "choice", "q6.c2", "removed").text == "Question 'q6', choice 'c2' removed."
    assert (find(diff, "choice", "q3.no", "score").old, find(diff, "choice", "q3.no", "score").new) == (0, 10)
    assert section_of(diff, score) == "choices"
    assert diff.lost == [Lost("choice", "q6.c2", "not a choice in the new version")]


def test_choice_mapping_renames_and_drops_choices():
    mapping = "    choices: {q1: {x: best, dunno: null}, q6: {c2: c9}}\n"
    diff = diff_questionnaires(
        minimal(),
        version_2(("{id: x, label: X, score: 100}", "{id: best, label: X, score: 100}"), maps_from=mapping),
    )
    renamed = find(diff, "choice", "q1.best", "renamed")
    assert renamed.text == "Question 'q1', choice 'x' renamed to 'best' (maps_from)."
    assert ("choice", "q1.best", "added") not in all_changes(diff)
    assert ("choice", "q1.best", "other") not in all_changes(diff)
    assert find(diff, "choice", "q1.dunno", "removed").text == (
        "Question 'q1', choice 'dunno' removed (dropped in the new version)."
    )
    assert diff.lost == [
        Lost("choice", "q1.dunno", "dropped in the new version"),
        Lost("choice", "q6.c2", "mapped to 'c9', which is not a choice in the new version"),
    ]


def test_choice_mapped_onto_a_kept_choice_is_merged_not_relabelled():
    diff = diff_questionnaires(
        minimal(),
        version_2(("          - {id: y, label: Y, score: 50}\n", ""), maps_from="    choices: {q1: {y: x}}\n"),
    )
    merged = find(diff, "choice", "q1.x", "merged")
    assert (merged.old, merged.new) == ("y", "x")
    assert (
        merged.text == "Question 'q1', choice 'y' merged into 'x' (maps_from); its answers now score 100 instead of 50."
    )
    assert all_changes(diff) == [
        ("questionnaire", "minimal", "version"),
        ("questionnaire", "minimal", "other"),
        ("choice", "q1.x", "merged"),
    ]
    assert diff.lost == []


def test_choices_of_a_renamed_question_are_compared():
    diff = diff_questionnaires(
        minimal(),
        version_2(
            ("- id: q6\n", "- id: q6new\n"),
            ("{id: c2, label: C2, score: 0}", "{id: c9, label: C2, score: 5}"),
            maps_from="    questions: {q6: q6new}\n    choices: {q6: {c2: c9}}\n",
        ),
    )
    assert find(diff, "question", "q6new", "renamed").old == "q6"
    assert find(diff, "choice", "q6new.c9", "renamed").old == "c2"
    assert find(diff, "choice", "q6new.c9", "score").old == 0
    assert diff.lost == []


def test_scale_anchor_and_target():
    diff = diff_questionnaires(minimal(), version_2(("2: Poor", "2: Weak"), ("        target: true\n", "")))
    anchor = find(diff, "anchor", "q2.2", "label")
    assert (anchor.old, anchor.new) == ("Poor", "Weak")
    assert find(diff, "question", "q2", "target").text == "Question 'q2' no longer asks for the target state."
    assert diff.lost == []


# --------------------------------------------------------------------------- risks, rules, actions


def test_risk_factors_added_removed_and_severity():
    diff = diff_questionnaires(
        minimal(),
        version_2(
            ("severity: high, dimension: alpha", "severity: critical, dimension: alpha"),
            ("{id: combo,", "{id: combo2,"),
            ("raises: combo\n", "raises: combo2\n"),
        ),
    )
    severity = find(diff, "risk factor", "it-owned", "severity")
    assert (severity.old, severity.new) == ("high", "critical")
    assert severity.text == "Risk factor 'it-owned': severity changed from high to critical."
    assert find(diff, "risk factor", "combo", "removed").text == "Risk factor 'combo' removed."
    assert find(diff, "risk factor", "combo2", "added").text == "Risk factor 'combo2' added (severity critical)."
    assert find(diff, "risk rule", "it-and-z", "raises").text == (
        "Risk rule 'it-and-z': risk factor raised changed from combo to combo2."
    )


def test_rule_condition_added_and_removed():
    rule = "  - id: q3-no\n    raises: risk-no\n    when: {question: q3, equals: 'no'}\nactions:\n"
    diff = diff_questionnaires(minimal(), version_2(("- {question: q2, at_most: 1}", "- {question: q2, at_most: 2}")))
    condition = find(diff, "risk rule", "it-and-z", "when")
    assert condition.old["all"][1]["any"][1] == {"question": "q2", "at_most": 1}
    assert "at_most: 2" in condition.text and section_of(diff, condition) == "risk_rules"
    with_rule = version_2(("actions:\n", rule))
    assert find(diff_questionnaires(minimal(), with_rule), "risk rule", "q3-no", "added").text == (
        "Risk rule 'q3-no' added (raises risk-no when {question: q3, equals: no})."
    )
    assert find(diff_questionnaires(with_rule, minimal()), "risk rule", "q3-no", "removed").old == "q3-no"


def test_actions_owner_horizon_added_and_removed():
    new_action = "  - {id: act-new, title: New, owner_role: CIO, horizon: 90, success_measure: Done}\nexamples:\n"
    diff = diff_questionnaires(
        minimal(),
        version_2(
            ("owner_role: Sponsor, horizon: 30", "owner_role: CEO, horizon: 60"),
            ("examples:\n", new_action),
            ("actions: [act-beta]", "actions: [act-beta, act-new]"),
        ),
    )
    owner = find(diff, "action", "act-owner", "owner_role")
    assert (owner.old, owner.new) == ("Sponsor", "CEO")
    assert owner.text == 'Action \'act-owner\': owner changed from "Sponsor" to "CEO".'
    horizon = find(diff, "action", "act-owner", "horizon")
    assert (horizon.old, horizon.new) == (30, 60)
    assert find(diff, "action", "act-new", "added").text == "Action 'act-new' added (owner CIO, 90 days)."
    assert find(diff, "dimension", "beta", "other").text == "Dimension 'beta': also changed: actions."
    with_action = version_2(("examples:\n", new_action), ("actions: [act-beta]", "actions: [act-beta, act-new]"))
    removed = diff_questionnaires(with_action, minimal())
    assert find(removed, "action", "act-new", "removed").text == "Action 'act-new' removed."


# --------------------------------------------------------------------------- levels and risk model


def test_maturity_levels_and_risk_model_thresholds():
    model = "risk_model:\n  low_risk_index: 75\n  weak_index: 35\nprofile:\n"
    diff = diff_questionnaires(minimal(), version_2(("min_score: 40", "min_score: 45"), ("profile:\n", model)))
    level = find(diff, "maturity level", "3", "min_score")
    assert level.text == "Maturity level 3: starting score changed from 40 to 45."
    low = find(diff, "risk model", "low_risk_index", "low_risk_index")
    assert (low.old, low.new) == (70, 75)
    assert find(diff, "risk model", "weak_index", "weak_index").new == 35
    assert {c.kind for c in next(s for s in diff.sections if s.key == "levels").changes} == {
        "maturity level",
        "risk model",
    }


def test_risk_model_escalators():
    text = PULSE_PATH.read_text().replace("failure_rate: 0.9", "failure_rate: 0.8", 1)
    change = find(diff_questionnaires(pulse(), load(text)), "risk model", "escalators.provide-and-pray", "escalators")
    assert change.old["failure_rate"] == 0.9 and change.new["failure_rate"] == 0.8
    assert "failure rate 0.9 -> band critical, failure rate 0.8" in change.text


# --------------------------------------------------------------------------- output


def test_text_groups_changes_by_section_and_names_what_is_lost():
    diff = diff_questionnaires(
        minimal(), version_2(("weight: 3", "weight: 4"), maps_from="    questions: {q4: null}\n")
    )
    text = diff_text(diff)
    assert text.startswith("minimal version 1 -> minimal version 2\n")
    assert "\nDimensions\n  - Dimension 'alpha': weight changed from 3 to 4.\n" in text
    assert text.endswith(f"\n{LOST_TITLE}\n  - Question 'q4': dropped in the new version.\n")
    assert text.index("Dimensions") < text.index("Questions\n") < text.index(LOST_TITLE)
    assert "Risk rules" not in text


def test_json_form_is_plain_data():
    diff = diff_questionnaires(minimal(), version_2(("severity: medium", "severity: high")))
    data = json.loads(json.dumps(diff.to_dict()))
    assert data["old"] == {"id": "minimal", "version": 1} and data["identical"] is False
    risks = next(s for s in data["sections"] if s["key"] == "risk_factors")
    assert risks["changes"] == [
        {
            "kind": "risk factor",
            "id": "risk-z",
            "change": "severity",
            "text": "Risk factor 'risk-z': severity changed from medium to high.",
            "old": "medium",
            "new": "high",
        }
    ]


def test_different_questionnaires_match_by_id_only():
    text = minimal_text() + "maps_from:\n  - version: 1\n    questions: {q1: owner}\n"
    diff = diff_questionnaires(minimal(), load(text.replace("id: minimal", "id: other", 1)))
    assert diff.mapping_version is None
    assert ("question", "owner", "renamed") not in all_changes(diff) and diff.lost == []
    assert "matched by id (maps_from only applies to versions of one questionnaire)" in diff_text(diff)
