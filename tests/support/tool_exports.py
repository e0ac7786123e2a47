"""Exports of survey tools, written in each tool's documented layout, for the import tests.

The same five respondents answered tests/data/imports/tools.yaml in SurveyMonkey, Microsoft
Forms, Google Forms and LimeSurvey; each function below writes what that tool's export looks
like. `python -m tests.support.tool_exports` writes the files into tests/data/imports/, where
the tests read them (the files are committed; this module documents how they were made).

- SurveyMonkey, "All individual responses", expanded (CSV and XLSX): two header rows. The first
  names the respondent columns and each question once (merged over its columns); the second
  says "Response" for one answer, "Open-Ended Response" for text, the option for each checkbox
  column (the cell holds the option when ticked) and the row for each matrix row.
- Microsoft Forms, "Open in Excel" (XLSX; the CSV is that workbook saved as "CSV UTF-8" by a
  German Excel: semicolons, BOM): Id, Start time, Completion time, Email, Name, Last modified
  time, then one column per question; several choices as "A;B;"; a rating is a number.
- Google Forms, the responses sheet (CSV download, and XLSX): Timestamp, Email address, one
  column per question; checkboxes joined with ", "; a grid gives "Question [Row]" columns.
- LimeSurvey, "Export responses" to CSV: every field quoted. With "Full question text" and
  "Full answers": Response ID, Date submitted, Last page, Start language, Seed, the questions;
  "Question [Option]" columns for multiple choice ("Yes" when ticked), "Question [Row]" for
  arrays. With "Question code" and "Answer codes": id, submitdate, lastpage, startlanguage,
  seed and codes such as G01Q01 and G02Q02[SQ001], answers as AO01 or Y: these only import
  after the columns and values are matched by hand.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

HERE = Path(__file__).resolve().parents[1] / "data" / "imports"
QUESTIONNAIRE = HERE / "tools.yaml"

# What the five respondents answered, as the app stores it (choice ids; scale as current->target).
ANSWERS: list[dict[str, Any]] = [
    {
        "role": "it",
        "owner": "it",
        "steering": "no",
        "tools": ["chat", "esn"],
        "workflow": (2, 4),
        "people": 1200,
        "comment": "Licences bought in 2023; usage is fading",
    },
    {
        "role": "hr",
        "owner": "joint",
        "steering": "yes",
        "tools": ["wiki"],
        "workflow": (3, 4),
        "people": 350,
        "comment": "",
    },
    {
        "role": "business",
        "owner": "business",
        "steering": "yes",
        "tools": ["chat", "esn", "wiki"],
        "workflow": (4, 5),
        "people": 5000,
        "comment": "Sales uses it daily, “really”",
    },
    {
        "role": "executive",
        "owner": "nobody",
        "steering": "no",
        "tools": ["none"],
        "workflow": (1, 3),
        "people": 80,
        "comment": "",
    },
    {
        "role": "employee",
        "owner": "it",
        "steering": "no",
        "tools": ["chat"],
        "workflow": (2, 2),
        "people": 1200,
        "comment": "=1+1 is not a formula here",
    },
]
STARTED = datetime(2026, 11, 3, 9, 12, 33)


def _spec() -> dict[str, Any]:
    return yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))


def _questions() -> dict[str, dict[str, Any]]:
    spec = _spec()
    found = {q["id"]: q for q in spec["profile"]}
    for dimension in spec["dimensions"]:
        found.update({q["id"]: q for q in dimension["questions"]})
    return found


def _text(value: Any, locale: str) -> str:
    return value if isinstance(value, str) else value[locale]


def _label(qid: str, choice_id: str, locale: str) -> str:
    question = _questions()[qid]
    if question["type"] == "yesno":
        return {"en": {"yes": "Yes", "no": "No"}, "de": {"yes": "Ja", "no": "Nein"}}[locale][choice_id]
    return next(_text(c["label"], locale) for c in question["choices"] if c["id"] == choice_id)


def _anchor(point: int, locale: str) -> str:
    return _text(_questions()["workflow"]["anchors"][point], locale)


def _q(qid: str, locale: str = "en", part: str = "text") -> str:
    return _text(_questions()[qid][part], locale)


def _choices(qid: str) -> list[str]:
    return [c["id"] for c in _questions()[qid]["choices"]]


def _when(n: int) -> datetime:
    return STARTED + timedelta(minutes=7 * n, seconds=13 * n)


def surveymonkey_rows() -> list[list[Any]]:
    meta = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    first = [
        *meta,
        _q("role"),
        _q("owner"),
        _q("steering"),
        _q("tools"),
        "",
        "",
        "",
        _q("workflow"),
        "",
        _q("people"),
        _q("comment"),
    ]
    second = [""] * len(meta) + [
        "Response",
        "Response",
        "Response",
        *[_label("tools", c, "en") for c in _choices("tools")],
        "Current state",
        "Target state",
        "Response",
        "Open-Ended Response",
    ]
    rows: list[list[Any]] = [first, second]
    for n, a in enumerate(ANSWERS):
        start, end = _when(n), _when(n) + timedelta(minutes=6)
        rows.append(
            [
                114218500000 + n,
                405112233,
                start.strftime("%m/%d/%Y %I:%M:%S %p"),
                end.strftime("%m/%d/%Y %I:%M:%S %p"),
                "",
                "",
                "",
                "",
                "",
                _label("role", a["role"], "en"),
                _label("owner", a["owner"], "en"),
                _label("steering", a["steering"], "en"),
                *[_label("tools", c, "en") if c in a["tools"] else "" for c in _choices("tools")],
                _anchor(a["workflow"][0], "en"),
                _anchor(a["workflow"][1], "en"),
                a["people"],
                a["comment"],
            ]
        )
    return rows


def microsoft_forms_rows() -> list[list[Any]]:
    """A form built in German: rating questions for the current and the target state."""
    header = [
        "Id",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        _q("role", "de"),
        _q("owner", "de"),
        _q("steering", "de"),
        _q("tools", "de"),
        _q("workflow", "de"),
        _q("workflow", "de", "target_text"),
        _q("people", "de"),
        _q("comment", "de"),
    ]
    rows: list[list[Any]] = [header]
    for n, a in enumerate(ANSWERS):
        tools = "".join(_label("tools", c, "de") + ";" for c in _choices("tools") if c in a["tools"])
        rows.append(
            [
                n + 1,
                _when(n),
                _when(n) + timedelta(minutes=5),
                "anonymous",
                "",
                None,
                _label("role", a["role"], "de"),
                _label("owner", a["owner"], "de"),
                _label("steering", a["steering"], "de"),
                tools,
                a["workflow"][0],
                a["workflow"][1],
                a["people"],
                a["comment"],
            ]
        )
    return rows


def google_forms_rows() -> list[list[Any]]:
    header = [
        "Timestamp",
        "Email address",
        _q("role"),
        _q("owner"),
        _q("steering"),
        _q("tools"),
        f"{_q('workflow')} [Current state]",
        f"{_q('workflow')} [Target state]",
        _q("people"),
        _q("comment"),
    ]
    rows: list[list[Any]] = [header]
    for n, a in enumerate(ANSWERS):
        tools = ", ".join(_label("tools", c, "en") for c in _choices("tools") if c in a["tools"])
        rows.append(
            [
                _when(n),
                "",
                _label("role", a["role"], "en"),
                _label("owner", a["owner"], "en"),
                _label("steering", a["steering"], "en"),
                tools,
                _anchor(a["workflow"][0], "en"),
                _anchor(a["workflow"][1], "en"),
                str(a["people"]),
                a["comment"],
            ]
        )
    return rows


def limesurvey_rows() -> list[list[Any]]:
    """Full question texts and full answers."""
    header = [
        "Response ID",
        "Date submitted",
        "Last page",
        "Start language",
        "Seed",
        _q("role"),
        _q("owner"),
        _q("steering"),
        *[f"{_q('tools')} [{_label('tools', c, 'en')}]" for c in _choices("tools")],
        f"{_q('workflow')} [Current state]",
        f"{_q('workflow')} [Target state]",
        _q("people"),
        _q("comment"),
    ]
    rows: list[list[Any]] = [header]
    for n, a in enumerate(ANSWERS):
        rows.append(
            [
                str(n + 1),
                _when(n).strftime("%Y-%m-%d %H:%M:%S"),
                "3",
                "en",
                str(1043917 + n),
                _label("role", a["role"], "en"),
                _label("owner", a["owner"], "en"),
                _label("steering", a["steering"], "en"),
                *["Yes" if c in a["tools"] else "" for c in _choices("tools")],
                _anchor(a["workflow"][0], "en"),
                _anchor(a["workflow"][1], "en"),
                str(a["people"]),
                a["comment"],
            ]
        )
    return rows


CODES = {
    "role": "G01Q01",
    "owner": "G01Q02",
    "steering": "G02Q01",
    "tools": "G02Q02",
    "workflow": "G02Q03",
    "people": "G02Q04",
    "comment": "G02Q05",
}


def limesurvey_code_rows() -> list[list[Any]]:
    """Question codes and answer codes: AO01... for choices in their order, SQ001... for options and rows."""
    tools = _choices("tools")
    header = [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        CODES["role"],
        CODES["owner"],
        CODES["steering"],
        *[f"{CODES['tools']}[SQ{i:03d}]" for i in range(1, len(tools) + 1)],
        f"{CODES['workflow']}[SQ001]",
        f"{CODES['workflow']}[SQ002]",
        CODES["people"],
        CODES["comment"],
    ]
    rows: list[list[Any]] = [header]
    for n, a in enumerate(ANSWERS):
        rows.append(
            [
                str(n + 1),
                _when(n).strftime("%Y-%m-%d %H:%M:%S"),
                "3",
                "en",
                str(1043917 + n),
                f"AO{_choices('role').index(a['role']) + 1:02d}",
                f"AO{_choices('owner').index(a['owner']) + 1:02d}",
                "Y" if a["steering"] == "yes" else "N",
                *["Y" if c in a["tools"] else "" for c in tools],
                str(a["workflow"][0]),
                str(a["workflow"][1]),
                str(a["people"]),
                a["comment"],
            ]
        )
    return rows


# What a consultant matches by hand for the LimeSurvey codes: headers first, then rows and values.
CODE_COLUMNS = {
    CODES["role"]: "answer:role",
    CODES["owner"]: "answer:owner",
    CODES["steering"]: "answer:steering",
    CODES["tools"]: "answer:tools",
    CODES["workflow"]: "answer:workflow",
    CODES["people"]: "answer:people",
    CODES["comment"]: "answer:comment",
}
CODE_ROWS = {f"{CODES['workflow']} [SQ001]": "answer:workflow", f"{CODES['workflow']} [SQ002]": "target:workflow"}
CODE_VALUES = {
    **{("role", f"AO{i:02d}"): c for i, c in enumerate(["executive", "it", "hr", "business", "employee"], 1)},
    **{("owner", f"AO{i:02d}"): c for i, c in enumerate(["it", "business", "joint", "nobody"], 1)},
    **{("tools", f"SQ{i:03d}"): c for i, c in enumerate(["esn", "chat", "wiki", "none"], 1)},
}


def csv_bytes(
    rows: list[list[Any]],
    delimiter: str = ",",
    quote_all: bool = False,
    bom: bool = False,
    dates: str = "%m/%d/%Y %H:%M:%S",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    for row in rows:
        writer.writerow(["" if v is None else (v.strftime(dates) if isinstance(v, datetime) else v) for v in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list[Any]], sheet: str) -> bytes:
    book = Workbook()
    page = book.active
    page.title = sheet
    for row in rows:
        page.append(row)
    for cells in page.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # the tools write text as text; openpyxl would take it for a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FIXTURES = {
    "surveymonkey.csv": lambda: csv_bytes(surveymonkey_rows()),
    "surveymonkey.xlsx": lambda: xlsx_bytes(surveymonkey_rows(), "Sheet"),
    "microsoft-forms.xlsx": lambda: xlsx_bytes(microsoft_forms_rows(), "Sheet1"),
    "microsoft-forms.csv": lambda: csv_bytes(microsoft_forms_rows(), ";", bom=True, dates="%d.%m.%Y %H:%M:%S"),
    "google-forms.csv": lambda: csv_bytes(google_forms_rows()),
    "google-forms.xlsx": lambda: xlsx_bytes(google_forms_rows(), "Form Responses 1"),
    "limesurvey.csv": lambda: csv_bytes(limesurvey_rows(), quote_all=True),
    "limesurvey-codes.csv": lambda: csv_bytes(limesurvey_code_rows(), quote_all=True),
}


if __name__ == "__main__":
    for name, make in FIXTURES.items():
        (HERE / name).write_bytes(make())
        print("wrote", HERE / name)
