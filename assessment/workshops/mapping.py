"""The column-mapping step of an import: when a file's headers or values match nothing in the
questionnaire (a LimeSurvey export with question codes, a form built with other wording), the
consultant matches each header to a question and each value to a choice. The form is built per
file; what it saves is remembered for the questionnaire version (`services.import_mappings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm

# SelectChoice is new in WTForms 3.3 and not yet in types-WTForms
from wtforms import HiddenField, SelectChoice, SelectField  # type: ignore[attr-defined]
from wtforms.validators import Length

from assessment.import_messages import shown
from assessment.services.import_columns import LEAVE_OUT, ColumnMapping, IgnoredColumn
from assessment.services.import_parse import Problem, normal
from scoring import Questionnaire

MAX_ITEMS = 20  # headers and values offered at once (each select lists every question); the rest come next
MAX_TEXT = 300  # longer headers and values are no tool's wording: they are not offered
NOT_MAPPED, LEFT_OUT = "", "-"  # the form's values for "no mapping" and "leave it out"
MAPPABLE = ("unmatched", "left_out")


@dataclass(frozen=True)
class MappingItems:
    headers: list[str]
    values: list[tuple[str, str]]  # (question id, value as the file has it)
    samples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # header -> a few of its values

    def __bool__(self) -> bool:
        return bool(self.headers or self.values)


def mapping_items(ignored: list[IgnoredColumn], problems: list[Problem]) -> MappingItems:
    """The headers and values a person could match: unmatched (or left out) headers, values that are no choice."""
    headers: list[str] = []
    samples: dict[str, tuple[str, ...]] = {}
    for column in ignored:
        fits = 0 < len(column.header) <= MAX_TEXT
        if column.reason not in MAPPABLE or not fits:
            continue
        if column.header not in headers:
            headers.append(column.header)
        # a header over several columns (options, rows) is shown with its columns, a single column with its values
        found = samples.get(column.header, ())
        more = (column.name,) if column.name != column.header else column.samples
        samples[column.header] = (*found, *more)[:3]
    values: list[tuple[str, str]] = []
    for problem in problems:
        key = (problem.question_id or "", problem.value)
        fits = 0 < len(problem.value) <= MAX_TEXT
        if problem.kind == "not_a_choice" and problem.question_id and fits and key not in values:
            values.append(key)
    return MappingItems(headers[:MAX_ITEMS], values[:MAX_ITEMS], samples)


def _column_choices(q: Questionnaire, locale: str) -> list[SelectChoice]:
    questions, extras = _("Questions"), _("Other columns")
    choices = [SelectChoice(NOT_MAPPED, _("Not matched")), SelectChoice(LEFT_OUT, _("Leave out"))]
    for qid, question in q.questions.items():
        text = shown(q.text(question.spec.text, locale))
        choices.append(SelectChoice(f"answer:{qid}", text, optgroup=questions))
        if question.type == "scale" and question.spec.target:
            target = _("%(question)s (target state)", question=shown(q.text(question.spec.text, locale)))
            choices.append(SelectChoice(f"target:{qid}", target, optgroup=questions))
    choices += [SelectChoice("team", _("Team"), optgroup=extras), SelectChoice("label", _("Label"), optgroup=extras)]
    return choices


def _value_choices(q: Questionnaire, qid: str, locale: str) -> list[SelectChoice]:
    choices = [SelectChoice(NOT_MAPPED, _("Not matched")), SelectChoice(LEFT_OUT, _("Leave out (no answer)"))]
    return choices + [SelectChoice(c.id, q.text(c.label, locale)) for c in q.questions[qid].choices]


def _form_value(target: str | None) -> str:
    if target is None:
        return NOT_MAPPED
    return LEFT_OUT if target == LEAVE_OUT else target


def mapping_form(
    q: Questionnaire, locale: str, items: MappingItems, current: ColumnMapping, formdata: Any = None
) -> FlaskForm:
    """A select per header and per value, with hidden fields naming what each select is about."""
    fields: dict[str, Any] = {}
    data: dict[str, str] = {}
    column_choices = _column_choices(q, locale)
    for n, header in enumerate(items.headers):
        label = _("Column “%(name)s”", name=shown(header))
        examples = items.samples.get(header, ())
        hint = _("For example: %(values)s", values=", ".join(f"“{shown(v)}”" for v in examples)) if examples else ""
        fields[f"column_{n}"] = SelectField(label, choices=column_choices, default=NOT_MAPPED, description=hint)
        fields[f"column_{n}_header"] = HiddenField(validators=[Length(max=1000)])
        data[f"column_{n}"] = _form_value(current.columns.get(normal(header)))
        data[f"column_{n}_header"] = header
    for n, (qid, value) in enumerate(items.values):
        known = qid in q.questions  # a posted form may name anything
        question = shown(q.text(q.questions[qid].spec.text, locale)) if known else ""
        label = _("“%(value)s” in answers to “%(question)s”", value=shown(value), question=question)
        choices = _value_choices(q, qid, locale) if known else [SelectChoice(NOT_MAPPED, _("Not matched"))]
        fields[f"value_{n}"] = SelectField(label, choices=choices, default=NOT_MAPPED)
        fields[f"value_{n}_question"] = HiddenField(validators=[Length(max=64)])
        fields[f"value_{n}_text"] = HiddenField(validators=[Length(max=1000)])
        data[f"value_{n}"] = _form_value(current.values.get((qid, normal(value))))
        data[f"value_{n}_question"], data[f"value_{n}_text"] = qid, value
    form_class = type("MappingForm", (FlaskForm,), fields)
    form: FlaskForm = form_class(formdata=formdata, data=data)
    return form


def posted_items(q: Questionnaire, formdata: Any) -> MappingItems:
    """The headers and values a posted mapping form was about (unknown questions dropped)."""
    headers = [formdata.get(f"column_{n}_header", "") for n in range(MAX_ITEMS) if f"column_{n}_header" in formdata]
    values = []
    for n in range(MAX_ITEMS):
        qid = formdata.get(f"value_{n}_question")
        if qid is None:
            break
        values.append((qid if qid in q.questions else "", formdata.get(f"value_{n}_text", "")))
    return MappingItems(headers, values)


def chosen_mapping(
    form: FlaskForm, items: MappingItems
) -> tuple[dict[str, str | None], dict[tuple[str, str], str | None]]:
    """What the person chose: None forgets an entry, "" leaves the header or value out."""

    def target(value: str) -> str | None:
        return None if value == NOT_MAPPED else (LEAVE_OUT if value == LEFT_OUT else value)

    columns = {header: target(form[f"column_{n}"].data) for n, header in enumerate(items.headers) if header}
    values = {
        (qid, value): target(form[f"value_{n}"].data) for n, (qid, value) in enumerate(items.values) if qid and value
    }
    return columns, values
