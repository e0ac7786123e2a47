"""The shipped questionnaires validate, pass their own examples and cover the published factors."""

import collections

import pytest

from scoring import score_response, validate_text
from scoring.sampling import preset_answers
from tests.support.questionnaires import FULL_PATH, PULSE_PATH, full, pulse

SHIPPED = [PULSE_PATH, FULL_PATH]
SEED_FACTORS = {
    "it-platform-not-solution",
    "no-clear-objectives",
    "no-engagement-measurement",
    "tools-before-solutions",
    "hype-driven-adoption",
    "needs-not-linked",
    "business-hr-ownership",
    "social-media-policy",
    "training-for-all",
    "measure-engagement",
    "business-case-first",
    "openness-personal-social-media",
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_file_is_valid_and_its_examples_pass(path):
    report = validate_text(path.read_bytes(), path.name)
    assert report.ok, [str(p) for p in report.problems]
    assert report.examples_run >= 4


@pytest.mark.parametrize("make", [pulse, full], ids=["pulse", "full"])
def test_worst_answers_give_level_one_and_a_high_band(make):
    q = make()
    result = score_response(q, preset_answers(q, "worst"))
    assert result.maturity_level == 1
    assert result.risk_band.band in ("high", "critical")


@pytest.mark.parametrize("make", [pulse, full], ids=["pulse", "full"])
def test_best_answers_give_a_low_band(make):
    q = make()
    result = score_response(q, preset_answers(q, "best"))
    assert result.risk_band.band == "low"
    assert result.maturity_level == 5


def test_full_questionnaire_size_and_types():
    q = full()
    assert 40 <= len(q.questions) <= 70
    assert {question.type for question in q.questions.values()} == {
        "single",
        "multiple",
        "scale",
        "yesno",
        "number",
        "text",
    }
    assert list(q.questions)[0] == "role"
    assert any(question.spec.target for question in q.questions.values())
    assert any(question.show_if for question in q.questions.values())


def test_full_questionnaire_probes_every_seed_factor_at_least_twice():
    q = full()
    probes = collections.Counter(p for question in q.questions.values() for p in question.spec.probes)
    declared = {f.id for f in q.spec.factors}
    assert SEED_FACTORS <= declared
    thin = {factor: probes[factor] for factor in declared if probes[factor] < 2}
    assert not thin


def test_pulse_is_short_and_speaks_german():
    q = pulse()
    assert 10 <= len(q.questions) <= 15
    assert q.locales == ["en", "de"]
    assert q.text(q.questions["owner"].spec.text, "de") == "Wer führt die Initiative im Alltag?"


def test_pulse_and_full_share_dimension_ids():
    assert [d.id for d in pulse().spec.dimensions] == [d.id for d in full().spec.dimensions]
