"""The readiness report of one response, as a PDF."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import force_locale

from reports.benchmark_presenter import benchmark_view
from reports.branding import Branding
from reports.charts import result_charts
from reports.executive_presenter import executive_view
from reports.pdf import RenderStats, render_pdf, svg_data_uri
from reports.print_charts import figure_svg
from reports.result_presenter import build_view, severity_label
from reports.summary import executive_summary
from reports.svg import figures_svg
from scoring import Questionnaire, ReadinessResult
from scoring.benchmark import Benchmark

CHART_SIZES = {"radar": (700, 460), "bars": (620, 380), "groups": (620, 300)}
REPORT_TEMPLATES = (
    "reports/readiness.html",
    "reports/group.html",
    "reports/group_empty.html",
    "reports/plan.html",
    "reports/compare.html",
    "reports/_head.html",
    "reports/report.css",
    "reports/_exhibits.html",
    "reports/_brand.html",
)
WARM_UP_CHART = {"data": [{"type": "bar", "orientation": "h", "x": [60], "y": ["warm-up"]}], "layout": {}}


def chart_images(charts: dict[str, dict[str, Any]], stats: RenderStats | None = None) -> dict[str, str]:
    """Each figure as an SVG data URI, drawn in Python (PDF_CHARTS "python", the default) or by
    kaleido and Chromium ("kaleido": raises ChartEngineUnavailable when Chromium is missing)."""
    started = time.perf_counter()
    jobs = []
    for name, figure in charts.items():
        width, height = CHART_SIZES.get(name, (560, 400))
        jobs.append((figure, width, figure.get("layout", {}).get("height", height)))
    if current_app.config.get("PDF_CHARTS", "python") == "kaleido":
        svgs = figures_svg(jobs, chromium_path=current_app.config.get("CHROMIUM_PATH", ""))
    else:
        svgs = [figure_svg(figure, width, height) for figure, width, height in jobs]
    if stats is not None:
        stats.chart_seconds += time.perf_counter() - started
        stats.charts += len(jobs)
    return {name: svg_data_uri(svg) for name, svg in zip(charts, svgs, strict=True)}


def render_report_pdf(
    q: Questionnaire,
    answers: dict[str, Any],
    result: ReadinessResult,
    locale: str,
    label: str = "",
    when: date | None = None,
    page_size: str = "A4",
    stats: RenderStats | None = None,
    benchmark: Benchmark | None = None,
    branding: Branding | None = None,
) -> bytes:
    with force_locale(locale):
        view = build_view(q, answers, result, locale, label=label, when=when)
        view.benchmark = benchmark_view(q, benchmark, locale)
        images = chart_images(result_charts(view), stats)
        return render_pdf(
            "reports/readiness.html",
            page_size=page_size,
            stats=stats,
            view=view,
            images=images,
            summary=executive_summary(view),
            executive=executive_view(view, q, result),
            branding=branding,
            severity_label=severity_label,
        )


def warm_up_reports() -> None:
    """Compile the report templates and lay out one page with what every report uses (the print CSS,
    each font face, a table, an SVG chart), so that a server worker's first report costs what its
    later ones do (needs an app context)."""
    for name in REPORT_TEMPLATES:
        current_app.jinja_env.get_template(name)
    render_pdf("reports/warmup.html", chart=svg_data_uri(figure_svg(WARM_UP_CHART, 300, 120)))
