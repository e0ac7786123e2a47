"""Reading another survey tool's export into answers to a questionnaire.

`import_table` turns the file into columns and rows, `import_columns` matches the columns to
questions (by id or by question text in any of the questionnaire's locales, or through the
column mapping a consultant saved for this questionnaire version), `import_values` reads cell
values as choices, points and numbers. Here each row becomes answers, and the engine checks
each value as the survey would. Problems carry a kind and parameters; the page or command
words them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessment.services.import_columns import Column, ColumnMapping, IgnoredColumn, match_columns, with_samples
from assessment.services.import_table import (
    MAX_BYTES,
    MAX_ROWS,
    FileRefused,
    normal,
    read_table,
    sniff_delimiter,
)
from assessment.services.import_values import NO, CellError, ValueReader, cell_text
from assessment.services.responses import missing_required
from scoring import Questionnaire
from scoring.answers import parse_value, visible_controls

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "FileRefused",
    "ParsedFile",
    "ParsedRow",
    "Problem",
    "normal",
    "parse_file",
    "sniff_delimiter",
]

ROLE = "role"  # the profile question whose answer is the respondent's role (scoring.group's ROLE_QUESTION)
NOT_SELECTED = NO | {"", "not selected", "nicht ausgewählt"}
EXTRA_LIMITS = {"team": 80, "label": 200}
# an unstated role ("other" in our own export, where small roles were folded) counts in "Other"
WITHHELD_ROLE = {"", "other", "sonstige", "andere"}


@dataclass(frozen=True)
class Problem:
    row: int | None  # as a spreadsheet numbers it (the header is row 1); None for the whole file
    column: str
    value: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    question_id: str | None = field(default=None, compare=False)


@dataclass
class ParsedRow:
    row: int
    answers: dict[str, Any]
    team: str | None = None
    label: str | None = None


@dataclass
class ParsedFile:
    columns: list[Column]
    ignored: list[IgnoredColumn]
    rows: list[ParsedRow]
    problems: list[Problem]
    locale: str | None
    row_count: int
    header_rows: int = 1
    withheld_roles: int = 0  # rows without a role, or with "other": they count in the "Other" group


@dataclass
class _Plan:
    """How to read one row: each question's columns, the team and label columns, the value reader."""

    q: Questionnaire
    answer: dict[str, Column]
    target: dict[str, Column]
    options: dict[str, list[Column]]
    extras: dict[str, Column]
    values: ValueReader

    @classmethod
    def of(cls, q: Questionnaire, columns: list[Column], values: ValueReader) -> _Plan:
        answer = {c.question_id: c for c in columns if c.part == "answer" and c.question_id}
        target = {c.question_id: c for c in columns if c.part == "target" and c.question_id}
        options: dict[str, list[Column]] = {}
        for c in columns:
            if c.part == "option" and c.question_id and c.question_id not in answer:
                options.setdefault(c.question_id, []).append(c)
        extras = {c.part: c for c in columns if c.question_id is None}
        return cls(q, answer, target, options, extras, values)

    def option_problems(self) -> list[Problem]:
        """Option columns whose label is no choice of their question: once for the file, not per row."""
        problems = []
        for qid, columns in self.options.items():
            question = self.q.questions[qid]
            for column in columns:
                label = column.option or ""
                if self.values.left_out(qid, label):
                    continue
                try:
                    self.values.choice(question, label)
                except CellError as exc:
                    problems.append(Problem(None, column.name, label, exc.kind, exc.params, qid))
        return problems


def _cell(cells: list[str], column: Column | None) -> str:
    if column is None or column.index >= len(cells):
        return ""
    return cell_text(cells[column.index])


def _selected(plan: _Plan, qid: str, cells: list[str]) -> list[str] | None:
    """The choices ticked in a question's option columns (None when none of its columns has a value)."""
    chosen, any_value = [], False
    for column in plan.options[qid]:
        text = _cell(cells, column)
        any_value = any_value or bool(text)
        if normal(text) in NOT_SELECTED or plan.values.left_out(qid, column.option or ""):
            continue
        try:
            chosen.append(plan.values.choice(plan.q.questions[qid], column.option or ""))
        except CellError:
            continue  # reported once for the file by option_problems
    return chosen if any_value else None


def _option_answer(plan: _Plan, number: int, qid: str, cells: list[str]) -> tuple[Any, Problem | None]:
    """A multiple-choice answer from its option columns: (None, None) when none of them has a value."""
    chosen = _selected(plan, qid, cells)
    if chosen is None:
        return None, None
    try:
        return parse_value(plan.q.questions[qid], chosen), None
    except ValueError as exc:
        return None, Problem(number, plan.options[qid][0].name, "", "invalid", {"detail": str(exc)}, qid)


def _cell_answer(plan: _Plan, number: int, qid: str, cells: list[str]) -> tuple[Any, Problem | None]:
    """A question's answer from its answer (and target) column: (None, None) when it has none."""
    column = plan.answer.get(qid) or plan.target.get(qid)
    if column is None:
        return None, None
    text, target = _cell(cells, plan.answer.get(qid)), _cell(cells, plan.target.get(qid))
    if (qid == ROLE and normal(text) in WITHHELD_ROLE) or plan.values.left_out(qid, text):
        text = ""
    if not text and not target:
        return None, None
    try:
        return plan.values.read(plan.q.questions[qid], text, target), None
    except CellError as exc:
        return None, Problem(number, column.name, text or target, exc.kind, exc.params, qid)


def read_row(plan: _Plan, number: int, cells: list[str]) -> tuple[ParsedRow, list[Problem]]:
    """One row's answers (only those the survey would show) and its problems."""
    answers: dict[str, Any] = {}
    problems: list[Problem] = []
    for qid in plan.q.questions:
        read = _option_answer if qid in plan.options else _cell_answer
        value, problem = read(plan, number, qid, cells)
        if problem is not None:
            problems.append(problem)
        elif value is not None:
            answers[qid] = value
    row = ParsedRow(number, plan.q.visible(answers))
    for part, column in plan.extras.items():
        value = visible_controls(_cell(cells, column))
        if len(value) > EXTRA_LIMITS[part]:
            problems.append(Problem(number, column.name, value, "too_long", {"limit": EXTRA_LIMITS[part]}))
        setattr(row, part, value or None)
    return row, problems


def parse_file(
    q: Questionnaire,
    data: bytes,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    mapping: ColumnMapping | None = None,
) -> ParsedFile:
    """Everything a dry run shows; FileRefused when the file as a whole cannot be read."""
    mapping = mapping or ColumnMapping()
    table = read_table(data, max_bytes, max_rows)
    columns, ignored, locale = match_columns(q, table.columns, mapping)
    ignored = with_samples(ignored, table.columns, table.records)
    if not any(c.question_id for c in columns):
        raise FileRefused("no_columns", ignored=ignored)  # the import page offers to match them by hand
    plan = _Plan.of(q, columns, ValueReader(q, locale, mapping))
    rows: list[ParsedRow] = []
    problems: list[Problem] = plan.option_problems()
    no_column: dict[str, int] = {}
    withheld = 0
    for number, cells in table.records:
        row, found = read_row(plan, number, cells)
        bad = {p.column for p in found}
        if ROLE in q.questions and ROLE in plan.answer and ROLE not in row.answers:
            withheld += 1
        for missing in missing_required(q, row.answers):
            qid = missing.question_id
            column = plan.answer.get(qid) or next(iter(plan.options.get(qid, [])), None)
            if qid == ROLE and ROLE in plan.answer:
                continue  # an unstated role counts in "Other"
            if column is None:
                no_column[qid] = no_column.get(qid, 0) + 1
            elif column.name not in bad:
                found.append(Problem(number, column.name, "", "required", question_id=qid))
        problems.extend(found)
        if not found:
            rows.append(row)
    for qid, count in no_column.items():
        problems.append(Problem(None, qid, "", "required_column", {"question": qid, "rows": count}, qid))
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return ParsedFile(columns, ignored, rows, problems, locale, len(table.records), table.header_rows, withheld)
