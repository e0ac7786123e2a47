"""Sign-in and sign-out for consultants. Sign-in attempts are rate-limited per address and per e-mail."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.auth.forms import LoginForm
from assessment.db import session as db_session
from assessment.extensions import limiter
from assessment.services.accounts import authenticate, normalise_email, session_stamp
from assessment.survey.forms import ActionForm
from assessment.web_support import required

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)


def _login_limit() -> str:
    limit: str = current_app.config["LOGIN_RATE_LIMIT"]
    return limit


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _email_key() -> str:
    return "login:" + normalise_email(request.form.get("email", ""))


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("workshops.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_email_key, deduct_when=_failed)
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db_session(), required(form.email.data), required(form.password.data))
        if user is not None:
            session.clear()
            session["user_id"] = user.id
            session["stamp"] = session_stamp(user)
            session.permanent = True
            db_session().commit()
            log.info("user %s signed in", user.id)
            return redirect(_safe_next(request.args.get("next")))
        log.warning("failed sign-in for %s", normalise_email(required(form.email.data))[:80])
        flash(_("E-mail or password is not right."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    if not ActionForm().validate():
        abort(400)
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
