"""Scoring with hand-computed expectations on the minimal questionnaire (tests/data/minimal.yaml)."""

import pytest

from scoring import AnswersInvalid, parse_answers, score_response
from tests.support.questionnaires import minimal

MIDDLING = {
    "role": "executive",
    "owner": "biz",
    "q1": "y",  # 50
    "q2": {"current": 3, "target": 5},  # 50, gap 2
    "q3": "yes",  # 100
    "q4": ["m1", "m2"],  # 40 + 40 = 80
    "q5": 30,  # band "at least 20" -> 50
    "q6": "c2",  # 0
    "q7": "fine",
}


def score(raw):
    q = minimal()
    return score_response(q, parse_answers(q, raw))


def test_dimension_scores_are_weighted_means_of_answer_scores():
    result = score(MIDDLING)
    alpha, beta = result.dimensions
    # alpha: q1 (weight 1) scores 50, q2 (weight 2) scores (3-1)*25 = 50 -> 50
    assert alpha.score == pytest.approx(50.0)
    # beta: 100, 80, 50, 0 with equal weights -> 57.5
    assert beta.score == pytest.approx(57.5)
    assert (alpha.maturity_level, beta.maturity_level) == (3, 3)


def test_readiness_index_weights_dimensions():
    result = score(MIDDLING)
    # (3 * 50 + 1 * 57.5) / 4
    assert result.readiness_index == pytest.approx(51.875)
    assert result.maturity_level == 3
    shares = {c.dimension_id: c.weight_share for c in result.index_contributions}
    assert shares == {"alpha": 0.75, "beta": 0.25}
    assert sum(c.points for c in result.index_contributions) == pytest.approx(result.readiness_index)


def test_contributions_explain_every_point_added_and_lost():
    alpha = score(MIDDLING).dimension("alpha")
    by_question = {c.question_id: c for c in alpha.contributions}
    assert by_question["q1"].points == pytest.approx(50 / 3)
    assert by_question["q1"].lost == pytest.approx(50 / 3)
    assert by_question["q2"].points == pytest.approx(100 / 3)
    assert sum(c.points for c in alpha.contributions) == pytest.approx(alpha.score)
    assert sum(c.points + c.lost for c in alpha.contributions) == pytest.approx(100)


def test_gap_between_current_and_target_state():
    result = score(MIDDLING)
    assert [(g.question_id, g.current, g.target, g.gap) for g in result.gaps] == [("q2", 3, 5, 2)]
    assert result.dimension("alpha").gap == 2.0
    # a gap of two scale points in a dimension scoring under 75 recommends its actions, at low
    # priority: only a really weak dimension (under 30) ranks higher, at medium
    assert [(a.id, a.severity, a.reasons) for a in result.actions] == [("act-alpha", "low", (("gap", "alpha"),))]


def test_business_led_without_risks_stays_at_the_published_base_rate():
    result = score(MIDDLING)
    assert result.ownership.classification == "business_led"
    assert result.risk_factors == ()
    assert result.risk_band.band == "moderate"
    assert result.risk_band.failure_rate == 0.5


def test_hidden_question_is_ignored_even_when_answered():
    answers = dict(MIDDLING, q3="no", q6="c1", q4=None, q5=60)
    beta = score(answers).dimension("beta")
    # q6 is hidden (shown only when q3 is yes); q4 skipped: (0 + 100) / 2
    assert beta.score == pytest.approx(50.0)
    assert "q6" not in {c.question_id for c in beta.contributions}
    assert beta.unanswered == ("q4",)


def test_dont_know_counts_neither_as_zero_nor_as_full_marks():
    alpha = score(dict(MIDDLING, q1="dunno")).dimension("alpha")
    assert [c.question_id for c in alpha.contributions] == ["q2"]
    assert alpha.score == pytest.approx(50.0)


def test_cross_question_rule_says_which_answers_fired_it():
    result = score(dict(MIDDLING, owner="it", q1="z"))
    fired = {r.id: r for r in result.risk_factors}
    assert set(fired) == {"combo", "it-owned"}
    (trigger,) = fired["combo"].triggered_by
    assert (trigger.kind, trigger.rule_id, trigger.questions) == ("rule", "it-and-z", ("owner", "q1"))
    assert result.risk_band.band == "critical"
    assert [r.id for r in result.risk_factors][0] == "combo"  # most severe first


def test_mitigating_answer_offsets_a_raising_one():
    # q1 = z raises risk-z, q3 = yes lowers it: one against one, so it does not fire
    assert "risk-z" not in score(dict(MIDDLING, q1="z")).risk_ids()
    result = score(dict(MIDDLING, q1="z", q3="no"))
    assert "risk-z" in result.risk_ids()


def test_it_led_starts_high_and_two_high_risks_raise_the_band():
    result = score(dict(MIDDLING, owner="it", q3="no"))
    assert {r.id for r in result.risk_factors} == {"it-owned", "risk-no"}
    assert [s.code for s in result.risk_band.steps] == ["anchor_ownership", "several_high_risks"]
    assert result.risk_band.band == "critical"
    assert result.risk_band.failure_rate == 0.7


def test_strong_index_without_serious_risks_lowers_the_band():
    best = dict(MIDDLING, owner="joint", q1="x", q2={"current": 5, "target": 5}, q4=["m1", "m2", "m3"], q5=80, q6="c1")
    result = score(best)
    assert result.readiness_index == pytest.approx(100)
    assert result.risk_band.band == "low"
    assert result.risk_band.steps[-1].code == "strong_index"


def test_no_answers_scores_nothing_and_does_not_crash():
    result = score({})
    assert result.readiness_index is None and result.maturity_level is None
    assert all(d.score is None for d in result.dimensions)
    assert result.ownership.classification == "unknown"
    assert result.risk_band.band == "high"


def test_multiple_choice_is_capped_at_100():
    beta = score(dict(MIDDLING, q4=["m1", "m2", "m3"])).dimension("beta")
    assert {c.question_id: c.question_score for c in beta.contributions}["q4"] == 100


@pytest.mark.parametrize(
    "answers, question, fragment",
    [
        ({"q1": "w"}, "q1", "not one of the choices"),
        ({"q2": 6}, "q2", "from 1 to 5"),
        ({"q2": {"current": 2, "aim": 4}}, "q2", "unknown key"),
        ({"q4": ["m1", "nothing"]}, "q4", "cannot be combined"),
        ({"q5": 101}, "q5", "at most 100"),
        ({"q5": 2.5}, "q5", "whole number"),
        ({"q5": "many"}, "q5", "expected a number"),
        ({"q7": "x" * 51}, "q7", "limit is 50"),
        ({"nope": 1}, "nope", "no question has this id"),
    ],
)
def test_bad_answers_name_the_question(answers, question, fragment):
    with pytest.raises(AnswersInvalid) as caught:
        parse_answers(minimal(), answers)
    (error,) = caught.value.errors
    assert error.question_id == question and fragment in error.message


def test_control_characters_in_text_are_kept_visibly():
    parsed = parse_answers(minimal(), {"q7": "a\x00b\x1bc\nd"})
    assert parsed["q7"] == "a\u2400b\u241bc\nd"


def test_same_answers_same_result():
    assert score(MIDDLING) == score(dict(reversed(list(MIDDLING.items()))))
