"""Pages for administrators: teams and their consultants, accounts (disable, delete, sign out
everywhere, move to another team), the audit log and its export, and the retention rule."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from wtforms import SelectChoice  # type: ignore[attr-defined]

from assessment.access import login_required, signed_in_user
from assessment.admin.forms import InviteConsultantForm, MoveForm, TeamForm
from assessment.db import session
from assessment.downloads import csv_response
from assessment.models import Invitation, Team, User
from assessment.services import audit
from assessment.services.accounts import delete_user, disable_user, enable_user
from assessment.services.audit import Target, record
from assessment.services.invitations import InvitationError, invite, pending_for, revoke
from assessment.services.lifecycle import apply_retention, due_for_retention
from assessment.services.sessions import end_sessions, open_sessions
from assessment.services.teams import (
    TeamError,
    create_team,
    rename_team,
    team_members,
    team_organisations,
    teams,
    visible_organisations,
)
from assessment.survey.forms import ActionForm
from assessment.throttle import memory_limits_with_workers
from assessment.web_support import required

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger(__name__)
AUDIT_PAGE = 100


def _check() -> None:
    if not ActionForm().validate():
        abort(400)


def _account(user_id: int) -> User:
    user = session().get(User, user_id)
    if user is None:
        abort(404)
    return user


def _team(team_id: int) -> Team:
    team = session().get(Team, team_id)
    if team is None:
        abort(404)
    return team


def _account_target(user: User) -> Target:
    return Target("account", user.id, user.email)


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    return _index_page(TeamForm(formdata=None))


def _index_page(team_form: TeamForm, status: int = 200) -> ResponseReturnValue:
    months = current_app.config["RETENTION_MONTHS"]
    return render_template(
        "admin/index.html",
        limits_warning=memory_limits_with_workers(current_app.config),
        workers=current_app.config["SERVER_WORKERS"],
        retention_months=months,
        due=due_for_retention(session(), months),
        teams=[(team, len(team_members(session(), team))) for team in teams(session())],
        accounts=session().query(User).order_by(User.email).all(),
        events=audit.events(session(), limit=10),
        team_form=team_form,
        action_form=ActionForm(),
    ), status


@bp.post("/teams")
@login_required
def new_team() -> ResponseReturnValue:
    form = TeamForm()
    if not form.validate():
        return _index_page(form, 422)
    try:
        team = create_team(session(), required(form.name.data))
    except TeamError as exc:
        form.name.errors = [str(exc)]
        return _index_page(form, 422)
    record(session(), signed_in_user(), "created team", Target("team", team.id, team.name))
    session().commit()
    return redirect(url_for("admin.team", team_id=team.id))


def _team_page(
    team: Team, form: TeamForm, invite_form: InviteConsultantForm, link: str | None = None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "admin/team.html",
        team=team,
        form=form,
        invite_form=invite_form,
        members=team_members(session(), team),
        invitations=pending_for(session(), team=team),
        organisations=team_organisations(session(), team),
        link=link,
        action_form=ActionForm(),
    ), status


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@login_required
def team(team_id: int) -> ResponseReturnValue:
    found = _team(team_id)
    form = TeamForm(data={"name": found.name})
    if request.method == "GET" or not form.validate():
        return _team_page(found, form, InviteConsultantForm(formdata=None), status=422 if form.errors else 200)
    old = found.name
    try:
        rename_team(session(), found, required(form.name.data))
    except TeamError as exc:
        form.name.errors = [str(exc)]
        return _team_page(found, form, InviteConsultantForm(formdata=None), status=422)
    record(session(), signed_in_user(), "renamed team", Target("team", found.id, found.name), f"was: {old}")
    session().commit()
    flash(_("Saved."), "info")
    return redirect(url_for("admin.team", team_id=found.id))


@bp.post("/teams/<int:team_id>/invite")
@login_required
def invite_consultant(team_id: int) -> ResponseReturnValue:
    found = _team(team_id)
    form = InviteConsultantForm()
    if not form.validate():
        return _team_page(found, TeamForm(data={"name": found.name}), form, status=422)
    try:
        invitation, secret = invite(session(), required(form.email.data), "consultant", signed_in_user(), team=found)
    except InvitationError as exc:
        form.email.errors = [str(exc)]
        return _team_page(found, TeamForm(data={"name": found.name}), form, status=422)
    record(session(), signed_in_user(), "invited consultant", Target("team", found.id, found.name), invitation.email)
    session().commit()
    link = url_for("invitations.accept_page", token=secret, _external=True)
    return _team_page(found, TeamForm(data={"name": found.name}), InviteConsultantForm(formdata=None), link, 201)


@bp.post("/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(invitation_id: int) -> ResponseReturnValue:
    _check()
    invitation = session().get(Invitation, invitation_id)
    if invitation is None:
        abort(404)
    revoke(session(), invitation)
    record(session(), signed_in_user(), "withdrew invitation", Target("invitation", invitation.id, invitation.email))
    session().commit()
    if invitation.team_id is not None:
        return redirect(url_for("admin.team", team_id=invitation.team_id))
    return redirect(url_for("admin.index"))


def _move_form(user: User) -> MoveForm:
    form = MoveForm(data={"team": str(user.team_id or "")})
    form.team.choices = [SelectChoice("", _("(no team: a client person)"))] + [
        SelectChoice(str(t.id), t.name) for t in teams(session())
    ]
    return form


@bp.get("/users/<int:user_id>")
@login_required
def user(user_id: int) -> ResponseReturnValue:
    found = _account(user_id)
    return render_template(
        "admin/user.html",
        user=found,
        sessions=open_sessions(session(), found),
        organisations=visible_organisations(session(), found) if found.disabled_at is None else [],
        move_form=_move_form(found),
        action_form=ActionForm(),
        myself=found.id == signed_in_user().id,
    )


def _not_myself(found: User) -> None:
    if found.id == signed_in_user().id:
        flash(_("You cannot do this to your own account here."), "error")
        abort(redirect(url_for("admin.user", user_id=found.id)))


@bp.post("/users/<int:user_id>/disable")
@login_required
def disable_user_page(user_id: int) -> ResponseReturnValue:
    _check()
    found = _account(user_id)
    _not_myself(found)
    disable_user(session(), found)
    ended = end_sessions(session(), found)
    record(session(), signed_in_user(), "disabled account", _account_target(found), f"{ended} session(s) ended")
    session().commit()
    flash(_("%(email)s is disabled and signed out everywhere.", email=found.email), "info")
    return redirect(url_for("admin.user", user_id=found.id))


@bp.post("/users/<int:user_id>/enable")
@login_required
def enable_user_page(user_id: int) -> ResponseReturnValue:
    _check()
    found = _account(user_id)
    enable_user(session(), found)
    record(session(), signed_in_user(), "enabled account", _account_target(found))
    session().commit()
    flash(_("%(email)s can sign in again.", email=found.email), "info")
    return redirect(url_for("admin.user", user_id=found.id))


@bp.post("/users/<int:user_id>/sessions/end")
@login_required
def end_user_sessions(user_id: int) -> ResponseReturnValue:
    _check()
    found = _account(user_id)
    ended = end_sessions(session(), found)
    record(session(), signed_in_user(), "signed out everywhere", _account_target(found), f"{ended} session(s)")
    session().commit()
    flash(_("%(email)s is signed out everywhere.", email=found.email), "info")
    return redirect(url_for("admin.user", user_id=found.id))


@bp.post("/users/<int:user_id>/team")
@login_required
def move_user(user_id: int) -> ResponseReturnValue:
    found = _account(user_id)
    form = _move_form(found)
    form.process(formdata=request.form)
    if not form.validate():
        abort(400)
    team_id = int(form.team.data) if form.team.data else None
    before = found.team.name if found.team else "-"
    found.team_id = team_id
    session().flush()
    session().refresh(found)
    after = found.team.name if found.team else "-"
    record(session(), signed_in_user(), "moved account", _account_target(found), f"team {before} -> {after}")
    session().commit()
    flash(_("Saved."), "info")
    return redirect(url_for("admin.user", user_id=found.id))


@bp.route("/users/<int:user_id>/delete", methods=["GET", "POST"])
@login_required
def delete_user_page(user_id: int) -> ResponseReturnValue:
    found = _account(user_id)
    _not_myself(found)
    if request.method == "GET":
        return render_template("admin/delete_user.html", user=found, action_form=ActionForm())
    _check()
    target = _account_target(found)
    delete_user(session(), found)
    record(session(), signed_in_user(), "deleted account", target)
    session().commit()
    flash(_("The account %(email)s is deleted.", email=target.name), "info")
    return redirect(url_for("admin.index"))


@bp.get("/audit")
@login_required
def audit_log() -> ResponseReturnValue:
    page = max(0, request.args.get("page", 0, type=int) or 0)
    total = audit.count_events(session())
    return render_template(
        "admin/audit.html",
        events=audit.events(session(), limit=AUDIT_PAGE, offset=page * AUDIT_PAGE),
        page=page,
        more=(page + 1) * AUDIT_PAGE < total,
        total=total,
    )


@bp.get("/audit.csv")
@login_required
def audit_csv() -> ResponseReturnValue:
    return csv_response(audit.EXPORT_HEADER, audit.export_rows(session()), "audit-log.csv")


@bp.post("/retention")
@login_required
def retention() -> ResponseReturnValue:
    _check()
    months = current_app.config["RETENTION_MONTHS"]
    purged = apply_retention(session(), months)
    for workshop, count in purged:
        target = Target("workshop", workshop.id, workshop.title, workshop.organisation_id)
        record(session(), signed_in_user(), "deleted raw answers (retention)", target, f"{count} responses")
    session().commit()
    flash(_("Raw answers deleted in %(n)d workshop(s); their figures are kept.", n=len(purged)), "info")
    return redirect(url_for("admin.index"))
