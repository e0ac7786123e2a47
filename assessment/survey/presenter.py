"""What the page and review templates show: plain values built from the questionnaire and response."""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for

from assessment.models import Response
from assessment.services.responses import missing_required, stored_answers
from assessment.survey.fields import target_name
from assessment.web_support import current_locale
from reports.numbers import locale_number
from scoring import Questionnaire
from scoring.answers import to_jsonable
from scoring.conditions import condition_data
from scoring.explain import display_answer


@dataclass
class QuestionView:
    id: str
    type: str
    text: str
    help: str
    required: bool
    fields: list[Any]
    error: str | None
    condition_json: str | None = None  # set when it depends on an answer on the same page
    target_field: Any = None
    html_key: Hashable | None = None  # names its rendered HTML where that is the same for everyone (fragments)


@dataclass
class PageView:
    token: str
    resume_url: str
    title: str
    description: str
    questionnaire_title: str
    page: int
    pages: int
    form: Any
    questions: list[QuestionView]
    known: dict[str, Any]  # earlier answers that show-conditions on this page read (JSON form)
    is_last: bool
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.page / self.pages)


@dataclass(frozen=True)
class Respondent:
    """What a page needs of the response, read once, so a page renders even when the database is busy."""

    token: str
    locale: str
    answers: dict[str, Any]

    @classmethod
    def of(cls, response: Response) -> Respondent:
        return cls(response.token, response.locale, dict(response.answers or {}))


def page_view(
    q: Questionnaire, who: Respondent, page: int, form: Any, errors: dict[str, str], stored: bool = False
) -> PageView:
    """stored: the form holds the stored answers (not a posted page), so a question's HTML depends only
    on the questionnaire, the language and its answer, and can be kept (`assessment.fragments`)."""
    locale = who.locale
    keep = (q.source_hash, locale, current_locale()) if stored and not errors and q.source_hash else None
    answers = stored_answers(q, who.answers)
    shown = q.visible(answers)
    on_page = set(q.pages[page].question_ids)
    questions = []
    referenced_earlier: set[str] = set()
    for qid in q.pages[page].question_ids:
        question = q.questions[qid]
        condition_json = None
        if question.show_if is not None:
            refs = {leaf.question for leaf in question.show_if.leaves()}
            if refs & on_page:
                condition_json = json.dumps(condition_data(question.show_if))
                referenced_earlier |= refs - on_page
            elif not q.is_shown(qid, shown):
                continue  # hidden by an answer on an earlier page
        spec = question.spec
        target_field = form[target_name(qid)] if question.type == "scale" and spec.target else None
        questions.append(
            QuestionView(
                id=qid,
                type=question.type,
                text=q.text(spec.text, locale),
                help=q.text(spec.help, locale),
                required=question.required,
                fields=[form[qid]],
                error=errors.get(qid),
                condition_json=condition_json,
                target_field=target_field,
                html_key=_html_key(keep, qid, form[qid], target_field, condition_json),
            )
        )
    dimension = q.pages[page].dimension
    known = to_jsonable({k: v for k, v in shown.items() if k in referenced_earlier})
    return PageView(
        token=who.token,
        resume_url=url_for("survey.resume", token=who.token, _external=True),
        title=q.text(q.pages[page].title, locale),
        description=q.text(q.dimensions[dimension].description, locale) if dimension else "",
        questionnaire_title=q.text(q.spec.title, locale),
        page=page,
        pages=len(q.pages),
        form=form,
        questions=questions,
        known=known,
        is_last=page == len(q.pages) - 1,
        errors=errors,
    )


SHORT_ANSWER = 200  # characters: a longer free text is not worth keeping its HTML for


def _html_key(
    keep: tuple[str, str, str] | None, qid: str, answer: Any, target: Any, condition_json: str | None
) -> Hashable | None:
    """What a question's HTML depends on, when it is kept: the questionnaire's text, the languages,
    the question, its answer and target answer, and its condition."""
    if keep is None:
        return None
    values = (answer.data, target.data if target is not None else None)
    frozen = tuple(tuple(v) if isinstance(v, list) else v for v in values)
    if any(isinstance(v, str) and len(v) > SHORT_ANSWER for v in frozen):
        return None
    key = (*keep, qid, frozen, condition_json)
    try:
        hash(key)
    except TypeError:
        return None
    return key


@dataclass
class ReviewPage:
    number: int
    title: str
    answers: list[tuple[str, str]]
    missing: list[str]


@dataclass
class ReviewView:
    token: str
    resume_url: str
    questionnaire_title: str
    pages: list[ReviewPage]
    missing_count: int


def review_view(q: Questionnaire, response: Response) -> ReviewView:
    locale = response.locale
    answers = stored_answers(q, response.answers)
    shown = q.visible(answers)
    missing = {m.question_id for m in missing_required(q, answers)}
    pages = []
    for number, page in enumerate(q.pages):
        lines = [
            (
                q.text(q.questions[qid].spec.text, locale),
                display_answer(q, qid, shown[qid], locale, number=locale_number),
            )
            for qid in page.question_ids
            if qid in shown
        ]
        gaps = [q.text(q.questions[qid].spec.text, locale) for qid in page.question_ids if qid in missing]
        pages.append(ReviewPage(number, q.text(page.title, locale), lines, gaps))
    return ReviewView(
        token=response.token,
        resume_url=url_for("survey.resume", token=response.token, _external=True),
        questionnaire_title=q.text(q.spec.title, locale),
        pages=pages,
        missing_count=len(missing),
    )
