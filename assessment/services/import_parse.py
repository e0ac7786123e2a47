"""Reading a CSV export from another survey tool into answers to a questionnaire.

Decoding, delimiter, headers matched to questions (by id or by question text in any of the
questionnaire's locales), cell values matched to choices; the engine then checks each value
as the survey would. Problems carry a kind and parameters; the page or command words them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from assessment.services.responses import missing_required
from scoring import Questionnaire
from scoring.answers import parse_value, visible_controls
from scoring.model import Question

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
DELIMITERS = (",", ";", "\t")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what our own export prefixes with an apostrophe
YES = {"yes", "y", "ja", "j", "true", "wahr", "1", "x"}
NO = {"no", "n", "nein", "false", "falsch", "0"}
EXTRA_COLUMNS = {"team": "team", "label": "label"}
EXTRA_LIMITS = {"team": 80, "label": 200}
RECOMPUTED = {"readiness_index", "maturity_level", "risk_band"}
NOT_IMPORTED = {"respondent", "response", "submitted", "submitted_at", "id"}
THOUSANDS = re.compile(r"^-?\d{1,3}([.,])\d{3}(\1\d{3})*$")
SCALE = re.compile(r"^(\d+)(?:[.,]0+)?\s*(?:(?:->|→|=>|>|/)\s*(\d+)(?:[.,]0+)?)?$")


class FileRefused(ValueError):
    """The file as a whole cannot be imported (size, encoding, shape)."""

    def __init__(self, kind: str, **params: Any):
        super().__init__(kind)
        self.kind = kind
        self.params = params


@dataclass(frozen=True)
class Column:
    index: int
    name: str
    part: str  # "answer" or "target" of a question, or "team" / "label"
    question_id: str | None = None


@dataclass(frozen=True)
class IgnoredColumn:
    name: str
    reason: str  # "unmatched", "recomputed", "not_imported" or "duplicate"


@dataclass(frozen=True)
class Problem:
    row: int | None  # as a spreadsheet numbers it (the header is row 1); None for the whole file
    column: str
    value: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


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


class CellError(ValueError):
    def __init__(self, kind: str, **params: Any):
        super().__init__(kind)
        self.kind = kind
        self.params = params


def normal(text: str) -> str:
    """Case- and whitespace-insensitive form of a header or a value."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def texts_of(value: Any) -> list[str]:
    """Every locale's text of a localisable value."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value.values()]


def decode_csv(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise FileRefused("too_large", size=len(data), limit=max_bytes)
    encodings: tuple[str, ...]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)  # Excel's "Unicode text"
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding).replace("\x00", "\u2400")
        except UnicodeDecodeError:
            continue
    raise FileRefused("encoding")


def sniff_delimiter(text: str) -> str:
    """The delimiter used most in the header line, outside quotes; a comma when in doubt."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_records(text: str, max_rows: int = MAX_ROWS) -> list[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for the header and every non-empty row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    records = []
    try:
        for number, cells in enumerate(reader, 1):
            if any(cell.strip() for cell in cells):
                records.append((number, cells))
            if len(records) > max_rows + 1:
                raise FileRefused("too_many_rows", limit=max_rows)
    except csv.Error as exc:
        raise FileRefused("malformed", line=reader.line_num, detail=str(exc)) from None
    if not records:
        raise FileRefused("empty")
    if len(records) == 1:
        raise FileRefused("no_rows")
    return records


def _header_keys(q: Questionnaire) -> dict[str, tuple[str, str, str | None]]:
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


def _localised(value: Any, q: Questionnaire) -> list[tuple[str | None, str]]:
    if value is None:
        return []
    if isinstance(value, str):
        return [(None, value)]
    return [(locale, text) for locale, text in value.items() if locale in q.locales]


def match_headers(q: Questionnaire, header: list[str]) -> tuple[list[Column], list[IgnoredColumn], str | None]:
    """Columns matched to questions (or team and label), the columns left out, and the header's language."""
    keys = _header_keys(q)
    columns: list[Column] = []
    ignored: list[IgnoredColumn] = []
    seen: set[tuple[str, str | None]] = set()
    votes: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = visible_controls(raw.strip()) or f"#{index + 1}"
        key = normal(raw)
        part, qid, locale = keys.get(key) or (EXTRA_COLUMNS.get(key), None, None)
        if part is None:
            ignored.append(IgnoredColumn(name, _ignored_reason(key)))
        elif (part, qid) in seen:
            ignored.append(IgnoredColumn(name, "duplicate"))
        else:
            seen.add((part, qid))
            columns.append(Column(index, name, part, qid))
            if locale:
                votes[locale] = votes.get(locale, 0) + 1
    if not any(c.question_id for c in columns):
        raise FileRefused("no_columns")
    return columns, ignored, max(votes, key=lambda k: votes[k]) if votes else None


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


def choice_lookup(q: Questionnaire, question: Question) -> dict[str, str]:
    """Normalised choice id or label (any locale) -> choice id; yes/no also in English and German words."""
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
    return lookup


def _choice(lookup: dict[str, str], question: Question, text: str) -> str:
    found = lookup.get(normal(text))
    if found is None:
        raise CellError("not_a_choice", choices=", ".join(c.id for c in question.choices))
    return found


def _choices(lookup: dict[str, str], question: Question, text: str) -> list[str]:
    """Multiple choices split on ";", else on "," (a label that itself holds commas still matches whole).

    A run of parts is never longer than the label with the most commas, so a cell of
    thousands of commas costs linear time, not cubic.
    """
    if ";" in text:
        return [_choice(lookup, question, part) for part in text.split(";") if part.strip()]
    longest = 1 + max((key.count(",") for key in lookup), default=0)
    parts, chosen, start = text.split(","), [], 0
    while start < len(parts):
        for end in range(min(len(parts), start + longest), start, -1):  # the longest run that names a choice
            found = lookup.get(normal(",".join(parts[start:end])))
            if found is not None:
                chosen.append(found)
                start = end
                break
        else:
            if parts[start].strip():
                raise CellError("not_a_choice", choices=", ".join(c.id for c in question.choices))
            start += 1
    return chosen


def _scale(q: Questionnaire, question: Question, text: str, target: str) -> dict[str, Any]:
    current, joined_target = _scale_point(q, question, text) if text else (None, None)
    value: dict[str, Any] = {} if current is None else {"current": current}
    if target:
        value["target"] = _scale_point(q, question, target)[0]
    elif joined_target is not None:
        value["target"] = joined_target
    return value


def _scale_point(q: Questionnaire, question: Question, text: str) -> tuple[Any, Any]:
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


def read_value(q: Questionnaire, question: Question, lookup: dict[str, str], text: str, target: str = "") -> Any:
    """One cell (two for a scale with its target in its own column) as a normalised answer."""
    kind = question.type
    if kind in ("single", "yesno"):
        raw: Any = _choice(lookup, question, text)
    elif kind == "multiple":
        raw = _choices(lookup, question, text)
    elif kind == "scale":
        raw = _scale(q, question, text, target)
    else:
        raw = _number(question, text) if kind == "number" else text
    try:
        return parse_value(question, raw)
    except ValueError as exc:
        raise CellError("invalid", detail=str(exc)) from None


@dataclass
class _Plan:
    """How to read one row: each question's columns, the team and label columns, the choice lookups."""

    q: Questionnaire
    answer: dict[str, Column]
    target: dict[str, Column]
    extras: dict[str, Column]
    lookups: dict[str, dict[str, str]]

    @classmethod
    def of(cls, q: Questionnaire, columns: list[Column]) -> _Plan:
        answer = {c.question_id: c for c in columns if c.part == "answer" and c.question_id}
        target = {c.question_id: c for c in columns if c.part == "target" and c.question_id}
        extras = {c.part: c for c in columns if c.question_id is None}
        lookups = {qid: choice_lookup(q, q.questions[qid]) for qid in {*answer, *target}}
        return cls(q, answer, target, extras, lookups)


def _cell(cells: list[str], column: Column | None) -> str:
    if column is None or column.index >= len(cells):
        return ""
    return cell_text(cells[column.index])


def read_row(plan: _Plan, number: int, cells: list[str]) -> tuple[ParsedRow, list[Problem]]:
    """One row's answers (only those the survey would show) and its problems."""
    q = plan.q
    answers: dict[str, Any] = {}
    problems: list[Problem] = []
    for qid in q.questions:
        column = plan.answer.get(qid) or plan.target.get(qid)
        if column is None:
            continue
        text, target = _cell(cells, plan.answer.get(qid)), _cell(cells, plan.target.get(qid))
        if not text and not target:
            continue
        try:
            answers[qid] = read_value(q, q.questions[qid], plan.lookups[qid], text, target)
        except CellError as exc:
            problems.append(Problem(number, column.name, text or target, exc.kind, exc.params))
    row = ParsedRow(number, q.visible(answers))
    for part, column in plan.extras.items():
        value = visible_controls(_cell(cells, column))
        if len(value) > EXTRA_LIMITS[part]:
            problems.append(Problem(number, column.name, value, "too_long", {"limit": EXTRA_LIMITS[part]}))
        setattr(row, part, value or None)
    return row, problems


def parse_file(q: Questionnaire, data: bytes, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> ParsedFile:
    """Everything a dry run shows; FileRefused when the file as a whole cannot be read."""
    records = read_records(decode_csv(data, max_bytes), max_rows)
    columns, ignored, locale = match_headers(q, records[0][1])
    plan = _Plan.of(q, columns)
    rows: list[ParsedRow] = []
    problems: list[Problem] = []
    no_column: dict[str, int] = {}
    for number, cells in records[1:]:
        row, found = read_row(plan, number, cells)
        bad = {p.column for p in found}
        for missing in missing_required(q, row.answers):
            column = plan.answer.get(missing.question_id)
            if column is None:
                no_column[missing.question_id] = no_column.get(missing.question_id, 0) + 1
            elif column.name not in bad:
                found.append(Problem(number, column.name, "", "required"))
        problems.extend(found)
        if not found:
            rows.append(row)
    for qid, count in no_column.items():
        problems.append(Problem(None, qid, "", "required_column", {"question": qid, "rows": count}))
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return ParsedFile(columns, ignored, rows, problems, locale, len(records) - 1)
