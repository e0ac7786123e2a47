"""A workshop's answers and scores as an XLSX workbook (openpyxl), one sheet per view: summary,
responses, dimensions, questions, role groups, risks.

The figures are the dashboard's (`reports.group_presenter.dashboard_figures`) and the rows are
the CSV export's, so the workbook hides exactly what they hide; while fewer people than the
threshold have answered it holds the count only, as the dashboard does.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CELL_LIMIT = 32_767  # characters Excel keeps in a cell
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class WorkbookMeta:
    title: str
    organisation: str
    questionnaire: str
    locale: str
    when: date


def cell_value(value: Any) -> Any:
    """A value a spreadsheet shows as written: numbers stay numbers, text is never a formula."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
        return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"
    return value


def display_number(text: str) -> int | float | None:
    """A score as the presenter formats it on the display scale ("58", "0.44", "–") as a number for a cell."""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if "." not in text else number


def _append(sheet: Worksheet, values: Iterable[Any], bold: bool = False) -> None:
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, 1):
        cell = sheet.cell(row, column)
        cell.value = cell_value(value)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl would read "=..." as a formula
        if bold:
            cell.font = Font(bold=True)


def _table(
    sheet: Worksheet, header: list[str], rows: Iterable[Iterable[Any]], widths: dict[int, int] | None = None
) -> None:
    _append(sheet, header, bold=True)
    for row in rows:
        _append(sheet, row)
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{sheet.max_row}"
    for column, header_text in enumerate(header, 1):
        width = (widths or {}).get(column) or min(max(len(str(header_text)) + 2, 10), 40)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in widths or {}:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def render_workshop_workbook(
    meta: WorkbookMeta, data: dict[str, Any], header: list[str], rows: list[list[Any]]
) -> bytes:
    """`data`: the dashboard's figures in the workshop's language; `header`, `rows`: the CSV export's."""
    with force_locale(meta.locale):
        book = Workbook()
        summary = book.active
        if summary is None:  # a new workbook always has its first sheet
            raise RuntimeError("openpyxl made a workbook without a sheet")
        summary.title = _("Summary")[:31]
        _summary(summary, meta, data)
        suppressed = data["workshop"]["suppressed"]
        _responses(book.create_sheet(_("Responses")[:31]), header, [] if suppressed else rows, data)
        if not suppressed:
            groups = _group_labels(data)
            _dimensions(book.create_sheet(_("Dimensions")[:31]), data, groups)
            _questions(book.create_sheet(_("Questions")[:31]), data, groups)
        _role_groups(book.create_sheet(_("Role groups")[:31]), data)
        if not suppressed:
            _risks(book.create_sheet(_("Risks")[:31]), data)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _summary(sheet: Worksheet, meta: WorkbookMeta, data: dict[str, Any]) -> None:
    workshop = data["workshop"]
    lines: list[tuple[str, Any]] = [
        (_("Workshop"), meta.title),
        (_("Organisation"), meta.organisation),
        (_("Questionnaire"), meta.questionnaire),
        (_("Date"), format_date(meta.when, "long")),
        (_("Participants"), workshop["respondents"]),
        (_("Anonymity threshold"), workshop["threshold"]),
    ]
    if workshop["suppressed"]:
        lines.append((_("Results"), data.get("message", "")))
    else:
        index, group = data["index_display"], data["group_result"]  # the index on the display scale, as shown
        lines += [
            (_("Readiness index of the group's answers"), display_number(group["readiness_index_display"])),
            (_("Mean readiness index of participants"), display_number(index["mean"])),
            (_("Lowest"), display_number(index["min"])),
            (_("Highest"), display_number(index["max"])),
            (_("Maturity level"), group["maturity_level"]),
            (_("Maturity level name"), group["maturity_name"]),
        ]
        if group.get("band"):  # None: the questionnaire has no failure-risk model
            lines.append((_("Indicative failure risk"), group["band_label"]))
        if group.get("verdict"):
            lines.append((_("Verdict"), group["verdict"]))
    for label, value in lines:
        _append(sheet, [label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    _append(sheet, [])
    _append(
        sheet,
        [
            _(
                "Groups of fewer than %(n)d people are never shown on their own: they are folded into “Other”, "
                "or left out when even “Other” is too small.",
                n=workshop["threshold"],
            )
        ],
    )
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 60
    for (cell,) in sheet.iter_rows(min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _responses(sheet: Worksheet, header: list[str], rows: list[list[Any]], data: dict[str, Any]) -> None:
    _table(sheet, header, rows)
    if data["workshop"]["suppressed"]:
        _append(sheet, [data.get("message", "")])


def _group_labels(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Every role group the figures show, in order of first appearance."""
    found: list[tuple[str, str]] = []
    for item in [*data["dimensions"], *data["questions"]]:
        for group in item["groups"]:
            if (group["key"], group["label"]) not in found:
                found.append((group["key"], group["label"]))
    return found


def _by_group(item: dict[str, Any], groups: list[tuple[str, str]]) -> list[Any]:
    means = {g["key"]: g["mean"] for g in item["groups"]}
    return [means.get(key) for key, _label in groups]


def _dimensions(sheet: Worksheet, data: dict[str, Any], groups: list[tuple[str, str]]) -> None:
    header = [_("Dimension"), _("Mean"), _("Spread"), _("Participants"), *[label for _k, label in groups], _("Gap")]
    rows = [[d["title"], d["mean"], d["stdev"], d["n"], *_by_group(d, groups), d["gap"]] for d in data["dimensions"]]
    _table(sheet, header, rows, {1: 45})


def _questions(sheet: Worksheet, data: dict[str, Any], groups: list[tuple[str, str]]) -> None:
    header = [
        _("Id"),
        _("Dimension"),
        _("Question"),
        _("Participants"),
        _("Mean score"),
        _("Mean point (scales)"),
        _("Spread"),
        _("Consensus"),
        _("Agreed answer"),
        _("Answers"),
        *[label for _k, label in groups],
        _("Gap"),
    ]
    rows = [
        [
            item["id"],
            item["dimension"],
            item["text"],
            item["n"],
            item["mean_score"],
            item["mean_point"],
            item["spread"],
            item["consensus"],
            item["agreed"],
            "; ".join(f"{d['label']}: {d['count']}" for d in item["distribution"]),
            *_by_group(item, groups),
            item["gap"],
        ]
        for item in data["questions"]
    ]
    _table(sheet, header, rows, {2: 30, 3: 50, 10: 50})


def _role_groups(sheet: Worksheet, data: dict[str, Any]) -> None:
    rows: list[list[Any]] = [[_("Role"), r["label"], r["count"]] for r in data["roles"]]
    rows += [[_("Team"), t["label"], t["count"]] for t in data["teams"]]
    _table(sheet, [_("Kind"), _("Group"), _("Participants")], rows, {2: 40})


def _risks(sheet: Worksheet, data: dict[str, Any]) -> None:
    rows = [[r["title"], r["severity_label"], r["count"], r["percent"]] for r in data["risks"]]
    _table(sheet, [_("Risk"), _("Severity"), _("Participants"), _("Share of participants (%)")], rows, {1: 60})
