"""The preview of a draft for its author: the respondent's pages, rendered by the survey's own templates
and forms, then the result page. Nothing is stored; the answers given so far travel in a hidden field
so that conditions can be tried out. The routes are in `routes`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from assessment.db import session
from assessment.models import QuestionnaireDraft
from assessment.services.authoring import check_draft
from assessment.services.responses import missing_required, stored_answers
from assessment.survey.forms import initial_data, page_form
from assessment.survey.presenter import Respondent, page_view
from reports.charts import screen_result_charts
from reports.result_presenter import build_view
from scoring import Questionnaire, score_response
from scoring.answers import to_jsonable

PREVIEW_ANSWERS_LIMIT = 256 * 1024  # the answers given so far in a preview, as JSON


def previewed(draft: QuestionnaireDraft, locale: str) -> Questionnaire:
    check = check_draft(session(), draft)
    q = check.questionnaire
    if q is None:
        flash(_("The file has problems that stop it from being shown. Fix them first."), "error")
        abort(redirect(url_for("authoring.edit", draft_id=draft.id)))
    if locale not in q.spec.locales:
        abort(404)
    g.locale = locale
    return q


def preview_answers(q: Questionnaire) -> dict[str, Any]:
    raw = request.form.get("preview_answers") or "{}"
    try:
        known = json.loads(raw) if len(raw) <= PREVIEW_ANSWERS_LIMIT else {}
    except (ValueError, RecursionError):  # tampered: start the preview without earlier answers
        known = {}
    return to_jsonable(stored_answers(q, known if isinstance(known, dict) else {}))


def preview_page(
    draft: QuestionnaireDraft,
    q: Questionnaire,
    locale: str,
    page: int,
    known: dict[str, Any],
    form: FlaskForm | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    form = form or page_form(q, page, locale, data=initial_data(q, page, known))
    view = page_view(q, Respondent("preview", locale, known), page, form, errors or {})
    preview = {
        "draft": draft,
        "locale": locale,
        "locales": q.spec.locales,
        "answers_json": json.dumps(known, ensure_ascii=False),
        "action": url_for("authoring.preview", draft_id=draft.id, locale=locale, page=page),
        "pages": [(n, q.text(p.title, locale)) for n, p in enumerate(q.pages)],
    }
    return render_template("survey/page.html", view=view, preview=preview), status


def preview_result(draft: QuestionnaireDraft, q: Questionnaire, locale: str, known: dict[str, Any]) -> str:
    answers = stored_answers(q, known)
    view = build_view(q, answers, score_response(q, answers), locale, label="", when=date.today())
    preview = {"draft": draft, "locale": locale, "locales": q.spec.locales, "pages": []}
    missing = [q.text(q.questions[m.question_id].spec.text, locale) for m in missing_required(q, answers)]
    return render_template(
        "authoring/preview_result.html", view=view, charts=screen_result_charts(view), preview=preview, missing=missing
    )
