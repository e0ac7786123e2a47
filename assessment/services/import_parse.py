"""Reading another survey tool's export into answers to a questionnaire.

`import_table` turns the file into columns and rows. Here the columns are matched to
questions (by id or by question text in any of the questionnaire's locales, or through the
column mapping a consultant saved for this questionnaire version), cell values to choices,
and the engine checks each value as the survey would. Problems carry a kind and parameters;
the page or command words them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from assessment.services.import_table import (
    MAX_BYTES,
    MAX_ROWS,
    FileRefused,
    SourceColumn,
    normal,
    read_table,
    sniff_delimiter,
)
from assessment.services.responses import missing_required
from scoring import Questionnaire
from scoring.answers import parse_value, visible_controls
from scoring.model import Question

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "Column",
    "ColumnMapping",
    "FileRefused",
    "IgnoredColumn",
    "ParsedFile",
    "ParsedRow",
    "Problem",
    "normal",
    "parse_file",
    "sniff_delimiter",
]

ROLE = "role"  # the profile question whose answer is the respondent's role (scoring.group's ROLE_QUESTION)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what our own export prefixes with an apostrophe
YES = {"yes", "y", "ja", "j", "true", "wahr", "1", "x"}
NO = {"no", "n", "nein", "false", "falsch", "0"}
NOT_SELECTED = NO | {"", "not selected", "nicht ausgewählt"}
EXTRA_COLUMNS = {"team": "team", "label": "label"}
EXTRA_LIMITS = {"team": 80, "label": 200}
RECOMPUTED = {"readiness_index", "maturity_level", "risk_band"}
# what survey tools add about the respondent or the session: never imported (some of it is personal data)
NOT_IMPORTED = {
    *("respondent", "response", "submitted", "submitted_at", "id"),
    *("respondent id", "collector id", "start date", "end date", "ip address", "email address", "first name"),
    *("last name", "custom data 1", "timestamp", "zeitstempel", "email", "e-mail-adresse", "name"),
    *("completion time", "last modified time", "response id", "date submitted", "last page", "start language"),
    *("seed", "date started", "date last action", "submitdate", "lastpage", "startlanguage", "startdate"),
    *("datestamp", "ipaddr", "refurl", "token"),
}
# an unstated role ("other" in our own export, where small roles were folded) counts in "Other"
WITHHELD_ROLE = {"", "other", "sonstige", "andere"}
CURRENT = {"current", "current state", "today", "now", "ist", "ist-zustand", "heute", "aktuell"}
TARGET = {"target", "target state", "goal", "in a year", "soll", "soll-zustand", "ziel"}
THOUSANDS = re.compile(r"^-?\d{1,3}([.,])\d{3}(\1\d{3})*$")
SCALE = re.compile(r"^(\d+)(?:[.,]0+)?\s*(?:(?:->|→|=>|>|/)\s*(\d+)(?:[.,]0+)?)?$")
LEAVE_OUT = ""  # a mapping's target that leaves the column or value out


@dataclass(frozen=True)
class ColumnMapping:
    """What a consultant told us about a tool's headers and values, for one questionnaire version.

    `columns`: normalised header -> "answer:<question>", "target:<question>", "team", "label" or
    "" (leave out). `values`: (question id, normalised value or option label) -> choice id or ""
    (leave out).
    """

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[tuple[str, str], str] = field(default_factory=dict)

    def digest(self) -> str:
        """Changes whenever the mapping does: a confirmation names the mapping its dry run used."""
        body = json.dumps([sorted(self.columns.items()), sorted(self.values.items())], ensure_ascii=False)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Column:
    index: int
    name: str
    part: str  # "answer", "target" or "option" of a question, or "team" / "label"
    question_id: str | None = None
    option: str | None = None  # an option column's label: a choice of a multiple-choice question


@dataclass(frozen=True)
class IgnoredColumn:
    name: str
    reason: str  # "unmatched", "recomputed", "not_imported", "duplicate" or "left_out"
    header: str = ""  # what a mapping names: the question-level header of the column
    samples: tuple[str, ...] = ()  # a few of its values, to help whoever matches it by hand


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


class CellError(ValueError):
    def __init__(self, kind: str, **params: Any):
        super().__init__(kind)
        self.kind = kind
        self.params = params


def texts_of(value: Any) -> list[str]:
    """Every locale's text of a localisable value."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value.values()]


def _localised(value: Any, q: Questionnaire) -> list[tuple[str | None, str]]:
    if value is None:
        return []
    if isinstance(value, str):
        return [(None, value)]
    return [(locale, text) for locale, text in value.items() if locale in q.locales]


def header_keys(q: Questionnaire) -> dict[str, tuple[str, str, str | None]]:
    """Normalised header -> (part, question id, locale of the text or None for an id)."""
    keys: dict[str, tuple[str, str, str | None]] = {}
    for qid, question in q.questions.items():
        keys.setdefault(normal(qid), ("answer", qid, None))
        for locale, text in _localised(question.spec.text, q):
            keys.setdefault(normal(text), ("answer", qid, locale))
        if question.type == "scale" and question.spec.target:
            for name in (f"{qid}__target", f"{qid} target", f"{qid} (target)"):
                keys.setdefault(normal(name), ("target", qid, None))
            for locale, text in _localised(question.spec.target_text, q):
                keys.setdefault(normal(text), ("target", qid, locale))
    return keys


class _Matcher:
    """Finds each column's question: by id or text, through the saved mapping, or by its sub-label."""

    def __init__(self, q: Questionnaire, mapping: ColumnMapping):
        self.q = q
        self.keys = header_keys(q)
        self.mapping = mapping
        self.votes: dict[str, int] = {}

    def header(self, text: str) -> tuple[str, str | None] | None:
        """(part, question id) that a header names, or ("", None) when the mapping leaves it out.

        The questionnaire's own ids and texts come first: a saved mapping only names headers
        that match nothing else, so one consultant's mapping cannot change how another's
        files with the questionnaire's own headers are read.
        """
        key = normal(text)
        found = self.keys.get(key)
        if found is not None:
            part, qid, locale = found
            if locale:
                self.votes[locale] = self.votes.get(locale, 0) + 1
            return part, qid
        extra = EXTRA_COLUMNS.get(key)
        if extra:
            return extra, None
        target = self.mapping.columns.get(key)
        if target is None:
            return None
        if target in EXTRA_COLUMNS or target == LEAVE_OUT:
            return target, None
        part, _sep, qid = target.partition(":")
        return (part, qid) if qid in self.q.questions and part in ("answer", "target") else None

    def column(self, source: SourceColumn) -> Column | IgnoredColumn:
        name = visible_controls(source.name) or f"#{source.index + 1}"
        whole = self.header(source.name)
        if whole is not None:
            return self._named(source, name, whole, source.name)
        if source.sub is None:
            return IgnoredColumn(name, _ignored_reason(normal(source.name)), source.name)
        by_row = self.header(source.sub)  # a grid whose rows are the questions
        if by_row is not None and by_row[1] is not None:
            return Column(source.index, name, by_row[0], by_row[1])
        parent = self.header(source.header)
        if parent is None:  # match the question-level header first, then its options or rows
            return IgnoredColumn(name, _ignored_reason(normal(source.header)), source.header)
        if parent[1] is None:
            return self._named(source, name, parent, source.header)
        found = self._with_sub(source, name, parent[1])
        return found if found is not None else IgnoredColumn(name, "unmatched", source.name)

    def _named(
        self, source: SourceColumn, name: str, found: tuple[str, str | None], header: str
    ) -> Column | IgnoredColumn:
        part, qid = found
        if part == LEAVE_OUT:
            return IgnoredColumn(name, "left_out", header)
        return Column(source.index, name, part, qid)

    def _with_sub(self, source: SourceColumn, name: str, qid: str) -> Column | None:
        question = self.q.questions[qid]
        sub = normal(source.sub or "")
        if question.type == "multiple":
            return Column(source.index, name, "option", qid, source.sub)
        if question.type == "scale" and question.spec.target and sub in CURRENT | TARGET:
            return Column(source.index, name, "answer" if sub in CURRENT else "target", qid)
        return None

    @property
    def locale(self) -> str | None:
        return max(self.votes, key=lambda k: self.votes[k]) if self.votes else None


SAMPLES = 3  # values of an unmatched column shown beside it


def _with_samples(
    ignored: list[IgnoredColumn], sources: list[SourceColumn], records: list[tuple[int, list[str]]]
) -> list[IgnoredColumn]:
    """The unmatched columns with their first few different values (the option itself for an option column)."""
    index = {visible_controls(s.name) or f"#{s.index + 1}": s.index for s in sources}
    out = []
    for column in ignored:
        if column.reason not in ("unmatched", "left_out") or column.name not in index:
            out.append(column)
            continue
        found: list[str] = []
        for _number, cells in records:
            value = cells[index[column.name]].strip() if index[column.name] < len(cells) else ""
            if value and value not in found:
                found.append(visible_controls(value)[:60])
            if len(found) == SAMPLES:
                break
        out.append(replace(column, samples=tuple(found)))
    return out


def match_columns(
    q: Questionnaire, sources: list[SourceColumn], mapping: ColumnMapping | None = None
) -> tuple[list[Column], list[IgnoredColumn], str | None]:
    """Columns matched to questions (or team and label), the columns left out, and the header's language."""
    matcher = _Matcher(q, mapping or ColumnMapping())
    columns: list[Column] = []
    ignored: list[IgnoredColumn] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for source in sources:
        found = matcher.column(source)
        if isinstance(found, IgnoredColumn):
            ignored.append(found)
        elif (found.part, found.question_id, found.option) in seen:
            ignored.append(IgnoredColumn(found.name, "duplicate", source.header))
        else:
            seen.add((found.part, found.question_id, found.option))
            columns.append(found)
    return columns, ignored, matcher.locale


def match_headers(
    q: Questionnaire, header: list[str], mapping: ColumnMapping | None = None
) -> tuple[list[Column], list[IgnoredColumn], str | None]:
    """The columns of a one-row header (kept for callers that have only the header's cells)."""
    return match_columns(q, [SourceColumn(i, text.strip()) for i, text in enumerate(header)], mapping)


def _ignored_reason(key: str) -> str:
    if key in RECOMPUTED or key.startswith("score_"):
        return "recomputed"
    return "not_imported" if key in NOT_IMPORTED else "unmatched"


def cell_text(raw: str) -> str:
    """A cell without surrounding spaces and without the apostrophe our export puts before formulas."""
    text = raw.strip()
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def choice_lookup(q: Questionnaire, question: Question, mapped: dict[str, str] | None = None) -> dict[str, str]:
    """Normalised choice id or label (any locale) -> choice id; yes/no also in English and German words;
    then the saved mapping's values for what matches nothing else ("" where it leaves a value out)."""
    lookup: dict[str, str] = {}
    for choice in question.choices:
        lookup.setdefault(normal(choice.id), choice.id)
        for text in texts_of(choice.label):
            lookup.setdefault(normal(text), choice.id)
    if question.type == "yesno":
        for word in YES:
            lookup.setdefault(word, "yes")
        for word in NO:
            lookup.setdefault(word, "no")
    for value, choice_id in (mapped or {}).items():
        if choice_id == LEAVE_OUT or question.choice(choice_id) is not None:
            lookup.setdefault(value, choice_id)
    return lookup


def choice_labels(q: Questionnaire, question: Question, locale: str | None) -> str:
    """The choices as a person reads them in a hint: their labels, quoted."""
    return ", ".join(f"“{q.text(c.label, locale or q.spec.default_locale)}”" for c in question.choices)


class _Values:
    """Reads cells as answers to one questionnaire, in the file's language for its hints."""

    def __init__(self, q: Questionnaire, locale: str | None, mapping: ColumnMapping):
        self.q = q
        self.locale = locale
        self.lookups: dict[str, dict[str, str]] = {}
        self.mapped: dict[str, dict[str, str]] = {}
        for (qid, value), choice in mapping.values.items():
            self.mapped.setdefault(qid, {})[value] = choice

    def lookup(self, qid: str) -> dict[str, str]:
        if qid not in self.lookups:
            self.lookups[qid] = choice_lookup(self.q, self.q.questions[qid], self.mapped.get(qid))
        return self.lookups[qid]

    def left_out(self, qid: str, text: str) -> bool:
        """The mapping says this value means no answer."""
        return self.lookup(qid).get(normal(text)) == LEAVE_OUT

    def choice(self, question: Question, text: str) -> str:
        found = self.lookup(question.id).get(normal(text))
        if not found:
            raise CellError("not_a_choice", choices=choice_labels(self.q, question, self.locale))
        return found

    def choices(self, question: Question, text: str) -> list[str]:
        """Multiple choices split on ";", else on "," (a label that itself holds commas still matches whole).

        A run of parts is never longer than the label with the most commas, so a cell of
        thousands of commas costs linear time, not cubic.
        """
        if ";" in text:
            return [c for part in text.split(";") if part.strip() and (c := self._part(question, part))]
        lookup = self.lookup(question.id)
        longest = 1 + max((key.count(",") for key in lookup), default=0)
        parts, chosen, start = text.split(","), [], 0
        while start < len(parts):
            for end in range(min(len(parts), start + longest), start, -1):  # the longest run that names a choice
                key = normal(",".join(parts[start:end]))
                if key in lookup:
                    if lookup[key]:
                        chosen.append(lookup[key])
                    start = end
                    break
            else:
                if parts[start].strip():
                    raise CellError("not_a_choice", choices=choice_labels(self.q, question, self.locale))
                start += 1
        return chosen

    def _part(self, question: Question, text: str) -> str:
        return "" if self.left_out(question.id, text) else self.choice(question, text)

    def read(self, question: Question, text: str, target: str = "") -> Any:
        """One cell (two for a scale with its target in its own column) as a normalised answer."""
        kind = question.type
        if kind in ("single", "yesno"):
            raw: Any = self.choice(question, text)
        elif kind == "multiple":
            raw = self.choices(question, text)
        elif kind == "scale":
            raw = _scale(question, text, target)
        else:
            raw = _number(question, text) if kind == "number" else text
        try:
            return parse_value(question, raw)
        except ValueError as exc:
            raise CellError("invalid", detail=str(exc)) from None


def read_value(q: Questionnaire, question: Question, lookup: dict[str, str], text: str, target: str = "") -> Any:
    """One cell as a normalised answer (kept for callers outside a file)."""
    values = _Values(q, None, ColumnMapping())
    values.lookups[question.id] = lookup
    return values.read(question, text, target)


def _scale(question: Question, text: str, target: str) -> dict[str, Any]:
    current, joined_target = _scale_point(question, text) if text else (None, None)
    value: dict[str, Any] = {} if current is None else {"current": current}
    if target:
        value["target"] = _scale_point(question, target)[0]
    elif joined_target is not None:
        value["target"] = joined_target
    return value


def _scale_point(question: Question, text: str) -> tuple[Any, Any]:
    match = SCALE.match(text.replace(" ", "")) or SCALE.match(text.split(" ", 1)[0])
    if match:
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None
    for point, anchor in (question.spec.anchors or {}).items():
        if any(normal(text) == normal(t) for t in texts_of(anchor)):
            return int(point), None
    return text, None  # the engine words the error


def _number(question: Question, text: str) -> str:
    """A number as the engine reads it: "1.200" or "1,200" is 1200 for whole numbers, "2,5" is 2.5."""
    text = text.replace(" ", "").replace("\u00a0", "").replace("'", "")
    if question.spec.integer and THOUSANDS.match(text):
        return re.sub(r"[.,]", "", text)
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    return text.replace(",", ".")


@dataclass
class _Plan:
    """How to read one row: each question's columns, the team and label columns, the value reader."""

    q: Questionnaire
    answer: dict[str, Column]
    target: dict[str, Column]
    options: dict[str, list[Column]]
    extras: dict[str, Column]
    values: _Values

    @classmethod
    def of(cls, q: Questionnaire, columns: list[Column], values: _Values) -> _Plan:
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
    ignored = _with_samples(ignored, table.columns, table.records)
    if not any(c.question_id for c in columns):
        raise FileRefused("no_columns", ignored=ignored)  # the import page offers to match them by hand
    plan = _Plan.of(q, columns, _Values(q, locale, mapping))
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
