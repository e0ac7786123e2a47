"""Participants join a workshop with its code or link, anonymously, and then answer as usual.

Wrong codes are counted per browser and address (`assessment.throttle`): a browser that
keeps guessing waits longer and longer, and nobody else's wrong codes ever hold back a right
one, so a room behind one office address keeps joining. (A guesser who throws away cookies
is limited by the code space, about 900 million codes, and by how fast the server answers;
the log shows the wrong codes.) A closed workshop's code says so clearly.
"""

from __future__ import annotations

import logging

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask import session as flask_session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.db import session, utcnow
from assessment.models import Workshop
from assessment.services.questionnaires import compiled
from assessment.services.responses import WorkshopClosed
from assessment.services.workshops import join_workshop, workshop_by_code, workshop_by_link
from assessment.throttle import JOIN
from assessment.web_support import current_locale, required
from assessment.workshops.forms import JoinForm, ParticipantForm

bp = Blueprint("join", __name__)
log = logging.getLogger(__name__)


def _browser() -> str:
    """This browser, as far as the server knows it: its session's CSRF secret (random per browser)."""
    return str(flask_session.get("csrf_token", ""))


def _held_back() -> int:
    """Seconds this browser waits before its next code is looked at (0: now)."""
    return JOIN.wait(request.remote_addr or "", _browser())


def _wrong_code() -> None:
    JOIN.failed(request.remote_addr or "", _browser())


def _too_many(form: JoinForm, wait: int) -> ResponseReturnValue:
    form.code.errors = [_("Too many wrong codes from this browser. Please wait %(n)d seconds.", n=wait)]
    return render_template("workshops/join.html", form=form), 429, {"Retry-After": str(wait)}


@bp.get("/join")
def enter_code() -> ResponseReturnValue:
    return render_template("workshops/join.html", form=JoinForm())


@bp.post("/join")
def check_code() -> ResponseReturnValue:
    form = JoinForm()
    if not form.validate():
        return render_template("workshops/join.html", form=form), 422
    wait = _held_back()
    if wait:
        return _too_many(form, wait)
    workshop = workshop_by_code(session(), required(form.code.data))
    if workshop is None:
        _wrong_code()
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
def by_link(token: str) -> ResponseReturnValue:
    workshop = workshop_by_link(session(), token)
    if workshop is None:  # links carry 192 random bits: nothing to slow down
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
