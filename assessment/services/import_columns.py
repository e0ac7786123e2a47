"""Matching the columns of another survey tool's export to a questionnaire's questions.

By id or by question text in any of the questionnaire's locales, or through the column mapping a
consultant saved for this questionnaire version; a question's target column and multiple-choice
option columns too. Columns that match nothing, that we recompute or that we never import are
set aside, with a few sample values for whoever matches them by hand. `import_parse` reads the rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from assessment.services.import_table import SourceColumn, normal
from scoring import Questionnaire
from scoring.answers import visible_controls

EXTRA_COLUMNS = {"team": "team", "label": "label"}
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
CURRENT = {"current", "current state", "today", "now", "ist", "ist-zustand", "heute", "aktuell"}
TARGET = {"target", "target state", "goal", "in a year", "soll", "soll-zustand", "ziel"}
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


def with_samples(
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
