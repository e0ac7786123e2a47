"""The condition language shared by show-conditions and risk rules."""

import pytest

from scoring.conditions import ConditionError, parse_condition


def witness(raw, answers):
    return parse_condition(raw).witness(answers)


def test_leaf_operators():
    answers = {"s": "a", "m": frozenset({"x", "y"}), "n": 12, "c": (2, 4)}
    assert witness({"question": "s", "equals": "a"}, answers) == ("s",)
    assert witness({"question": "s", "one_of": ["b", "c"]}, answers) is None
    assert witness({"question": "m", "equals": "x"}, answers) == ("m",)  # selected
    assert witness({"question": "m", "one_of": ["z", "y"]}, answers) == ("m",)
    assert witness({"question": "m", "at_least": 3}, answers) is None  # counts selections
    assert witness({"question": "n", "at_least": 12}, answers) == ("n",)
    assert witness({"question": "n", "at_most": 11}, answers) is None
    assert witness({"question": "c", "at_most": 2}, answers) == ("c",)  # current state
    assert witness({"question": "c", "at_least": 4, "part": "target"}, answers) == ("c",)
    assert witness({"question": "gone", "answered": False}, answers) == ("gone",)
    assert witness({"question": "gone", "equals": "a"}, answers) is None


def test_combinators_report_only_the_answers_that_mattered():
    answers = {"a": "x", "b": "y", "c": "z"}
    rule = {
        "all": [
            {"question": "a", "equals": "x"},
            {"any": [{"question": "b", "equals": "no"}, {"question": "c", "equals": "z"}]},
        ]
    }
    assert witness(rule, answers) == ("a", "c")
    assert witness({"not": {"question": "a", "equals": "q"}}, answers) == ("a",)
    assert witness({"not": {"question": "a", "equals": "x"}}, answers) is None


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("q1 == 'x'", "must be a mapping"),
        ({"question": "q1"}, "exactly one of"),
        ({"question": "q1", "equals": "a", "one_of": ["b"]}, "exactly one of"),
        ({"question": "q1", "contains": "a"}, "unknown condition key 'contains'"),
        ({"all": []}, "non-empty list"),
        ({"all": [{"question": "a", "equals": 1}], "question": "b"}, "must stand alone"),
        ({"question": "q1", "at_least": "3"}, "must be a number"),
        ({"question": "q1", "answered": "yes"}, "true or false"),
    ],
)
def test_malformed_conditions_are_refused(raw, fragment):
    with pytest.raises(ConditionError, match=fragment):
        parse_condition(raw)
