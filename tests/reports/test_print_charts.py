"""Print charts drawn in Python: valid SVG, every text escaped, labels whole, axes titled."""

import re
import xml.etree.ElementTree as ET

import pytest

from reports.charts import bars_figure, comparison_figure, maturity_distribution_figure, radar_figure
from reports.print_charts import CHAR_WIDTH, UnsupportedChart, figure_svg
from reports.result_presenter import build_view
from scoring import parse_answers, score_response
from tests.support.answers import PULSE_HR_LED, answers_of
from tests.support.questionnaires import pulse

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & Söhne"


@pytest.fixture
def view(app):
    q = pulse()
    answers = parse_answers(q, answers_of(PULSE_HR_LED))
    with app.test_request_context():
        yield build_view(q, answers, score_response(q, answers), "en", label="ACME")


def texts(svg: str) -> list[str]:
    """Every line of text the chart shows, as a reader sees it."""
    root = ET.fromstring(svg)  # raises if anything was left unescaped
    return ["".join(span.itertext()) for span in root.iter(f"{SVG}tspan")]


def test_radar_shows_every_dimension_whole_and_its_level_rings(app, view):
    with app.test_request_context():
        figure = radar_figure(view)
    lines = texts(figure_svg(figure, 700, 460))
    assert "100" in lines  # the outer ring is labelled
    words = " ".join(lines).split()
    for dimension in view.dimensions:
        if dimension.score is not None:
            assert all(word in words for word in dimension.title.split()), dimension.title  # wrapped, never cut


def test_bars_have_values_levels_and_the_axis_title(app, view):
    with app.test_request_context():
        figure = bars_figure(view)
    svg = figure_svg(figure, 620, figure["layout"]["height"])
    lines = texts(svg)
    assert "Score" in lines
    assert any("· level" in line for line in lines)
    assert svg.count("<rect") >= len([d for d in view.dimensions if d.score is not None]) + 5  # bars + level bands


def test_hostile_labels_are_escaped_in_every_chart(app):
    with app.test_request_context():
        figure = maturity_distribution_figure([{"level": 1, "name": HOSTILE, "count": 2}])
    svg = figure_svg(figure, 560, 320)
    assert "<script>" not in svg
    assert "Söhne" in " ".join(texts(svg)) and "Respondents" in texts(svg)


def test_a_chart_kind_print_does_not_know_is_refused():
    with pytest.raises(UnsupportedChart):
        figure_svg({"data": [{"type": "pie"}], "layout": {}}, 400, 300)


def test_the_comparison_chart_prints_both_workshops_values_and_names_them(app):
    dimensions = [
        {"title": "Ownership", "before": 40, "after": 67},
        {"title": "Policy " + HOSTILE, "before": 33, "after": 42},
        {"title": "Measurement", "before": None, "after": 50},  # not in the baseline: left out
    ]
    with app.test_request_context():
        figure = comparison_figure(dimensions, "Baseline 2026-03", "Follow-up 2026-09")
    svg = figure_svg(figure, 560, 300)
    lines = texts(svg)
    assert {"40", "67", "33", "42"} <= set(lines)
    assert "Baseline 2026-03" in lines and "Follow-up 2026-09" in lines  # the legend
    assert "Measurement" not in " ".join(lines) and "<script>" not in svg


def test_long_workshop_titles_in_the_legend_stay_inside_the_chart(app):
    dimensions = [{"title": "Ownership", "before": 40, "after": 67}]
    before, after = "Vorher: " + "Strategieworkshop Geschäftsleitung " * 3, "Nachher: Folgeworkshop"
    with app.test_request_context():
        figure = comparison_figure(dimensions, before, after)
    svg = figure_svg(figure, 420, 300)
    legend = re.findall(r'<tspan x="([\d.]+)" y="[\d.]+">((?:Vorher|Nachher)[^<]*)</tspan>', svg)
    assert [text for _, text in legend][1] == "Nachher: Folgeworkshop"  # short names are whole
    assert legend[0][1].startswith("Vorher: Strategieworkshop") and legend[0][1].endswith("\u2026")
    size = figure["layout"].get("font", {}).get("size", 12)
    for x, text in legend:
        assert float(x) + len(text) * size * CHAR_WIDTH <= 420  # ends inside the 420 px chart
