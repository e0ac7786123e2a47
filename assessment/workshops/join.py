"""Participants join a workshop with its code or link, anonymously, and then answer as usual.

Code guesses are rate-limited per address; a closed workshop's code says so clearly.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.db import session, utcnow
from assessment.extensions import limiter
from assessment.models import Workshop
from assessment.services.questionnaires import compiled
from assessment.services.responses import WorkshopClosed
from assessment.services.workshops import join_workshop, workshop_by_code, workshop_by_link
from assessment.web_support import current_locale, required
from assessment.workshops.forms import JoinForm, ParticipantForm

bp = Blueprint("join", __name__)
log = logging.getLogger(__name__)


def _join_limit() -> str:
    limit: str = current_app.config["JOIN_RATE_LIMIT"]
    return limit


def _failed(response: Response) -> bool:
    """Only wrong codes count: a whole room behind one office address can join at once."""
    return response.status_code == 404


@bp.get("/join")
def enter_code() -> ResponseReturnValue:
    return render_template("workshops/join.html", form=JoinForm())


@bp.post("/join")
@limiter.limit(_join_limit, deduct_when=_failed)
def check_code() -> ResponseReturnValue:
    form = JoinForm()
    if not form.validate():
        return render_template("workshops/join.html", form=form), 422
    workshop = workshop_by_code(session(), required(form.code.data))
    if workshop is None:
        log.info("unknown workshop code tried")
        form.code.errors = [_("No workshop has this code. Check it with your facilitator.")]
        return render_template("workshops/join.html", form=form), 404
    if not workshop.is_open(utcnow()):
        return _closed(workshop)
    return redirect(url_for("join.by_link", token=workshop.link_token))


def _closed(workshop: Workshop) -> tuple[str, int]:
    g.locale = workshop.locale
    return render_template("workshops/closed.html", workshop=workshop), 410


@bp.route("/w/<token>", methods=["GET", "POST"])
@limiter.limit(_join_limit, methods=["POST"], deduct_when=_failed)
def by_link(token: str) -> ResponseReturnValue:
    workshop = workshop_by_link(session(), token)
    if workshop is None:
        return render_template("workshops/join.html", form=JoinForm(), unknown_link=True), 404
    if not workshop.is_open(utcnow()):
        return _closed(workshop)
    g.locale = workshop.locale
    form = ParticipantForm()
    q = compiled(workshop.questionnaire_version)
    if form.validate_on_submit():
        try:
            response = join_workshop(session(), workshop, workshop.locale or current_locale(), team=form.team.data)
        except WorkshopClosed:
            return _closed(workshop)
        session().commit()
        flash(_("You are taking part anonymously. Keep your personal link to continue later."), "info")
        return redirect(url_for("survey.page", token=response.token, page=0))
    return render_template("workshops/participant.html", workshop=workshop, q=q, form=form), 422 if form.errors else 200
