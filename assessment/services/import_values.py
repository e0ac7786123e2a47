"""Reading one cell of another survey tool's export as an answer to a question: choices by id or label
(yes/no in English and German words too), scale points with an optional target, numbers with
thousands separators in either convention, and a saved mapping's values. A cell that cannot be
read raises CellError with a kind and parameters; the page or command words them.
"""

from __future__ import annotations

import re
from typing import Any

from assessment.services.import_columns import LEAVE_OUT, ColumnMapping, texts_of
from assessment.services.import_table import normal
from scoring import Questionnaire
from scoring.answers import parse_value
from scoring.model import Question

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what our own export prefixes with an apostrophe
YES = {"yes", "y", "ja", "j", "true", "wahr", "1", "x"}
NO = {"no", "n", "nein", "false", "falsch", "0"}
THOUSANDS = re.compile(r"^-?\d{1,3}([.,])\d{3}(\1\d{3})*$")
SCALE = re.compile(r"^(\d+)(?:[.,]0+)?\s*(?:(?:->|→|=>|>|/)\s*(\d+)(?:[.,]0+)?)?$")


class CellError(ValueError):
    def __init__(self, kind: str, **params: Any):
        super().__init__(kind)
        self.kind = kind
        self.params = params


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


class ValueReader:
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
    values = ValueReader(q, None, ColumnMapping())
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
