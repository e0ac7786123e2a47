"""Sign-in and sign-out. Wrong passwords are counted per e-mail and address (`assessment.throttle`):
someone guessing slows down, and the right password from a clean address always works."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.access import SESSION_KEY, login_required, signed_in_user
from assessment.auth.forms import LoginForm
from assessment.db import session as db_session
from assessment.models import User
from assessment.services.accounts import authenticate, normalise_email
from assessment.services.sessions import end_session, start_session
from assessment.survey.forms import ActionForm
from assessment.throttle import SIGN_IN, SIGN_IN_ADDRESS
from assessment.web_support import required, safe_next

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)


def sign_in_as(user: User) -> None:
    """A fresh session for `user`: a new cookie key, recorded on the server (no fixation, no hash in it)."""
    session.clear()
    agent = request.user_agent.string if request.user_agent else ""
    session[SESSION_KEY] = start_session(db_session(), user, request.remote_addr or "", agent)
    session.permanent = True


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if form.errors else 200
    email, address = normalise_email(required(form.email.data)), request.remote_addr or ""
    wait = SIGN_IN.wait(email, address) or SIGN_IN_ADDRESS.wait(address)
    if wait:
        log.warning("sign-in for %s from %s held back for %d s", email[:80], address, wait)
        flash(_("Too many wrong passwords from here. Please wait %(n)d seconds and try again.", n=wait), "error")
        return render_template("auth/login.html", form=form), 429, {"Retry-After": str(wait)}
    user = authenticate(db_session(), email, required(form.password.data))
    if user is None:
        SIGN_IN.failed(email, address)
        SIGN_IN_ADDRESS.failed(address)
        log.warning("failed sign-in for %s", email[:80])
        flash(_("E-mail or password is not right."), "error")
        return render_template("auth/login.html", form=form), 401
    SIGN_IN.clear(email, address)
    sign_in_as(user)
    db_session().commit()
    log.info("user %s signed in", user.id)
    home = url_for("admin.index") if user.is_admin and user.team_id is None else url_for("workshops.index")
    return redirect(safe_next(request.args.get("next"), home))


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    if not ActionForm().validate():
        abort(400)
    end_session(db_session(), session.get(SESSION_KEY))
    db_session().commit()
    log.info("user %s signed out", signed_in_user().id)
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
