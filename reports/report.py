"""The readiness report of one response, as a PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import force_locale

from reports.charts import result_charts
from reports.pdf import RenderStats, render_pdf, svg_data_uri
from reports.summary import executive_summary
from reports.svg import figure_svg
from reports.view import build_view
from scoring import Questionnaire, ReadinessResult

CHART_SIZES = {"radar": (700, 460), "bars": (620, 380)}


def chart_images(charts: dict[str, dict[str, Any]], stats: RenderStats | None = None) -> dict[str, str]:
    """Each figure as an SVG data URI; raises ChartEngineUnavailable when Chromium is missing."""
    import time

    images = {}
    for name, figure in charts.items():
        width, height = CHART_SIZES.get(name, (560, 400))
        height = figure.get("layout", {}).get("height", height)
        started = time.perf_counter()
        svg = figure_svg(figure, width, height, chromium_path=current_app.config.get("CHROMIUM_PATH", ""))
        if stats is not None:
            stats.chart_seconds += time.perf_counter() - started
            stats.charts += 1
        images[name] = svg_data_uri(svg)
    return images


def render_report_pdf(
    q: Questionnaire,
    answers: dict[str, Any],
    result: ReadinessResult,
    locale: str,
    label: str = "",
    when: date | None = None,
    page_size: str = "A4",
    stats: RenderStats | None = None,
) -> bytes:
    with force_locale(locale):
        view = build_view(q, answers, result, locale, label=label, when=when)
        images = chart_images(result_charts(view), stats)
        return render_pdf(
            "reports/readiness.html",
            page_size=page_size,
            stats=stats,
            view=view,
            images=images,
            summary=executive_summary(view),
        )
