"""A port of a published peer model (tests/data/port.yaml) reproduces that model's own formula
exactly: stream = sum of its answer values, practice = mean of its streams, function = mean
of its practices. Groups are practices, dimensions streams, the index the function."""

import random
from fractions import Fraction

import pytest

from scoring import load_file, parse_answers, score_response
from scoring.explain import result_json, result_text
from tests.support.paths import DATA
from tests.support.questionnaires import load

PORT = load_file(DATA / "port.yaml")
VALUES = {"no": Fraction(0), "some": Fraction(1, 4), "half": Fraction(1, 2), "all": Fraction(1)}


def model_formula(answers: dict) -> tuple[dict, dict, Fraction]:
    """The published model's arithmetic, on its own 0-3 scale, with exact fractions."""
    streams = {
        d.id: sum((VALUES[answers[q.id]] for q in d.questions if q.id in answers), Fraction(0))
        for d in PORT.spec.dimensions
    }
    practices = {g.id: sum(streams[d] for d in g.dimensions) / len(g.dimensions) for g in PORT.spec.groups}
    function = sum(practices.values()) / len(practices)
    return streams, practices, function


def random_answers(rng: random.Random) -> dict:
    answers = {"role": rng.choice(["programme-lead", "practitioner", "sponsor"])}
    for qid in PORT.questions:
        if qid != "role" and rng.random() < 0.85:  # some left out: a missing answer counts as zero
            answers[qid] = rng.choice(list(VALUES))
    return answers


@pytest.mark.parametrize("seed", range(40))
def test_port_reproduces_the_models_formula_exactly(seed):
    answers = random_answers(random.Random(seed))
    result = score_response(PORT, parse_answers(PORT, answers))
    streams, practices, function = model_formula(answers)
    for d in result.dimensions:
        assert PORT.display_score(d.score) == pytest.approx(float(streams[d.id]), abs=1e-12)
    for g in result.groups:
        assert PORT.display_score(g.score) == pytest.approx(float(practices[g.id]), abs=1e-12)
    assert PORT.display_score(result.readiness_index) == pytest.approx(float(function), abs=1e-12)


def test_scores_are_shown_on_the_models_scale_with_two_decimals():
    answers = {"role": "practitioner", "strategy-a-1": "all", "strategy-a-2": "half", "education-b-1": "some"}
    result = score_response(PORT, parse_answers(PORT, answers))
    # streams 1.5, 0, 0, 0.25 -> practices 0.75 and 0.125 -> function 0.4375
    assert PORT.format_score(result.readiness_index) == "0.44"
    assert [PORT.format_score(g.score) for g in result.groups] == ["0.75", "0.12"]
    text = result_text(PORT, result, parse_answers(PORT, answers))
    assert "Readiness index: 0.44/3, maturity level 0 of 3 (Not started)" in text
    assert "Goals and roadmap: 1.50/3, level 1" in text
    data = result_json(PORT, result)
    assert data["overall"]["readiness_index"] == pytest.approx(14.6, abs=0.05)  # 0-100 stays the internal unit
    assert data["overall"]["readiness_index_display"] == "0.44"
    assert [g["display_score"] for g in data["groups"]] == [0.75, 0.12]


def test_level_zero_and_the_top_level_are_reached():
    best = {qid: "all" for qid in PORT.questions if qid != "role"} | {"role": "sponsor"}
    assert score_response(PORT, parse_answers(PORT, best)).maturity_level == 3
    assert score_response(PORT, parse_answers(PORT, {"role": "sponsor"})).maturity_level == 0
    two = {qid: "all" for qid in PORT.questions if qid.endswith(("-1", "-2"))} | {"role": "sponsor"}
    result = score_response(PORT, parse_answers(PORT, two))
    assert PORT.format_score(result.readiness_index) == "2.00" and result.maturity_level == 2


def test_a_model_without_ownership_or_risk_model_carries_no_band_anywhere():
    answers = parse_answers(PORT, {"role": "sponsor", "strategy-a-1": "all"})
    result = score_response(PORT, answers)
    assert result.risk_band is None and result.ownership is None
    text = result_text(PORT, result, answers)
    assert "band" not in text.lower() and "ownership" not in text.lower() and "fail" not in text.lower()
    data = result_json(PORT, result)
    assert data["risk_band"] is None and data["ownership"] is None
    assert "band" not in data["verdict"]


def test_missing_skip_leaves_an_unanswered_question_out_instead():
    text = (DATA / "port.yaml").read_text().replace("missing: zero", "missing: skip")

    skipping = load(text)
    answers = parse_answers(skipping, {"role": "sponsor", "strategy-a-1": "all"})
    result = score_response(skipping, answers)
    assert skipping.format_score(result.dimension("strategy-a").score) == "3.00"  # only the answered question
    assert result.dimension("strategy-b").score is None


def test_missing_can_be_set_per_dimension():
    text = (DATA / "port.yaml").read_text().replace("    title: Measures\n", "    title: Measures\n    missing: skip\n")

    mixed = load(text)
    answers = parse_answers(mixed, {"role": "sponsor", "strategy-a-1": "all", "strategy-b-1": "all"})
    result = score_response(mixed, answers)
    assert mixed.format_score(result.dimension("strategy-a").score) == "1.00"  # zero: the sum
    assert mixed.format_score(result.dimension("strategy-b").score) == "3.00"  # skip: the answered one only
