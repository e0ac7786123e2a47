"""Changes are the differences of the figures the reader sees, not rounded raw differences."""

from reports.group_presenter import comparison_view
from scoring.group.results import Comparison, Delta, DimensionDelta, RiskDelta
from tests.support.questionnaires import pulse


def test_changes_are_differences_of_the_rounded_figures(app):
    q = pulse()
    comparison = Comparison(
        base_respondents=24,
        follow_respondents=16,
        suppressed=False,
        index=Delta(41.4, 57.9, 16.5),
        dimensions=[DimensionDelta("ownership", 20.4, 20.6, 0.2), DimensionDelta("policy", 33.4, 42.5, 9.1)],
        risks=[RiskDelta("no-owner", 0.224, 0.126, -0.098)],
    )
    with app.test_request_context():
        view = comparison_view(q, q, comparison, "en")
    assert view["index"] == (41, 58) and view["index_delta"] == 17
    assert [(d["before"], d["after"], d["delta"]) for d in view["dimensions"]] == [(20, 21, 1), (33, 42, 9)]
    assert [(r["before"], r["after"], r["delta"]) for r in view["risks"]] == [(22, 13, -9)]
