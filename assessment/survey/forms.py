"""Forms built from the questionnaire: one class per questionnaire, page and language, kept."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional

from assessment.services.responses import missing_required, stored_answers
from assessment.survey.fields import field_type
from assessment.web_support import lazy_text as _l
from scoring import Questionnaire
from scoring.answers import TEXT_LIMIT, parse_value
from scoring.model import Question


class StartForm(FlaskForm):
    """Starting a questionnaire: its id, and an optional organisation or name for the report."""

    questionnaire = HiddenField()
    label = StringField(validators=[Optional(), Length(max=200)])


class ResumeMailForm(FlaskForm):
    """A respondent's own address, to mail them their resume link once (never stored)."""

    email = StringField(
        _l("E-mail me my link"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "email", "type": "email", "inputmode": "email"},
    )


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token (submit, close, delete...)."""


_CLASSES: OrderedDict[tuple[int, int, str], tuple[Questionnaire, type[FlaskForm]]] = OrderedDict()
_CLASSES_LOCK = threading.Lock()
CLASSES_KEPT = 256  # pages of questionnaires (drafts in the editor's preview included) x languages


def page_form(
    q: Questionnaire, page: int, locale: str, formdata: Any = None, data: dict[str, Any] | None = None
) -> FlaskForm:
    """The form of one page of `q`, instantiated on `formdata` or stored `data`."""
    form: FlaskForm = page_form_class(q, page, locale)(formdata=formdata, data=data or {})
    return form


def page_form_class(q: Questionnaire, page: int, locale: str) -> type[FlaskForm]:
    """The page's form class, made once per questionnaire object, page and language: making one
    (and its first instance) costs about as much as rendering the page."""
    key = (id(q), page, locale)
    with _CLASSES_LOCK:
        kept = _CLASSES.get(key)
        if kept is not None and kept[0] is q:  # the same object: the id was not reused
            _CLASSES.move_to_end(key)
            return kept[1]
    fields: dict[str, Any] = {}
    for qid in q.pages[page].question_ids:
        question = q.questions[qid]
        fields.update(field_type(question).fields(q, question, locale))
    form_class = type("PageForm", (FlaskForm,), fields)
    with _CLASSES_LOCK:
        _CLASSES[key] = (q, form_class)  # holding q keeps its id from being reused while kept
        while len(_CLASSES) > CLASSES_KEPT:
            _CLASSES.popitem(last=False)
    return form_class


def initial_data(q: Questionnaire, page: int, stored: dict[str, Any]) -> dict[str, Any]:
    """Stored answers (JSON form) as the page form's initial data."""
    data: dict[str, Any] = {}
    for qid in q.pages[page].question_ids:
        if qid in stored:
            data.update(field_type(q.questions[qid]).fill(q.questions[qid], stored[qid]))
    return data


@dataclass
class PageInput:
    """What a posted page said: normalised answers, plus a message per question that was wrong."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def read_page(q: Questionnaire, page: int, form: FlaskForm) -> PageInput:
    """Every answer on the page, checked by the same rules as the command line and imports."""
    found = PageInput()
    for qid in q.pages[page].question_ids:
        question = q.questions[qid]
        if form[qid].errors:
            found.errors[qid] = _field_message(question)
            continue
        raw = field_type(question).read(form, question)
        if raw is None:
            found.answers[qid] = None
            continue
        try:
            found.answers[qid] = parse_value(question, raw)
        except ValueError as exc:
            found.errors[qid] = _answer_message(question, str(exc))
    return found


def check_page(q: Questionnaire, page: int, found: PageInput, who: Any, require: bool) -> None:
    """Clear answers to questions hidden by this page's answers; flag missing required ones."""
    merged = stored_answers(q, who.answers)
    for qid, value in found.answers.items():
        if value is None:
            merged.pop(qid, None)
        else:
            merged[qid] = value
    shown = q.visible(merged)
    for qid in q.pages[page].question_ids:
        if qid in found.answers and not q.is_shown(qid, shown):
            found.answers[qid] = None  # hidden by an answer on this page: it no longer applies
    if require:
        for missing in missing_required(q, merged, range(page, page + 1)):
            found.errors.setdefault(missing.question_id, _("Please answer this question."))


def _field_message(question: Question) -> str:
    """The message for a value the form itself refused (unknown option, too long)."""
    if question.type == "text":
        limit = question.spec.max_length or TEXT_LIMIT
        return _("This answer is too long: the limit is %(limit)d characters.", limit=limit)
    if question.type == "number":
        return _("Please enter a number.")
    return _("Please choose one of the options shown.")


def _answer_message(question: Question, detail: str) -> str:
    if question.type == "number":
        return _("Please enter a number: %(detail)s.", detail=detail)
    if question.type == "text":
        return _("This answer is too long: %(detail)s.", detail=detail)
    return _("Please choose one of the options shown.")
