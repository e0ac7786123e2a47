"""What the page and review templates show: plain values built from the questionnaire and response."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from flask import url_for

from assessment.models import Response
from assessment.services.responses import missing_required, stored_answers
from assessment.survey.fields import target_name
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


def page_view(q: Questionnaire, who: Respondent, page: int, form: Any, errors: dict[str, str]) -> PageView:
    locale = who.locale
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
                target_field=form[target_name(qid)] if question.type == "scale" and spec.target else None,
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
