"""Group scoring for workshops, with hand-computed expectations on the minimal questionnaire.

Question scores in tests/data/minimal.yaml: q1 x=100 y=50 z=0 (dunno: none); q2 scale (p-1)*25,
weight 2; q3 yes=100 no=0; q4 m1/m2/m3 40 each, capped at 100, nothing=0 (exclusive); q5 at
least 50 -> 100, at least 20 -> 50, else 0; q6 c1=100 c2=0, shown only when q3 is yes.
Dimensions: alpha (q1, q2; weight 3), beta (q3-q6; weight 1).
"""

import math
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import AnswersInvalid, parse_answers, score_response
from scoring.answers import to_jsonable
from scoring.group import OTHER, Participant, aggregate_workshop, compare_groups, fold
from scoring.group.anonymity import fold_groups
from scoring.group.results import Reason
from scoring.group.statistics import consensus
from scoring.sampling import random_answers
from tests.support.participants import person
from tests.support.questionnaires import full, load, minimal, minimal_text, mutated, pulse


def stat(result, question_id):
    return next(s for s in result.questions if s.id == question_id)


# Four participants, two IT and two HR. Their own results (worked out from the scores above;
# stored scores have one decimal, so 66.67 is stored as 66.7 and 73.75 as 73.8):
#   P1 alpha (100 + 2*50)/3 = 66.67, beta (100+80+100+100)/4 = 95, index (3*66.67+95)/4 = 73.75
#   P2 alpha (50 + 2*25)/3 = 33.33, beta (100+40+50+0)/4 = 47.5, index 36.875 (stored 36.9)
#   P3 alpha (0 + 2*75)/3 = 50, beta (0+0+0)/3 = 0 (q6 hidden: q3 is no), index 37.5
#   P4 alpha 0 (q1 "don't know" drops out), beta 100, index 25
P1 = {
    "role": "it",
    "owner": "it",
    "q1": "x",
    "q2": {"current": 3, "target": 5},
    "q3": "yes",
    "q4": ["m1", "m2"],
    "q5": 60,
    "q6": "c1",
    "q7": "hello",
}
P2 = {"role": "it", "owner": "it", "q1": "y", "q2": {"current": 2, "target": 4}, "q3": "yes", "q4": ["m1"], "q5": 30}
P2["q6"] = "c2"
P3 = {"role": "hr", "owner": "biz", "q1": "z", "q2": {"current": 4, "target": 5}, "q3": "no", "q4": ["nothing"]}
P3 |= {"q5": 10, "q6": "c1"}  # q6 is hidden by q3 = no, so this stored answer is ignored
P4 = {"role": "hr", "owner": "biz", "q1": "dunno", "q2": 1, "q3": "yes", "q4": ["m1", "m2", "m3"], "q5": 50, "q6": "c1"}
ROOM = [P1, P2, P3, P4]


def workshop(answer_sets=ROOM, threshold=2, agreed=None, q=None):
    q = q or minimal()
    return aggregate_workshop(q, [person(a, q=q) for a in answer_sets], threshold=threshold, agreed=agreed)


# --------------------------------------------------------------------------- consensus


def tastle_wierman(values, low, high):
    return consensus(Counter(values), len(values), low, high)


def test_tastle_wierman_known_cases():
    assert tastle_wierman([70, 70, 70], 0, 100) == 1.0  # everyone agrees
    assert tastle_wierman([0, 100, 0, 100], 0, 100) == 0.0  # even split between the extremes
    # mean 50: 1 + 2/3 * log2(1 - 0.5) + 1/3 * log2(1) = 1/3
    assert tastle_wierman([0, 50, 100], 0, 100) == pytest.approx(1 / 3)
    # mean 100/3: 1 + 2/3 * log2(1 - 1/3) + 1/3 * log2(1 - 2/3)
    expected = 1 + 2 / 3 * math.log2(2 / 3) + 1 / 3 * math.log2(1 / 3)
    assert tastle_wierman([0, 0, 100], 0, 100) == pytest.approx(expected)
    assert expected == pytest.approx(0.0817, abs=1e-4)
    # on a 1-5 scale the same answers as points give the same consensus
    assert tastle_wierman([1, 1, 5], 1, 5) == pytest.approx(expected)


def test_tastle_wierman_needs_two_values_and_a_range():
    assert tastle_wierman([50], 0, 100) is None
    assert tastle_wierman([], 0, 100) is None
    assert tastle_wierman([3, 3], 3, 3) is None
    with pytest.raises(ValueError):
        tastle_wierman([0, 120], 0, 100)


# --------------------------------------------------------------------------- anonymity


def test_fold_groups_sends_small_groups_to_other():
    assert fold_groups({"it": 3, "hr": 2, "executive": 1}, 3) == {"executive": OTHER, "hr": OTHER, "it": "it"}
    assert fold_groups({"it": 5, OTHER: 4}, 3) == {"it": "it", OTHER: OTHER}


def test_fold_shows_other_only_when_it_reaches_the_threshold():
    labels = ["it"] * 4 + ["hr"] * 3 + ["executive", None]
    grouping = fold(labels, 3)
    assert grouping.shown == [("it", 4), ("hr", 3)]
    assert [grouping.group_of(label) for label in ("it", "hr", "executive", None)] == ["it", "hr", None, None]
    grouping = fold([*labels, "business"], 3)
    assert grouping.shown == [("it", 4), ("hr", 3), (OTHER, 3)]
    assert grouping.group_of("executive") == grouping.group_of(None) == OTHER


def test_fold_with_the_subtraction_rule_hides_groups_that_give_a_hidden_one_away():
    labels = ["it"] * 4 + ["hr"] * 3 + ["executive"]
    # the total minus IT and HR would be the executive's answers: HR (the smallest) is hidden too
    grouping = fold(labels, 3, subtraction_rule=True)
    assert grouping.shown == [("it", 4)]
    assert [grouping.group_of(label) for label in ("it", "hr", "executive")] == ["it", None, None]
    # once "other" reaches the threshold nobody is hidden, so nothing more is
    assert fold([*labels, None, "business"], 3, subtraction_rule=True).shown == [("it", 4), ("hr", 3), (OTHER, 3)]
    assert fold(["it"] * 3 + ["hr"] * 3 + ["executive"] * 3, 2, subtraction_rule=True).shown == [
        ("executive", 3),
        ("hr", 3),
        ("it", 3),
    ]


def varied(role, q1, q3):
    return {"role": role, "owner": "biz", "q1": q1, "q2": 3, "q3": q3, "q5": 30}


def test_small_role_folds_away_and_too_small_other_is_hidden_but_counted():
    room = [varied("it", q1, "yes") for q1 in ("x", "x", "y")] + [varied("hr", q1, "no") for q1 in ("z", "z", "y")]
    room.append(varied("executive", "x", "yes"))  # the only executive
    result = workshop(room, threshold=3)
    assert result.respondents == 7 and not result.suppressed
    assert result.roles == [("hr", 3), ("it", 3)]  # "other" would hold one person: not shown
    assert sum(result.maturity_distribution.values()) == 7 and stat(result, "q3").n == 7  # the executive counts
    every_breakdown = [s.by_group for s in result.questions] + [d.by_group for d in result.dimensions]
    assert all(set(by_group) <= {"it", "hr"} for by_group in every_breakdown)
    # Showing both IT and HR means next to the total would give away the executive's answer
    # (7 * total mean - 3 * IT mean - 3 * HR mean), so the smaller-keyed of the two equal
    # groups is left out too and no breakdown holds two groups: no gaps to rank.
    q3 = stat(result, "q3")
    assert q3.by_group == {"it": 100.0} and q3.gap is None
    assert result.role_gaps == []


def test_other_is_shown_once_it_reaches_the_threshold():
    room = [varied("it", "x", "yes")] * 3 + [varied("hr", "y", "no")] * 3
    anonymous = {k: v for k, v in varied(None, "z", "no").items() if k != "role"}  # no role: counts as "other"
    room += [varied("executive", "z", "yes"), anonymous, anonymous]
    result = workshop(room, threshold=3)
    assert result.roles == [("hr", 3), ("it", 3), (OTHER, 3)]
    q1 = stat(result, "q1")
    assert q1.by_group == {"hr": 50.0, "it": 100.0, OTHER: 0.0}
    assert q1.gap == 100.0
    assert all(set(gap.by_group) == {"hr", "it", OTHER} for gap in result.role_gaps)
    assert "executive" not in repr(result)


def test_group_figure_needs_threshold_contributors_within_the_group():
    # IT: both answered q1 with a score; HR: one "don't know", so only one HR score exists.
    # HR's q1 mean would be one person's answer, and IT's mean beside the total gives it too.
    result = workshop()
    q1 = stat(result, "q1")
    assert q1.scored_n == 3
    assert q1.by_group == {} and q1.gap is None
    assert stat(result, "q2").by_group == {"hr": 37.5, "it": 37.5}


def test_teams_are_folded_and_counted_only():
    teams = ["north", "north", "south", "south", "south", "east"]
    people = [person(varied("it", "x", "yes"), team=team) for team in teams]
    result = aggregate_workshop(minimal(), people, threshold=2)
    assert result.teams == [("south", 3), ("north", 2)]  # east (1) folds into a too-small other
    without_teams = aggregate_workshop(minimal(), [person(varied("it", "x", "yes"))] * 3, threshold=2)
    assert without_teams.teams == []


def test_workshop_under_the_threshold_shows_only_the_count():
    result = workshop([P1, P2], threshold=3, agreed={"q1": "x"})
    assert result.suppressed and result.respondents == 2 and result.threshold == 3
    assert result.roles == [] and result.teams == [] and result.index is None
    assert result.questions == [] and result.dimensions == [] and result.risks == []
    assert result.maturity_distribution == {} and result.band_distribution == {}
    assert result.group_answers == {} and result.group_result is None and result.answered_by_agreed == []
    with pytest.raises(ValueError):
        workshop([P1, P2], threshold=0)


# --------------------------------------------------------------------------- figures


def test_index_maturity_and_band_figures():
    result = workshop()
    assert result.roles == [("hr", 2), ("it", 2)]
    index = result.index
    assert (index.min, index.max) == (25.0, 73.8)  # as stored: 73.75 and 36.875 to one decimal
    assert index.mean == pytest.approx((73.8 + 36.9 + 37.5 + 25) / 4)
    assert index.median == pytest.approx((36.9 + 37.5) / 2)
    deviations = [v - index.mean for v in (73.8, 36.9, 37.5, 25)]
    assert index.stdev == pytest.approx(math.sqrt(sum(d * d for d in deviations) / 4))
    assert result.maturity_distribution == {1: 0, 2: 3, 3: 0, 4: 1, 5: 0}
    # P1 IT-led high; P2 IT-led and index under 40: critical; P3, P4 business-led, index under 40: high
    assert result.band_distribution == {"low": 0, "moderate": 0, "high": 3, "critical": 1}


def test_dimension_means_spread_and_role_breakdown():
    alpha, beta = workshop().dimensions
    scores = [66.7, 33.3, 50.0, 0.0]  # 200/3 and 100/3 as stored
    mean = sum(scores) / 4
    assert (alpha.id, alpha.n, alpha.mean) == ("alpha", 4, pytest.approx(37.5))
    assert alpha.stdev == pytest.approx(math.sqrt(sum((s - mean) ** 2 for s in scores) / 4))
    assert alpha.by_group == {"hr": pytest.approx(25.0), "it": pytest.approx(50.0)}
    assert alpha.gap == pytest.approx(25.0)
    assert beta.mean == pytest.approx((95 + 47.5 + 0 + 100) / 4)
    assert beta.by_group == {"hr": pytest.approx(50.0), "it": pytest.approx(71.25)}


def test_single_choice_question_figures():
    result = workshop()
    q1 = stat(result, "q1")
    assert q1.distribution == {"x": 1, "y": 1, "z": 1, "dunno": 1}  # every choice, "don't know" included
    assert (q1.n, q1.scored_n) == (4, 3)
    assert q1.mean_score == pytest.approx(50.0)  # 100, 50, 0; "don't know" left out
    assert q1.spread == pytest.approx(math.sqrt(5000 / 3))
    assert q1.consensus == pytest.approx(1 / 3)
    owner = stat(result, "owner")  # unscored: share of the most chosen answer
    assert owner.distribution == {"it": 2, "biz": 2, "joint": 0, "none": 0}
    assert owner.mean_score is None and owner.consensus == 0.5
    assert [s.id for s in result.questions] == ["owner", "q1", "q2", "q3", "q4", "q5", "q6"]  # no role, no text


def test_scale_yesno_multiple_number_figures():
    result = workshop()
    q2 = stat(result, "q2")  # currents 3, 2, 4, 1 -> scores 50, 25, 75, 0
    assert q2.distribution == {1: 1, 2: 1, 3: 1, 4: 1, 5: 0}
    assert (q2.mean_score, q2.mean_point) == (37.5, 2.5)
    assert q2.spread == pytest.approx(math.sqrt(3125 / 4))
    assert q2.consensus == pytest.approx(1 + 0.5 * math.log2(0.875) + 0.5 * math.log2(0.625))
    q3 = stat(result, "q3")
    assert q3.distribution == {"yes": 3, "no": 1} and q3.mean_score == 75.0
    assert q3.consensus == pytest.approx(1 + 0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))
    assert (q3.by_group, q3.gap) == ({"hr": 50.0, "it": 100.0}, 50.0)
    q4 = stat(result, "q4")  # 80, 40, 0, 120 capped to 100
    assert q4.distribution == {"m1": 3, "m2": 2, "m3": 1, "nothing": 1}
    assert (q4.mean_score, q4.by_group, q4.gap) == (55.0, {"hr": 50.0, "it": 60.0}, 10.0)
    q5 = stat(result, "q5")  # 60, 30, 10, 50 -> 100, 50, 0, 100
    assert q5.distribution == {"min": 10, "median": 40.0, "max": 60}
    assert (q5.mean_score, q5.by_group, q5.gap) == (62.5, {"hr": 50.0, "it": 75.0}, 25.0)


def test_answers_hidden_by_the_participants_own_answers_are_ignored():
    q6 = stat(workshop(), "q6")  # P3 answered q6 but said no to q3, which hides it
    assert q6.distribution == {"c1": 2, "c2": 1}
    assert (q6.n, q6.mean_score) == (3, pytest.approx(200 / 3))


def test_unscored_multiple_choice_consensus_is_mean_agreement_per_choice():
    text = minimal_text().replace(", score: 40", "").replace("score: 0, exclusive", "exclusive")
    unscored = load(text)
    assert not unscored.questions["q4"].scored
    q4 = stat(workshop(q=unscored), "q4")
    assert q4.mean_score is None and q4.scored_n == 0 and q4.by_group == {}
    # shares 3/4, 2/4, 1/4, 1/4 -> |2p - 1| = 0.5, 0, 0.5, 0.5
    assert q4.consensus == pytest.approx(0.375)


def test_disagreements_least_consensus_first():
    result = workshop()
    # consensus: q6 0.082, q3 0.189, q5 0.259, q1 0.3333, q4 0.3340, q2 0.565
    assert stat(result, "q4").consensus == pytest.approx(1 - (2.66401) / 4, abs=1e-5)
    assert result.disagreements == ["q6", "q3", "q5", "q1", "q4", "q2"]
    assert "owner" not in result.disagreements  # unscored


def test_disagreement_ties_keep_file_order():
    room = [{"role": "it", "q5": 60, "q3": "yes", "q1": "x"}] * 3
    assert workshop(room).disagreements == ["q1", "q3", "q5"]  # all 1.0


def test_role_gaps_largest_first_dimensions_before_questions_on_ties():
    gaps = [(g.kind, g.id, g.gap) for g in workshop().role_gaps]
    assert gaps == [
        ("question", "q3", 50.0),
        ("dimension", "alpha", pytest.approx(25.0)),
        ("question", "q5", 25.0),
        ("dimension", "beta", pytest.approx(21.25)),
        ("question", "q4", 10.0),
        ("question", "q2", 0.0),
    ]


def test_risks_by_count_then_file_order():
    risks = [(r.id, r.count, r.share) for r in workshop().risks]
    # P1, P2: IT owns it; P3: z raises risk-z (nothing lowers it), no and "nothing" raise risk-no
    assert risks == [("it-owned", 2, 0.5), ("risk-z", 1, 0.25), ("risk-no", 1, 0.25)]


# --------------------------------------------------------------------------- group answers


def test_typical_answers_and_their_result():
    result = workshop()
    assert result.group_answers == {
        "role": "hr",  # the largest shown role group (a tie: by name)
        "owner": "it",  # it 2, biz 2: the earlier choice
        "q1": "x",  # one each: the first choice
        "q2": {"current": 3, "target": 5},  # median current 2.5 rounds up; median target of 5, 4, 5
        "q3": "yes",
        "q4": ["m1", "m2"],  # selected by at least half
        "q5": 40,  # median of 10, 30, 50, 60
        "q6": "c1",
    }
    assert result.answered_by_agreed == []
    # alpha (100 + 2*50)/3, beta (100 + 80 + 50 + 100)/4 = 82.5 -> (3 * 66.67 + 82.5) / 4
    assert result.group_result.readiness_index == pytest.approx(70.625)


def test_typical_answer_ties_follow_the_file_order_of_choices():
    room = [{"role": "it", "q1": "z", "q5": 20}, {"role": "it", "q1": "y", "q5": 31}]
    room += [{"role": "it", "q1": "z", "q5": 20}, {"role": "it", "q1": "y", "q5": 31}]
    answers = workshop(room).group_answers
    assert answers["q1"] == "y"  # y and z twice each; y comes first in the file
    assert answers["q5"] == 26  # median 25.5 of a whole-number question, rounded half up


def test_typical_selection_with_an_exclusive_choice():
    half = [{"role": "it", "q4": ["nothing"]}] * 2 + [{"role": "it", "q4": ["m1"]}] * 2
    assert workshop(half).group_answers["q4"] == ["m1"]  # the exclusive one needs more votes
    most = [{"role": "it", "q4": ["nothing"]}] * 3 + [{"role": "it", "q4": ["m1"]}]
    assert workshop(most).group_answers["q4"] == ["nothing"]


def test_agreed_answers_override_typical_ones_and_change_the_result():
    result = workshop(agreed={"q1": "z", "q3": "no", "q6": "c1", "q5": None})
    assert stat(result, "q1").agreed == "z" and stat(result, "q2").agreed is None
    assert result.group_answers["q1"] == "z" and result.group_answers["q3"] == "no"
    assert "q6" not in result.group_answers  # hidden by the agreed q3 = no
    assert result.group_answers["q5"] == 40  # None: nothing recorded, the typical answer stays
    assert result.answered_by_agreed == ["q1", "q3"]
    # alpha (0 + 2*50)/3, beta (0 + 80 + 50)/3 -> (100 + 130/3) / 4
    assert result.group_result.readiness_index == pytest.approx((100 + 130 / 3) / 4)
    assert "combo" in result.group_result.risk_ids()  # IT-owned (typical) and z (agreed)


def test_invalid_agreed_answer_is_refused():
    with pytest.raises(AnswersInvalid) as caught:
        workshop(agreed={"q1": "w", "nope": "x"})
    assert [e.question_id for e in caught.value.errors] == ["q1", "nope"]


def test_participant_from_stored_result_dict():
    q = minimal()
    result = score_response(q, parse_answers(q, P2))
    stored = Participant.from_result_dict("it", "north", P2, result.to_dict())
    assert (stored.index, stored.maturity_level, stored.band) == (36.9, 2, "critical")
    assert stored.dimension_scores == {"alpha": 33.3, "beta": 47.5}
    assert stored.risk_ids == ["it-owned"] and stored.team == "north"


# --------------------------------------------------------------------------- comparison


def follow_up_questionnaire(with_map=True):
    """Version 2: q4 removed, q5 renamed q5new, dimension beta renamed gamma."""
    text = minimal_text().replace("version: 1", "version: 2", 1)
    text = text[: text.index("      - id: q4\n")] + text[text.index("      - id: q5\n") :]
    text = mutated("- id: q5\n", "- id: q5new\n", text)
    text = mutated("  - id: beta\n", "  - id: gamma\n", text)
    text = mutated("dimension: beta,", "dimension: gamma,", text)
    if with_map:
        text += "maps_from:\n  - version: 1\n    questions: {q5: q5new, q4: null}\n"
    return load(text)


def follow_up_room():
    """The same people later: everyone now answers q1 with x and q5 with 60."""
    room = []
    for answers in ROOM:
        later = {k: v for k, v in answers.items() if k not in ("q4", "q5")}
        room.append(later | {"q1": "x", "q5new": 60})
    return room


def test_compare_groups_deltas_and_what_could_not_be_compared():
    follow_q = follow_up_questionnaire(with_map=False)
    base, follow = workshop(), workshop(follow_up_room(), q=follow_q)
    question_map = {"q5": "q5new", "q4": None, "q6": "q6x"}
    comparison = compare_groups(minimal(), base, follow_q, follow, question_map)
    assert not comparison.suppressed
    assert (comparison.base_respondents, comparison.follow_respondents) == (4, 4)
    assert comparison.index.delta == pytest.approx(follow.index.mean - base.index.mean)
    # alpha later: (100+100)/3, (100+50)/3, (100+150)/3, (100+0)/3, stored as 66.7, 50, 83.3, 33.3; before 37.5
    (alpha,) = comparison.dimensions
    assert alpha.id == "alpha" and alpha.delta == pytest.approx((66.7 + 50 + 83.3 + 33.3) / 4 - 37.5)
    # q1 50 -> 100; q5 62.5 -> 100 (q5new); q2, q3 unchanged (ties keep file order)
    assert [(d.base_id, d.follow_id, d.delta) for d in comparison.questions] == [
        ("q1", "q1", 50.0),
        ("q5", "q5new", 37.5),
        ("q2", "q2", 0.0),
        ("q3", "q3", 0.0),
    ]
    assert [(n.kind, n.id, n.reason, n.params) for n in comparison.not_compared] == [
        ("dimension", "beta", Reason.NOT_IN_FOLLOW_UP, {}),
        ("dimension", "gamma", Reason.NOT_IN_BASELINE, {}),
        ("question", "q4", Reason.DROPPED, {}),
        ("question", "q6", Reason.MAPPED_TO_MISSING, {"target": "q6x"}),
        ("question", "q6", Reason.NOT_IN_BASELINE, {}),
    ]
    # risk-z (P3's z) is gone, it-owned and risk-no stay
    assert [(r.id, r.share_delta) for r in comparison.risks] == [("risk-z", -0.25), ("it-owned", 0.0), ("risk-no", 0.0)]


def test_compare_groups_uses_the_files_own_version_mapping():
    follow_q = follow_up_questionnaire(with_map=True)
    comparison = compare_groups(minimal(), workshop(), follow_q, workshop(follow_up_room(), q=follow_q))
    assert ("q5", "q5new") in [(d.base_id, d.follow_id) for d in comparison.questions]
    reasons = {(n.kind, n.id): n.reason for n in comparison.not_compared}
    assert reasons[("question", "q4")] == Reason.DROPPED
    unmapped = compare_groups(minimal(), workshop(), follow_q, workshop(follow_up_room(), q=follow_q), {})
    reasons = {(n.kind, n.id): n.reason for n in unmapped.not_compared}
    assert reasons[("question", "q5")] == Reason.NOT_IN_FOLLOW_UP
    assert reasons[("question", "q5new")] == Reason.NOT_IN_BASELINE


Q5_BANDS = """        score_bands:
          - {at_least: 50, score: 100}
          - {at_least: 20, score: 50}
          - {at_least: 0, score: 0}
"""


def test_compare_groups_says_which_side_lacks_scores():
    follow_q = load(mutated(Q5_BANDS, ""))  # q5 no longer scored
    assert not follow_q.questions["q5"].scored
    base = workshop([{"role": "it", "q1": "dunno", "q2": 3}] * 3)
    follow = workshop([{"role": "it", "q1": "x", "q3": "yes"}] * 3, q=follow_q)
    comparison = compare_groups(minimal(), base, follow_q, follow)
    assert [d.id for d in comparison.dimensions] == ["alpha"]
    assert [(n.kind, n.id, n.reason) for n in comparison.not_compared] == [
        ("dimension", "beta", Reason.NO_SCORES_IN_BASELINE),
        ("question", "q1", Reason.NO_SCORED_ANSWERS_IN_BASELINE),  # "don't know" carries no score
        ("question", "q2", Reason.NO_SCORED_ANSWERS_IN_FOLLOW_UP),
        ("question", "q3", Reason.NO_SCORED_ANSWERS_IN_BASELINE),
        ("question", "q4", Reason.NO_SCORED_ANSWERS_IN_BASELINE),
        ("question", "q5", Reason.NOT_SCORED_IN_FOLLOW_UP),
        ("question", "q6", Reason.NO_SCORED_ANSWERS_IN_BASELINE),
    ]
    later = compare_groups(follow_q, follow, minimal(), base)
    assert ("dimension", "beta", Reason.NO_SCORES_IN_FOLLOW_UP) in [
        (n.kind, n.id, n.reason) for n in later.not_compared
    ]


def test_compare_with_a_suppressed_side_compares_counts_only():
    comparison = compare_groups(minimal(), workshop([P1, P2], threshold=3), minimal(), workshop())
    assert comparison.suppressed and (comparison.base_respondents, comparison.follow_respondents) == (2, 4)
    assert comparison.index is None and comparison.dimensions == [] and comparison.questions == []
    assert comparison.risks == [] and comparison.not_compared == []


# --------------------------------------------------------------------------- properties

ROLES = [None, "executive", "it", "hr", "business", "employee"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([minimal, pulse, full]), st.randoms(use_true_random=False), st.integers(0, 14), st.integers(1, 4)
)
def test_random_workshops_never_show_a_group_under_the_threshold(make, rng, size, threshold):
    q = make()
    people = []
    for _ in range(size):
        answers = random_answers(q, rng, skip_rate=0.3)
        role, team = rng.choice(ROLES), rng.choice([None, "a", "b"])
        stored = score_response(q, answers).to_dict()
        people.append(Participant.from_result_dict(role, team, to_jsonable(answers), stored))
    result = aggregate_workshop(q, people, threshold=threshold)
    assert result == aggregate_workshop(q, people, threshold=threshold)  # deterministic
    if size < threshold:
        assert result.suppressed and result.questions == [] and result.roles == []
        return
    shown = dict(result.roles)
    keys = [OTHER if p.role is None else p.role for p in people]
    members = {group: [p for p, key in zip(people, keys) if key == group] for group in shown if group != OTHER}
    members[OTHER] = [p for p, key in zip(people, keys) if key not in shown or key == OTHER]
    for group, count in shown.items():
        assert count >= threshold and len(members[group]) == count
    breakdowns = [s.by_group for s in result.questions] + [g.by_group for g in result.role_gaps]
    assert all(set(by_group) <= set(shown) for by_group in breakdowns)
    for dim in result.dimensions:
        contributors = {g: sum(p.dimension_scores.get(dim.id) is not None for p in members[g]) for g in shown}
        assert all(contributors[g] >= threshold for g in dim.by_group)
        left_out = dim.n - sum(contributors[g] for g in dim.by_group)
        assert left_out == 0 or left_out >= threshold  # nobody can be worked out by subtraction
    assert all(s.consensus is None or 0 <= s.consensus <= 1 for s in result.questions)


def test_large_workshop_smoke():
    q, rng = full(), random.Random(3)
    people = []
    for i in range(200):
        answers = random_answers(q, rng)
        stored = score_response(q, answers).to_dict()
        people.append(Participant.from_result_dict(ROLES[i % 6], None, to_jsonable(answers), stored))
    result = aggregate_workshop(q, people)
    assert result.respondents == 200 and sum(count for _, count in result.roles) == 200
    assert len(result.questions) == sum(1 for x in q.questions.values() if x.type != "text" and x.id != "role")
