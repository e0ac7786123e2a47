"""Accepting an invitation link: a new account, or more access for the account signed in."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.access import current_user
from assessment.auth.forms import RegisterForm
from assessment.auth.routes import sign_in_as
from assessment.db import session
from assessment.models import Invitation, Organisation, Team, User
from assessment.services.accounts import AccountError, find_user
from assessment.services.audit import Target, record
from assessment.services.invitations import InvitationError, accept, pending_invitation, register
from assessment.survey.forms import ActionForm
from assessment.web_support import required

bp = Blueprint("invitations", __name__)
log = logging.getLogger(__name__)


def _invitation(token: str) -> Invitation:
    invitation = pending_invitation(session(), token)
    if invitation is None:
        abort(404, description=_("This invitation link is not valid: it was used, it expired or it was withdrawn."))
    return invitation


def _page(
    invitation: Invitation, token: str, form: RegisterForm | None = None, status: int = 200
) -> ResponseReturnValue:
    organisation = session().get(Organisation, invitation.organisation_id) if invitation.organisation_id else None
    team = session().get(Team, invitation.team_id) if invitation.team_id else None
    user = current_user()
    return render_template(
        "auth/invitation.html",
        invitation=invitation,
        organisation=organisation,
        team=team,
        signed_in=user,
        has_account=find_user(session(), invitation.email) is not None,
        form=form or RegisterForm(formdata=None),
        action_form=ActionForm(),
        login_url=url_for("auth.login", next=request.path),
    ), status


@bp.get("/invite/<token>")
def accept_page(token: str) -> ResponseReturnValue:
    return _page(_invitation(token), token)


@bp.post("/invite/<token>")
def accept_invitation(token: str) -> ResponseReturnValue:
    invitation = _invitation(token)
    user = current_user()
    if user is not None:
        if not ActionForm().validate():
            abort(400)
        try:
            accept(session(), invitation, user)
        except InvitationError as exc:
            log.info("invitation %s not accepted by user %s: %s", invitation.id, user.id, exc)
            return _page(invitation, token, status=409)
        return _accepted(invitation, user)
    form = RegisterForm()
    if find_user(session(), invitation.email) is not None or not form.validate():
        return _page(invitation, token, form, 422)
    try:
        user = register(session(), invitation, required(form.name.data), required(form.new.data))
    except (AccountError, InvitationError):
        return _page(invitation, token, form, 422)
    sign_in_as(user)
    return _accepted(invitation, user)


def _accepted(invitation: Invitation, user: User) -> ResponseReturnValue:
    target = Target("invitation", invitation.id, f"{invitation.email} as {invitation.role}", invitation.organisation_id)
    record(session(), user, "accepted invitation", target)
    session().commit()
    log.info("invitation %s accepted by user %s", invitation.id, user.id)
    flash(_("Welcome. You have access now."), "info")
    if invitation.organisation_id is not None:
        return redirect(url_for("workshops.organisation", organisation_id=invitation.organisation_id))
    return redirect(url_for("workshops.index"))
