"""The workshop's group report as a PDF: the readiness report of the group's answers (agreed
where recorded, typical otherwise) plus participation, distributions, role gaps and disagreements."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from reports.benchmark_presenter import benchmark_view
from reports.charts import result_charts
from reports.pdf import RenderStats, render_pdf
from reports.report import chart_images
from reports.result_presenter import build_view
from reports.summary import executive_summary
from scoring import Questionnaire, parse_answers
from scoring.benchmark import Benchmark
from scoring.group import GroupResult


def render_group_report(
    q: Questionnaire,
    group: GroupResult,
    data: dict[str, Any],
    title: str,
    organisation: str,
    locale: str,
    when: date | None = None,
    page_size: str = "A4",
    stats: RenderStats | None = None,
    benchmark: Benchmark | None = None,
) -> bytes:
    """`data` is `reports.group_presenter.dashboard_data` for the same group."""
    with force_locale(locale):
        view = None
        images: dict[str, str] = {}
        summary: list[str] = []
        if not group.suppressed and group.group_result is not None:  # a group result exists unless suppressed
            answers = parse_answers(q, group.group_answers)
            view = build_view(q, answers, group.group_result, locale, label=organisation, when=when)
            view.benchmark = benchmark_view(q, benchmark, locale)
            charts = result_charts(view) | {k: v for k, v in data["charts"].items()}
            images = chart_images(charts, stats)
            summary = group_summary(data) + executive_summary(view)
        return render_pdf(
            "reports/group.html",
            page_size=page_size,
            stats=stats,
            view=view,
            data=data,
            images=images,
            summary=summary,
            title=title,
            organisation=organisation,
            when=when or date.today(),
        )


def group_summary(data: dict[str, Any]) -> list[str]:
    index = data["index"]
    lines = [
        _(
            "%(n)d people took part. Their readiness index averages %(mean)s (from %(min)s to %(max)s).",
            n=data["workshop"]["respondents"],
            mean=index["mean"],
            min=index["min"],
            max=index["max"],
        )
    ]
    if data["role_gaps"]:
        gap = data["role_gaps"][0]
        lines.append(
            _(
                "The largest difference between groups is on “%(title)s” (%(gap)s points).",
                title=gap["title"],
                gap=gap["gap"],
            )
        )
    agreed = data["group_result"]["agreed_questions"]
    if agreed:
        lines.append(_("The group agreed on %(n)d answers after discussion; the results below use them.", n=agreed))
    return lines
