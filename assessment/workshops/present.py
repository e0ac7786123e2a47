"""Presenter mode: the workshop's results projected in the room, one question at a time, with
the agreed answer recorded from the presenter's own device. No admin buttons on it."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from assessment.access import login_required, workshop_or_404
from assessment.db import session
from assessment.group_figures import workshop_facts
from assessment.services.group import workshop_group
from assessment.services.questionnaires import compiled
from assessment.services.workshops import agreed_answers
from assessment.survey.forms import ActionForm
from assessment.workshops.routes import agreed_form_for
from reports.group_presenter import dashboard_data

bp = Blueprint("present", __name__)


@bp.get("/workshops/<int:workshop_id>/present")
@login_required
def show(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    q = compiled(workshop.questionnaire_version)
    agreed = agreed_answers(session(), workshop)
    # the questions the room discusses: scored ones, not the profile (role, stage...)
    ids = [qid for qid, question in q.questions.items() if question.type != "text" and question.dimension]
    return render_template(
        "workshops/present.html",
        workshop=workshop,
        q=q,
        locale=workshop.locale,
        question_ids=ids,
        agreed=agreed,
        forms={qid: agreed_form_for(q, workshop, qid, agreed) for qid in ids},
        action_form=ActionForm(),
        data=dashboard_data(q, workshop_facts(workshop), workshop_group(session(), workshop), workshop.locale),
    )
