"""Property-based tests: scoring stays in bounds for any valid answers; validation never crashes."""

import random

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import score_response, validate_text
from scoring.format.schema import BANDS
from scoring.sampling import random_answers
from tests.support.questionnaires import PULSE_PATH, full, minimal, minimal_text, pulse

QUESTIONNAIRES = st.sampled_from([minimal, pulse, full])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUESTIONNAIRES, st.randoms(use_true_random=False), st.floats(0, 1))
def test_any_valid_answer_set_scores_within_bounds(make, rng, skip_rate):
    q = make()
    answers = random_answers(q, rng, skip_rate=skip_rate)
    result = score_response(q, answers)
    assert result == score_response(q, answers)  # deterministic
    assert result.risk_band.band in BANDS
    for dim in result.dimensions:
        if dim.score is not None:
            assert 0 <= dim.score <= 100
            assert 1 <= dim.maturity_level <= 5
            assert abs(sum(c.points for c in dim.contributions) - dim.score) < 1e-6
    if result.readiness_index is not None:
        assert 0 <= result.readiness_index <= 100
        assert 1 <= result.maturity_level <= 5
    assert all(r.triggered_by for r in result.risk_factors)
    assert len({a.id for a in result.actions}) == len(result.actions)


@settings(deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_never_crashes_the_validator(text):
    report = validate_text(text, "fuzz.yaml")
    assert report.problems or report.ok


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "text",
                    "choices",
                    "dimensions",
                    "profile",
                    "weight",
                    "when",
                    "show_if",
                    "question",
                    "all",
                    "equals",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(deadline=None)
@given(yaml_values)
def test_arbitrary_yaml_structures_never_crash_the_validator(value):
    report = validate_text(yaml.safe_dump(value), "fuzz.yaml")
    assert report.problems or report.ok


DAMAGE = {"blank-value": ":", "list-value": ": [a, [b]]", "map-value": ": {x: 1}", "number": ": 7"}


@settings(deadline=None)
@given(st.data())
def test_damaged_questionnaires_never_crash_the_validator(data):
    lines = data.draw(st.sampled_from([minimal_text(), PULSE_PATH.read_text()])).splitlines()
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", *DAMAGE]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif ":" in lines[i]:
            lines[i] = lines[i].split(":")[0] + DAMAGE[action]
    report = validate_text("\n".join(lines), "damaged.yaml")
    assert report.problems or report.ok


def test_random_answers_are_reproducible():
    q = pulse()
    assert random_answers(q, random.Random(7)) == random_answers(q, random.Random(7))
