"""The verdict rules (tests/data/verdict.yaml): stages, level requirements, `unless`,
`supersedes`, `excludes`, and the sentence that explains index, level and band."""

import pytest

from scoring import parse_answers, score_response, validate_text
from scoring.explain import result_json, result_text, verdict_sentence
from scoring.format.schema import QuestionnaireSpec
from scoring.format.yamlread import read_yaml
from scoring.model import Questionnaire
from tests.support.paths import DATA
from tests.support.questionnaires import line_of, load

TEXT = (DATA / "verdict.yaml").read_text()
Q = load(TEXT)
EVERYTHING = {  # answers to every question, live and before launch
    "role": "lead",
    "owner": "biz",
    "manager": "no",
    "manager-plan": "funded",
    "use": 1,
    "objectives": "measurable",
    "training": "everyone",
}


def score(answers, q=Q):
    return score_response(q, parse_answers(q, answers))


def problems(text):
    report = validate_text(text, "broken.yaml")
    assert not report.ok
    return report.problems


# --------------------------------------------------------------------------- stages


def test_same_answers_are_judged_on_preparation_before_launch_and_on_the_platform_after():
    before = score(EVERYTHING | {"stage": "planning"})
    after = score(EVERYTHING | {"stage": "live"})
    # before launch: the live questions (a manager in post, use) are not asked and never fail
    assert before.dimension("people").score == 100.0
    assert {c.question_id for c in before.dimension("people").contributions} == {"manager-plan"}
    assert before.dimension("people").unanswered == ()
    assert "no-manager" not in before.risk_ids() and "beside-work" not in before.risk_ids()
    assert (before.stage.choice, before.stage.before_launch) == ("planning", True)
    # once live, the same answers say there is no manager and little use
    assert after.dimension("people").score == 0.0
    assert {"no-manager", "beside-work"} <= set(after.risk_ids())
    assert (after.stage.choice, after.stage.before_launch) == ("live", False)
    assert before.risk_band.band == "low" and after.risk_band.band == "high"


def test_the_verdict_names_the_stage_it_judged():
    result = score(EVERYTHING | {"stage": "planning"})
    text = result_text(Q, result, parse_answers(Q, EVERYTHING | {"stage": "planning"}))
    assert "Stage judged: Being planned (before launch: live-platform questions were not asked)" in text
    assert result_json(Q, result)["stage"] == {
        "question_id": "stage",
        "choice": "planning",
        "before_launch": True,
        "label": "Being planned",
    }


def test_without_a_stage_answer_the_live_questions_are_asked():
    result = score({"role": "lead", "owner": "biz", "manager": "yes"})
    assert result.dimension("people").score == 100.0 and result.stage.choice is None


# --------------------------------------------------------------------------- levels


def test_a_level_is_claimed_only_when_its_requirements_hold():
    held_back = score(EVERYTHING | {"stage": "live", "use": 5, "manager": "no"})
    # people (0 + 100) / 2 = 50, plan 100: index 75 reaches level 4 by score alone
    assert held_back.readiness_index == pytest.approx(75.0)
    assert held_back.level_by_score == 4
    assert held_back.maturity_level == 2  # level 3 requires a community manager: levels are cumulative
    assert held_back.unmet_requirements == ((3, 0),)
    sentence = verdict_sentence(Q, held_back)
    assert "level 2 (Two), not level 4 (Four) that the index alone would give" in sentence
    assert "because the answers do not show a community manager, in post or funded" in sentence
    met = score(EVERYTHING | {"stage": "live", "use": 5, "manager": "yes"})
    assert met.maturity_level == 4 and met.unmet_requirements == ()


def test_the_sentence_explains_index_level_and_band_in_one_go():
    sentence = verdict_sentence(Q, score(EVERYTHING | {"stage": "live", "objectives": "none", "manager": "no"}))
    assert sentence.startswith("Index ") and sentence.count(".") == 1
    assert "indicative failure-risk band critical, because 1 critical risk factor applies" in sentence


# --------------------------------------------------------------------------- actions


def test_an_action_already_in_place_is_not_recommended():
    # "beside the work" recommends appointing a manager; with a manager in post it is in place
    result = score(EVERYTHING | {"stage": "live", "manager": "yes", "use": 1})
    assert "beside-work" in result.risk_ids()
    assert "act-people" not in [a.id for a in result.actions]
    assert result.actions_in_place == ("act-people",)
    text = result_text(Q, result, parse_answers(Q, EVERYTHING | {"stage": "live", "manager": "yes", "use": 1}))
    assert "Not recommended, already in place: Appoint a manager" in text
    without = score(EVERYTHING | {"stage": "live", "manager": "no", "use": 1})
    assert "act-people" in [a.id for a in without.actions] and without.actions_in_place == ()


def test_a_dimension_at_a_high_score_recommends_nothing_for_a_small_gap():
    result = score(EVERYTHING | {"stage": "live", "manager": "yes", "use": 4})
    assert result.actions == ()


# --------------------------------------------------------------------------- supersedes and excludes


def test_a_risk_that_supersedes_others_counts_their_cause_once():
    result = score(EVERYTHING | {"stage": "live", "objectives": "none", "manager": "no", "use": 5})
    assert result.risk_ids() == ["platform-alone"]
    (risk,) = result.risk_factors
    assert set(risk.absorbed) == {"no-objectives", "no-manager"}
    triggers = {(t.kind, t.questions) for t in risk.triggered_by}
    assert ("answer", ("objectives",)) in triggers and ("answer", ("manager",)) in triggers
    assert [s.code for s in result.risk_band.steps] == ["anchor_ownership", "critical_risk"]  # no "several high"


def test_exclusive_risks_that_fire_together_keep_the_stronger_and_say_so():
    # the validator refuses a file where they can; the engine still holds if a file gets through
    data = read_yaml(TEXT.replace("excludes: [launch-only]", "excludes: [beside-work]").encode()).data
    q = Questionnaire(QuestionnaireSpec.model_validate(data))
    result = score(EVERYTHING | {"stage": "live", "training": "none", "use": 1}, q)
    assert "beside-work" in result.risk_ids() and "no-training" not in result.risk_ids()
    assert [(x.kept, x.dropped) for x in result.exclusions] == [("beside-work", "no-training")]
    text = result_text(q, result, parse_answers(q, EVERYTHING))
    assert "'no-training' also matched, but it excludes 'beside-work'" in text


# --------------------------------------------------------------------------- validation of the new keys


CATALOGUE = [
    # (old, new, text at the expected line, fragment of the message)
    (
        "excludes: [launch-only]",
        "excludes: [beside-work]",
        "excludes: [beside-work]",
        "'no-training' and 'beside-work' exclude each other but can fire together: training = none raises the first",
    ),
    (
        "unless: {question: training, equals: everyone}",
        "unless: {question: trainng, equals: everyone}",
        "trainng",
        "'unless' of action 'act-train': condition refers to unknown question 'trainng'",
    ),
    (
        "supersedes: [no-objectives, no-manager]",
        "supersedes: [no-objectives, no-such-risk]",
        "no-such-risk",
        "unknown risk factor 'no-such-risk'",
    ),
    (
        "severity: critical, dimension: plan",
        "severity: medium, dimension: plan",
        "supersedes: [no-objectives",
        "'platform-alone' (medium) cannot supersede 'no-objectives' (high)",
    ),
    (
        "- {question: manager-plan, equals: funded}\n  - {level: 4",
        "- {question: use, at_least: 3}\n  - {level: 4",
        "when:\n          any:\n            - {question: manager,",
        "level 3 requires an answer to 'manager', which is only asked once "
        "the platform is live; before launch this level could never be reached",
    ),
    (
        "before_launch: [planning]",
        "before_launch: [planing]",
        "before_launch: [planing]",
        "'planing' is not a choice of the stage question 'stage'",
    ),
    (
        "  - {level: 1, min_score: 0, name: One, description: Most areas at one.}\n",
        "",
        "maturity_levels:",
        "maturity levels must be numbered one after another from 0 or 1",
    ),
]


@pytest.mark.parametrize("old, new, at, fragment", CATALOGUE, ids=[c[3][:40] for c in CATALOGUE])
def test_mistakes_in_the_verdict_keys_are_reported_with_their_line(old, new, at, fragment):
    assert old in TEXT, old
    text = TEXT.replace(old, new, 1)
    found = problems(text)
    matching = [p for p in found if fragment in p.message]
    assert matching, [str(p) for p in found]
    assert matching[0].line == line_of(text, at), str(matching[0])


def test_groups_must_name_known_dimensions_and_cover_all_of_them():
    text = TEXT.replace(
        "dimensions:\n  - id: people",
        "groups:\n  - {id: g1, title: G, dimensions: [people, nope]}\ndimensions:\n  - id: people",
    )
    messages = [p.message for p in problems(text)]
    assert any("unknown dimension 'nope'" in m for m in messages)
    assert any("dimension 'plan' is in no group" in m for m in messages)


def test_two_to_seven_levels_and_level_zero_are_allowed():
    zero = (
        TEXT.replace("level: 1, min_score: 0, name: One", "level: 0, min_score: 0, name: One")
        .replace("level: 2, min_score: 25", "level: 1, min_score: 25")
        .replace("  - level: 3\n", "  - level: 2\n")
        .replace("level: 4, min_score: 75", "level: 3, min_score: 75")
    )
    q = load(zero)
    assert q.level_numbers == [0, 1, 2, 3]
    assert (
        score({"role": "lead", "stage": "live", "manager": "no", "use": 1, "objectives": "none"}, q).maturity_level == 0
    )
    eight = TEXT.replace(
        "  - {level: 4, min_score: 75, name: Four, description: Most areas at four.}\n",
        "".join(f"  - {{level: {n}, min_score: {70 + n}, name: L{n}, description: D}}\n" for n in range(4, 9)),
    )
    assert any("at most 7" in p.message for p in problems(eight))


def test_lowest_level_cannot_have_requirements():
    text = TEXT.replace(
        "  - {level: 1, min_score: 0, name: One, description: Most areas at one.}\n",
        "  - {level: 1, min_score: 0, name: One, description: D, requires: "
        "[{description: X, when: {question: owner, equals: biz}}]}\n",
    )
    assert any("the lowest level cannot have requirements" in p.message for p in problems(text))
