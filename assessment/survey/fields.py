"""One small class per question type: its WTForms fields, how to read an answer back, how to fill it.

Adding a question type is adding a class here and naming it in `FIELD_TYPES`.
"""

from __future__ import annotations

from typing import Any

# SelectChoice is new in WTForms 3.3 and not yet in types-WTForms
from wtforms import Field, RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField  # type: ignore[attr-defined]
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from assessment.web_support import lazy_text as _l
from scoring import Questionnaire
from scoring.answers import TEXT_LIMIT
from scoring.model import Question


def target_name(qid: str) -> str:
    return f"{qid}__target"


class ChoiceFields:
    """Single choice and yes/no: one radio group."""

    def fields(self, q: Questionnaire, question: Question, locale: str) -> dict[str, Any]:
        choices = [SelectChoice(c.id, q.text(c.label, locale)) for c in question.choices]
        return {question.id: RadioField(q.text(question.spec.text, locale), choices=choices, validators=[Optional()])}

    def read(self, form: Any, question: Question) -> Any:
        return form[question.id].data or None

    def fill(self, question: Question, value: Any) -> dict[str, Any]:
        return {question.id: value}


class MultipleFields:
    """Multiple choice: a list of checkboxes."""

    def fields(self, q: Questionnaire, question: Question, locale: str) -> dict[str, Any]:
        field = SelectMultipleField(
            q.text(question.spec.text, locale),
            choices=[SelectChoice(c.id, q.text(c.label, locale)) for c in question.choices],
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
            validators=[Optional()],
        )
        return {question.id: field}

    def read(self, form: Any, question: Question) -> Any:
        return list(form[question.id].data or []) or None

    def fill(self, question: Question, value: Any) -> dict[str, Any]:
        return {question.id: list(value)}


class ScaleFields:
    """A 1-5 scale with labelled anchors; a second scale for the target state when asked."""

    def fields(self, q: Questionnaire, question: Question, locale: str) -> dict[str, Any]:
        anchors = question.spec.anchors or {}
        points = [SelectChoice(str(p), f"{p} – {q.text(anchors.get(str(p)), locale)}") for p in range(1, 6)]
        made = {question.id: RadioField(q.text(question.spec.text, locale), choices=points, validators=[Optional()])}
        if question.spec.target:
            label = q.text(question.spec.target_text, locale) or _l("Where should this be?")
            made[target_name(question.id)] = RadioField(label, choices=points, validators=[Optional()])
        return made

    def read(self, form: Any, question: Question) -> Any:
        current = form[question.id].data
        if not current:
            return None
        if not question.spec.target:
            return current
        target = form[target_name(question.id)].data
        return {"current": current, "target": target} if target else {"current": current}

    def fill(self, question: Question, value: Any) -> dict[str, Any]:
        if isinstance(value, dict):
            filled = {question.id: str(value.get("current"))}
            if value.get("target") is not None:
                filled[target_name(question.id)] = str(value["target"])
            return filled
        return {question.id: str(value)}


class NumberFields:
    """A number with bounds; parsed by the scoring rules so messages match the command line."""

    def fields(self, q: Questionnaire, question: Question, locale: str) -> dict[str, Any]:
        spec = question.spec
        render: dict[str, str | float] = {"inputmode": "numeric" if spec.integer else "decimal", "autocomplete": "off"}
        if spec.min is not None:
            render["min"] = spec.min
        if spec.max is not None:
            render["max"] = spec.max
        field = StringField(q.text(spec.text, locale), validators=[Optional(), Length(max=40)], render_kw=render)
        return {question.id: field}

    def read(self, form: Any, question: Question) -> Any:
        data = (form[question.id].data or "").strip().replace(",", ".")
        return data or None

    def fill(self, question: Question, value: Any) -> dict[str, Any]:
        return {question.id: str(value)}


class TextFields:
    """Free text, length-limited; always shown escaped."""

    def fields(self, q: Questionnaire, question: Question, locale: str) -> dict[str, Any]:
        limit = question.spec.max_length or TEXT_LIMIT
        field = TextAreaField(
            q.text(question.spec.text, locale),
            validators=[Optional(), Length(max=limit)],
            render_kw={"maxlength": limit, "rows": 4},
        )
        return {question.id: field}

    def read(self, form: Any, question: Question) -> Any:
        return (form[question.id].data or "").strip() or None

    def fill(self, question: Question, value: Any) -> dict[str, Any]:
        return {question.id: value}


FIELD_TYPES: dict[str, Any] = {
    "single": ChoiceFields(),
    "yesno": ChoiceFields(),
    "multiple": MultipleFields(),
    "scale": ScaleFields(),
    "number": NumberFields(),
    "text": TextFields(),
}


def field_type(question: Question) -> Any:
    return FIELD_TYPES[question.type]


__all__ = ["FIELD_TYPES", "Field", "field_type", "target_name"]
