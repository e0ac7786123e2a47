"""The person's own account: where they are signed in, "sign out everywhere", their password."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.access import lifetimes, login_required, signed_in_user
from assessment.auth.forms import PasswordForm
from assessment.auth.routes import sign_in_as
from assessment.db import session as db_session
from assessment.models import User
from assessment.services.accounts import AccountError, password_matches, set_password
from assessment.services.api_tokens import revoke_all
from assessment.services.audit import Target, record
from assessment.services.branding import save_branding
from assessment.services.sessions import end_sessions, open_sessions
from assessment.survey.forms import ActionForm
from assessment.web_support import DatabaseBusy, commit_with_retry, required
from assessment.workshops.branding_form import BrandingForm, branding_form, read_branding

bp = Blueprint("account", __name__, url_prefix="/account")
log = logging.getLogger(__name__)


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    return account_page(signed_in_user())


def account_page(user: User, branding: BrandingForm | None = None, status: int = 200) -> tuple[str, int]:
    """The account page; a consultant also sees the default report branding form."""
    limits = lifetimes()
    if branding is None and user.is_consultant:
        branding = branding_form(user=user)
    return render_template(
        "account/index.html",
        user=user,
        sessions=open_sessions(db_session(), user),
        this_session=g.get("user_session"),
        idle_minutes=int(limits.idle.total_seconds() // 60),
        absolute_hours=int(limits.absolute.total_seconds() // 3600),
        action_form=ActionForm(),
        branding_form=branding,
    ), status


@bp.post("/sessions/end")
@login_required
def sign_out_everywhere() -> ResponseReturnValue:
    if not ActionForm().validate():
        abort(400)
    user = signed_in_user()
    ended = end_sessions(db_session(), user)
    record(db_session(), user, "signed out everywhere", Target("account", user.id, user.email), f"{ended} session(s)")
    db_session().commit()
    log.info("user %s signed out everywhere (%d sessions)", user.id, ended)
    session.clear()
    flash(_("You are signed out on every browser and device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> ResponseReturnValue:
    user = signed_in_user()
    form = PasswordForm()
    if not form.validate_on_submit():
        return render_template("account/password.html", form=form), 422 if form.errors else 200
    if not password_matches(user, required(form.current.data)):
        form.current.errors = [_("This is not your current password.")]
        return render_template("account/password.html", form=form), 422
    try:
        commit_with_retry(lambda: _change_password(required(form.new.data)))
    except AccountError:
        form.new.errors = [_("At least 10 characters.")]
        return render_template("account/password.html", form=form), 422
    except DatabaseBusy:
        return render_template("account/password.html", form=form, busy=True), 503, {"Retry-After": "5"}
    flash(_("Your password is changed. You are signed out everywhere else, and your API tokens are revoked."), "info")
    return redirect(url_for("account.index"))


def _change_password(new: str) -> None:
    """New password, every other session ended, tokens revoked, and this browser a fresh session."""
    user = signed_in_user()
    set_password(db_session(), user, new)
    end_sessions(db_session(), user)
    revoked = revoke_all(db_session(), user)
    record(db_session(), user, "changed password", Target("account", user.id, user.email), f"{revoked} token(s)")
    sign_in_as(user)
    log.info("user %s changed their password", user.id)


@bp.post("/branding")
@login_required
def branding() -> ResponseReturnValue:
    user = signed_in_user()
    form = branding_form(user=user, formdata=request.form | request.files)
    values = read_branding(form)
    if values is None:
        return account_page(user, form, 422)
    save_branding(db_session(), values, user=user, keep_logo=not form.remove_logo.data)
    db_session().commit()
    flash(_("Your default report branding is saved."), "success")
    return redirect(url_for("account.index"))
