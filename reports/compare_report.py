"""A follow-up workshop against its baseline as a PDF: the compare page's figures (participants'
means, differences of the rounded figures shown), led by one line with the change in index,
maturity level and failure-risk band, then dimensions, questions, risks and what was not compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from reports.branding import Branding
from reports.charts import comparison_figure
from reports.pdf import RenderStats, render_pdf
from reports.report import chart_images
from reports.verdict_presenter import band_label
from scoring import Questionnaire
from scoring.group import GroupResult


@dataclass(frozen=True)
class CompareFacts:
    """What the report names: both workshops, their organisation, the language and the date."""

    title: str
    baseline_title: str
    organisation: str
    locale: str
    when: date


def _level(q: Questionnaire, group: GroupResult, locale: str) -> str:
    result = group.group_result
    if result is None or result.maturity_level is None:
        return "–"
    return f"{result.maturity_level} ({q.level_name(result.maturity_level, locale)})"


def _band(group: GroupResult) -> str:
    result = group.group_result
    return band_label(result.risk_band.band) if result is not None and result.risk_band is not None else ""


def headline(
    view: dict[str, Any],
    base: tuple[Questionnaire, GroupResult],
    follow: tuple[Questionnaire, GroupResult],
    locale: str,
) -> dict[str, Any]:
    """Index (mean of the participants, as on the compare page), level and band (of the group result)
    before and after, and the risks that no one / someone now has."""
    before, after = view["index"]
    return {
        "index": (before, after, view["index_delta"]),
        "level": (_level(base[0], base[1], locale), _level(follow[0], follow[1], locale)),
        "band": (_band(base[1]), _band(follow[1])),
        "resolved": [r["title"] for r in view["risks"] if r["before"] > 0 and r["after"] == 0],
        "new": [r["title"] for r in view["risks"] if r["before"] == 0 and r["after"] > 0],
    }


def render_compare_pdf(
    view: dict[str, Any],
    lead: dict[str, Any],
    facts: CompareFacts,
    page_size: str = "A4",
    branding: Branding | None = None,
    stats: RenderStats | None = None,
) -> bytes:
    """`view` is `reports.group_presenter.comparison_view` and `lead` is `headline`, both in `facts.locale`."""
    with force_locale(facts.locale):
        images: dict[str, str] = {}
        if not view["suppressed"] and any(d["before"] is not None for d in view["dimensions"]):
            figure = comparison_figure(
                view["dimensions"],
                _("Before: %(title)s", title=facts.baseline_title),
                _("After: %(title)s", title=facts.title),
            )
            images = chart_images({"compare": figure}, stats)
        return render_pdf(
            "reports/compare.html",
            page_size=page_size,
            stats=stats,
            view=view,
            lead=lead,
            facts=facts,
            images=images,
            branding=branding,
        )
