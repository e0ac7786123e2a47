"""The workshop's group report as a PDF: the readiness report of the group's answers (agreed
where recorded, typical otherwise) plus participation, distributions, role gaps and disagreements."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from reports.benchmark_presenter import benchmark_view
from reports.branding import Branding
from reports.charts import result_charts
from reports.executive_presenter import ExecutiveView, executive_view
from reports.exhibits import change_since, heatmap
from reports.group_presenter import WorkshopFacts, dashboard_data
from reports.pdf import RenderStats, render_pdf
from reports.report import chart_images
from reports.result_presenter import build_view, severity_label
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
    baseline: tuple[str, date, GroupResult] | None = None,
    branding: Branding | None = None,
) -> bytes:
    """`baseline`: (title, date, group) of the workshop this one follows up, so that
    the report leads with the change since then.

    `data` is `reports.group_presenter.dashboard_data` for the same group; its figures are
    built again here in the report's language, so nothing of the caller's language remains."""
    with force_locale(locale):
        facts = data["workshop"]
        data = dashboard_data(q, WorkshopFacts(facts["id"], facts["title"], facts["closed"]), group, locale)
        view = None
        images: dict[str, str] = {}
        summary: list[str] = []
        executive: ExecutiveView | None = None
        if not group.suppressed and group.group_result is not None:  # a group result exists unless suppressed
            answers = parse_answers(q, group.group_answers)
            view = build_view(q, answers, group.group_result, locale, label=organisation, when=when)
            view.benchmark = benchmark_view(q, benchmark, locale)
            charts = result_charts(view) | {"maturity": data["charts"]["maturity"]}  # the heatmap replaces "dimensions"
            images = chart_images(charts, stats)
            summary = group_summary(data) + executive_summary(view)
            executive = executive_view(view, q, group.group_result)
        change = None
        if baseline is not None and view is not None:
            change = change_since(q, baseline[2], group, locale)
        return render_pdf(
            "reports/group.html",
            page_size=page_size,
            stats=stats,
            view=view,
            data=data,
            images=images,
            summary=summary,
            executive=executive,
            change=change,
            baseline_title=baseline[0] if baseline else "",
            baseline_date=baseline[1] if baseline else None,
            heat=heatmap(data["dimensions"]) if view is not None else None,
            title=title,
            organisation=organisation,
            when=when or date.today(),
            branding=branding,
            severity_label=severity_label,
        )


def group_summary(data: dict[str, Any]) -> list[str]:
    """Participation, then the one statistic that leads (the group result) and the mean beside it, named."""
    index, result = data["index_display"], data["group_result"]
    lines = [
        _(
            "%(n)d people took part. Every figure in this report is the group result: the agreed answer where "
            "the group recorded one, otherwise the typical answer, scored like one response (index %(index)s).",
            n=data["workshop"]["respondents"],
            index=result["readiness_index_display"],
        ),
        _(
            "The mean of the participants' own indexes is %(mean)s (from %(min)s to %(max)s). It differs because "
            "it averages people, each with their own mix of answers, while the group result scores the typical "
            "answer to each question.",
            mean=index["mean"],
            min=index["min"],
            max=index["max"],
        ),
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
    agreed = result["agreed_questions"]
    if agreed:
        lines.append(_("The group agreed on %(n)d answers after discussion; the results below use them.", n=agreed))
    return lines
