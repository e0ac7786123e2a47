"""Who has access to an organisation: its team's consultants, and client people invited with a role.

A consultant invites a client person by a one-time link, shown here once to copy and send;
changes and removals take effect at once and go to the audit log.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Length

from assessment.access import login_required, organisation_or_404, signed_in_user
from assessment.db import session
from assessment.models import Invitation, Organisation
from assessment.services.audit import Target, record
from assessment.services.invitations import InvitationError, invite, pending_for, revoke
from assessment.services.teams import TeamError, grant, members_of, membership_of, team_members
from assessment.survey.forms import ActionForm
from assessment.web_support import lazy_text as _l
from assessment.web_support import required

bp = Blueprint("people", __name__)
log = logging.getLogger(__name__)
ROLE_CHOICES = [
    SelectChoice("viewer", _l("Client viewer: reads reports and action plans")),
    SelectChoice("editor", _l("Client editor: also edits the action plans")),
]

ROLE_NAMES = {"viewer": _l("client viewer"), "editor": _l("client editor")}


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail of the person to invite"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="viewer")


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


def _page(
    organisation: Organisation, form: InviteForm | None = None, link: str | None = None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "workshops/people.html",
        organisation=organisation,
        consultants=team_members(session(), organisation.team),
        members=members_of(session(), organisation),
        invitations=pending_for(session(), organisation=organisation),
        form=form or InviteForm(formdata=None),
        role_form=RoleForm,
        action_form=ActionForm(),
        link=link,
        role_names=ROLE_NAMES,
    ), status


def _target(organisation: Organisation, what: str) -> Target:
    return Target("organisation", organisation.id, f"{organisation.name}: {what}", organisation.id)


@bp.get("/organisations/<int:organisation_id>/people")
@login_required
def index(organisation_id: int) -> ResponseReturnValue:
    return _page(organisation_or_404(organisation_id))


@bp.post("/organisations/<int:organisation_id>/people")
@login_required
def invite_person(organisation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    form = InviteForm()
    if not form.validate():
        return _page(organisation, form, status=422)
    try:
        invitation, secret = invite(
            session(), required(form.email.data), form.role.data, signed_in_user(), organisation
        )
    except InvitationError as exc:
        form.email.errors = [_("This person cannot be invited: %(reason)s.", reason=str(exc))]
        return _page(organisation, form, status=422)
    record(session(), signed_in_user(), "invited", _target(organisation, f"{invitation.email} as {invitation.role}"))
    session().commit()
    log.info("user %s invited someone to organisation %s", signed_in_user().id, organisation.id)
    link = url_for("invitations.accept_page", token=secret, _external=True)
    return _page(organisation, link=link, status=201)


def _invitation(organisation: Organisation, invitation_id: int) -> Invitation:
    invitation = session().get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    return invitation


@bp.post("/organisations/<int:organisation_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(organisation_id: int, invitation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    if not ActionForm().validate():
        abort(400)
    invitation = _invitation(organisation, invitation_id)
    revoke(session(), invitation)
    record(session(), signed_in_user(), "withdrew invitation", _target(organisation, invitation.email))
    session().commit()
    flash(_("The invitation for %(email)s no longer works.", email=invitation.email), "info")
    return redirect(url_for("people.index", organisation_id=organisation.id))


@bp.post("/organisations/<int:organisation_id>/people/<int:membership_id>")
@login_required
def change_role(organisation_id: int, membership_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    membership = membership_of(session(), organisation, membership_id)
    form = RoleForm(prefix=f"m{membership_id}")
    if membership is None:
        abort(404)
    if not form.validate():
        abort(400)
    try:
        grant(session(), organisation, membership.user, form.role.data, signed_in_user())
    except TeamError:
        abort(400)
    record(
        session(), signed_in_user(), "changed role", _target(organisation, f"{membership.user.email}: {form.role.data}")
    )
    session().commit()
    flash(_("%(email)s is now %(role)s.", email=membership.user.email, role=ROLE_NAMES[form.role.data]), "info")
    return redirect(url_for("people.index", organisation_id=organisation.id))


@bp.post("/organisations/<int:organisation_id>/people/<int:membership_id>/remove")
@login_required
def remove(organisation_id: int, membership_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    if not ActionForm().validate():
        abort(400)
    membership = membership_of(session(), organisation, membership_id)
    if membership is None:
        abort(404)
    email = membership.user.email
    session().delete(membership)
    record(session(), signed_in_user(), "removed access", _target(organisation, email))
    session().commit()
    flash(_("%(email)s no longer has access to %(name)s.", email=email, name=organisation.name), "info")
    return redirect(url_for("people.index", organisation_id=organisation.id))
