"""A workshop's results as an editable PowerPoint deck (python-pptx): title, verdict, a native
dimensions chart, risks, role gaps and actions, each slide with speaker notes.

It reads the dashboard's figures (`reports.group_presenter.dashboard_figures`), so no group
under the anonymity threshold can reach a slide that the dashboard would not show.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from reports.result_presenter import ResultView

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.5)
BODY_WIDTH = Emu(WIDTH - 2 * MARGIN)
TITLE_ONLY = 5  # layouts of python-pptx's default template
TITLE = 0
ROWS = 10  # table rows a slide holds; the rest is named in the notes
GAP_ROWS = 6  # role gaps name every group in a cell, so their rows are taller
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in the slides' XML


@dataclass(frozen=True)
class DeckMeta:
    title: str
    organisation: str
    questionnaire: str
    locale: str
    when: date


def clean(value: Any, limit: int = 600) -> str:
    """Text a slide can hold: no XML-invalid characters, long texts cut."""
    text = CONTROL.sub("\ufffd", "" if value is None else str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_workshop_deck(meta: DeckMeta, data: dict[str, Any], view: ResultView | None) -> bytes:
    """`data`: the dashboard's figures in the workshop's language; `view`: the group result (None when held back)."""
    with force_locale(meta.locale):
        prs = Presentation()
        prs.slide_width, prs.slide_height = WIDTH, HEIGHT
        _title_slide(prs, meta, data)
        if data["workshop"]["suppressed"] or view is None:
            _held_back_slide(prs, data)
        else:
            _verdict_slide(prs, data, view)
            _dimensions_slide(prs, data)
            if view.has_risk_factors:  # a model without failure risks gets no risk slide, as on the results page
                _risks_slide(prs, data)
            _role_gaps_slide(prs, data)
            _actions_slide(prs, view)
        buffer = io.BytesIO()
        prs.save(buffer)
        return buffer.getvalue()


def _slide(prs: PresentationType, title: str, notes: list[str]) -> Slide:
    slide: Slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    heading = slide.shapes.title
    if heading is not None:
        heading.left, heading.top, heading.width, heading.height = MARGIN, Inches(0.35), BODY_WIDTH, Inches(1)
        heading.text = clean(title, 200)
    _notes(slide, notes)
    return slide


def _notes(slide: Slide, notes: list[str]) -> None:
    frame = slide.notes_slide.notes_text_frame
    if frame is not None:  # python-pptx's notes master always has a body placeholder
        frame.text = "\n".join(clean(line, 2000) for line in notes if line)


def _text_box(slide: Slide, lines: list[tuple[str, int]], top: Length = BODY_TOP) -> None:
    box = slide.shapes.add_textbox(MARGIN, top, BODY_WIDTH, Emu(HEIGHT - top - MARGIN))
    frame = box.text_frame
    frame.word_wrap = True
    for n, (text, size) in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.text = clean(text)
        paragraph.font.size = Pt(size)
        paragraph.space_after = Pt(10)


def _title_slide(prs: PresentationType, meta: DeckMeta, data: dict[str, Any]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(2), BODY_WIDTH, Inches(1.6)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = MARGIN, Inches(3.8), BODY_WIDTH, Inches(2)
    title.text = clean(meta.title, 200)
    people = data["workshop"]["respondents"]
    subtitle.text = "\n".join(
        [
            clean(meta.organisation, 200),
            clean(meta.questionnaire, 200),
            _("%(n)d participants · %(date)s", n=people, date=format_date(meta.when, "long")),
        ]
    )
    _notes(
        slide,
        [
            _(
                "Results of the workshop “%(title)s” for %(organisation)s.",
                title=meta.title,
                organisation=meta.organisation,
            ),
            _(
                "Groups of fewer than %(n)d people are never shown on their own: they are folded into “Other”, "
                "or left out when even “Other” is too small.",
                n=data["workshop"]["threshold"],
            ),
        ],
    )


def _held_back_slide(prs: PresentationType, data: dict[str, Any]) -> None:
    message = data.get("message") or ""
    slide = _slide(prs, _("Results held back"), [message])
    _text_box(slide, [(message, 24)])


def verdict_lines(data: dict[str, Any], view: ResultView) -> list[str]:
    """The verdict in sentences: the one-sentence verdict where the presenter gives one, then the figures."""
    group = data["group_result"]
    lines = [group["verdict"]] if group.get("verdict") else []
    index = data["index_display"]  # on the questionnaire's display scale, as the dashboard shows it
    lines.append(
        _(
            "Readiness index of the group's answers: %(index)s of %(scale)s; participants range from %(min)s to "
            "%(max)s (mean %(mean)s).",
            index=group["readiness_index_display"],
            scale=group["scale_max"],
            min=index["min"],
            max=index["max"],
            mean=index["mean"],
        )
    )
    if group.get("maturity_level") is not None:
        lines.append(
            _("Maturity level %(level)s: %(name)s.", level=group["maturity_level"], name=group["maturity_name"])
        )
    if view.band:
        lines.append(_("Indicative failure risk: %(band)s.", band=view.band_label))
        lines.append(
            _(
                "The band is indicative, not a probability for your organisation. Starting point: %(base)s.",
                base=view.base_rate,
            )
        )
    return lines


def _verdict_slide(prs: PresentationType, data: dict[str, Any], view: ResultView) -> None:
    lines = verdict_lines(data, view)
    notes = [*lines, view.stage, *view.band_steps]
    agreed = data["group_result"]["agreed_questions"]
    if agreed:
        notes.append(_("The group agreed on %(n)d answers after discussion; the results below use them.", n=agreed))
    slide = _slide(prs, _("Verdict"), notes)
    _text_box(slide, [(lines[0], 28), *[(line, 20) for line in lines[1:]]])


def _dimensions_slide(prs: PresentationType, data: dict[str, Any]) -> None:
    dimensions = [d for d in data["dimensions"] if d["mean"] is not None]
    groups: list[tuple[str, str]] = []  # (key, label) of every shown group, in the order they come
    for d in dimensions:
        for g in d["groups"]:
            if (g["key"], g["label"]) not in groups:
                groups.append((g["key"], g["label"]))
    notes = [
        _("Score per dimension, 0 to 100: all participants, then each group large enough to be shown."),
        *[
            f"{d['title']}: {d['mean']}"
            + (" (" + ", ".join(f"{g['label']} {g['mean']}" for g in d["groups"]) + ")" if d["groups"] else "")
            for d in dimensions
        ],
    ]
    slide = _slide(prs, _("Dimensions"), notes)
    chart_data = CategoryChartData(number_format="0")  # type: ignore[no-untyped-call]  # python-pptx: unannotated
    chart_data.categories = [clean(d["title"], 120) for d in dimensions]
    chart_data.add_series(_("All participants"), [d["mean"] for d in dimensions])  # type: ignore[no-untyped-call]
    for key, label in groups:
        by_dimension = [next((g["mean"] for g in d["groups"] if g["key"] == key), None) for d in dimensions]
        chart_data.add_series(clean(label, 120), by_dimension)  # type: ignore[no-untyped-call]
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED,
        MARGIN,
        Inches(1.4),
        BODY_WIDTH,
        Emu(HEIGHT - Inches(1.8)),
        chart_data,  # type: ignore[arg-type]  # python-pptx annotates ChartData, but takes its subclasses
    )
    chart = frame.chart  # type: ignore[attr-defined]  # python-pptx annotates Chart; it returns the GraphicFrame
    chart.has_legend = True
    if chart.legend is not None:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
    chart.category_axis.reverse_order = True  # the first dimension on top, as on the page
    chart.category_axis.tick_labels.font.size = Pt(12)
    value_axis = chart.value_axis
    value_axis.minimum_scale, value_axis.maximum_scale = 0, 100
    value_axis.tick_labels.font.size = Pt(11)
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(9)
    plot.data_labels.number_format = "0"
    plot.data_labels.number_format_is_linked = False


def _table(slide: Slide, header: list[str], rows: list[list[str]], widths: list[float], size: int = 14) -> None:
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), MARGIN, Inches(1.4), BODY_WIDTH, Emu(Inches(0.4) * (len(rows) + 1))
    )
    table = shape.table
    for column, width in enumerate(widths):
        table.columns[column].width = Emu(int(BODY_WIDTH * width))
    for r, cells in enumerate([header, *rows]):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = clean(text, 300)
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(size if r else 13)
                paragraph.font.bold = r == 0


def _more(total: int, shown: int = ROWS) -> list[str]:
    return [_("%(n)d more in the workbook (XLSX).", n=total - shown)] if total > shown else []


def _risks_slide(prs: PresentationType, data: dict[str, Any]) -> None:
    risks = sorted(data["risks"], key=lambda r: -r["percent"])
    notes = [
        _("How many participants' own answers raise each failure risk."),
        *[f"{r['title']} ({r['severity_label']}): {r['percent']}% ({r['count']})" for r in risks],
    ]
    slide = _slide(prs, _("Failure risks"), notes + _more(len(risks)))
    if not risks:
        _text_box(slide, [(_("No failure risk applies to any participant."), 24)])
        return
    rows = [[r["title"], r["severity_label"], f"{r['percent']}%"] for r in risks[:ROWS]]
    _table(slide, [_("Risk"), _("Severity"), _("Share of participants")], rows, [0.66, 0.14, 0.2])


def _role_gaps_slide(prs: PresentationType, data: dict[str, Any]) -> None:
    gaps = data["role_gaps"]
    threshold = data["workshop"]["threshold"]
    if not gaps:
        message = _(
            "No differences between groups are shown: fewer than two role groups have at least %(n)d people.",
            n=threshold,
        )
        slide = _slide(prs, _("Where groups differ most"), [message])
        _text_box(slide, [(message, 24)])
        return
    lines = [
        f"{g['title']}: {g['gap']} (" + ", ".join(f"{x['label']} {x['mean']}" for x in g["groups"]) + ")" for g in gaps
    ]
    notes = [
        _(
            "The largest differences between role groups, in points of 100; groups under %(n)d people are not shown.",
            n=threshold,
        ),
        *lines,
    ]
    slide = _slide(prs, _("Where groups differ most"), notes + _more(len(gaps), GAP_ROWS))
    rows = [
        [g["title"], " · ".join(f"{x['label']} {x['mean']}" for x in g["groups"]), str(g["gap"])]
        for g in gaps[:GAP_ROWS]
    ]
    _table(slide, [_("Topic"), _("Groups"), _("Gap")], rows, [0.5, 0.42, 0.08], size=12)


def _actions_slide(prs: PresentationType, view: ResultView) -> None:
    actions = view.actions
    notes = [
        _("Recommended actions from the group's answers, most urgent first."),
        *[
            f"{a.title} — {a.owner_role}, {a.horizon} " + _("days") + f" ({a.severity_label}). {a.success_measure}"
            for a in actions
        ],
    ]
    slide = _slide(prs, _("Actions"), notes)
    if not actions:
        _text_box(slide, [(_("No action is recommended."), 24)])
        return
    rows = [[a.title, a.owner_role, _("%(n)d days", n=a.horizon), a.severity_label] for a in actions[:ROWS]]
    _table(slide, [_("Action"), _("Owner"), _("Horizon"), _("Severity")], rows, [0.52, 0.24, 0.12, 0.12])
