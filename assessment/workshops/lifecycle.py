"""Renaming and deleting organisations and workshops, removing one response, changing a workshop's
threshold and closing time. Every deletion shows first what it removes and asks to confirm;
every change goes to the audit log."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from assessment.access import login_required, organisation_or_404, signed_in_user, workshop_or_404
from assessment.db import session
from assessment.models import Response, Workshop
from assessment.services.audit import record
from assessment.services.lifecycle import (
    ChangeRefused,
    change_closing_time,
    change_threshold,
    delete_organisation,
    delete_response,
    delete_workshop,
    organisation_contents,
    rename,
    workshop_contents,
)
from assessment.services.responses import find_response
from assessment.survey.forms import ActionForm
from assessment.web_support import DatabaseBusy, commit_with_retry, organisation_target, required, workshop_target
from assessment.web_support import lazy_text as _l

bp = Blueprint("lifecycle", __name__)
log = logging.getLogger(__name__)
TOKEN_IN_LINK = re.compile(r"(?:/r/)?([A-Za-z0-9_-]{40,64})(?:/[a-z]+)?/?$")


class RenameForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])


class WorkshopSettingsForm(FlaskForm):
    title = StringField(_l("Workshop title"), validators=[DataRequired(), Length(max=200)])
    threshold = IntegerField(
        _l("Smallest group shown on its own"),
        validators=[DataRequired(), NumberRange(min=2, max=50)],
        description=_l("It can be raised at any time; once answers are in it cannot be lowered."),
    )
    closes_at = DateTimeLocalField(_l("Closes automatically at (optional, UTC)"), validators=[Optional()])


class ResponseLinkForm(FlaskForm):
    link = StringField(
        _l("The participant's personal link"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("The participant finds it at the top of every page of their questionnaire."),
    )
    confirm = HiddenField()


def _busy(template: str, status: int = 503, **context: object) -> ResponseReturnValue:
    return render_template(template, busy=True, **context), status, {"Retry-After": "5"}


@bp.route("/organisations/<int:organisation_id>/settings", methods=["GET", "POST"])
@login_required
def organisation_settings(organisation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    form = RenameForm(data={"name": organisation.name})
    if not form.validate_on_submit():
        return render_template(
            "workshops/rename.html", organisation=organisation, form=form
        ), 422 if form.errors else 200

    def work() -> str:
        old = rename(session(), organisation, required(form.name.data))
        record(session(), signed_in_user(), "renamed organisation", organisation_target(organisation), f"was: {old}")
        return old

    try:
        commit_with_retry(work)
    except DatabaseBusy:
        return _busy("workshops/rename.html", organisation=organisation, form=form)
    flash(_("Renamed to “%(name)s”.", name=organisation.name), "info")
    return redirect(url_for("workshops.organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/delete", methods=["GET", "POST"])
@login_required
def delete_organisation_page(organisation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    contents = organisation_contents(session(), organisation)
    if request.method == "GET":
        return render_template(
            "workshops/delete.html", what=organisation.name, contents=contents, form=ActionForm(), kind="organisation"
        )
    if not ActionForm().validate():
        abort(400)
    target = organisation_target(organisation)
    delete_organisation(session(), organisation)
    detail = f"{contents.workshops} workshops, {contents.responses} responses, {contents.plans} plans"
    record(session(), signed_in_user(), "deleted organisation", target, detail)
    session().commit()
    flash(_("“%(name)s” and everything in it is deleted.", name=target.name), "info")
    return redirect(url_for("workshops.index"))


def _settings_page(
    workshop: Workshop, form: WorkshopSettingsForm, status: int = 200, **extra: object
) -> ResponseReturnValue:
    return render_template("workshops/settings.html", workshop=workshop, form=form, **extra), status


@bp.route("/workshops/<int:workshop_id>/settings", methods=["GET", "POST"])
@login_required
def workshop_settings(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    closes = workshop.closes_at.replace(tzinfo=None) if workshop.closes_at else None
    form = WorkshopSettingsForm(
        data={"title": workshop.title, "threshold": workshop.anonymity_threshold, "closes_at": closes}
    )
    if not form.validate_on_submit():
        return _settings_page(workshop, form, 422 if form.errors else 200)
    closes_at = form.closes_at.data.replace(tzinfo=UTC) if form.closes_at.data else None
    try:
        commit_with_retry(lambda: _apply_settings(workshop, form, closes_at))
    except ChangeRefused as exc:
        session().rollback()
        form.threshold.errors = [_("Not changed: %(reason)s.", reason=str(exc))]
        return _settings_page(workshop_or_404(workshop_id), form, 422)
    except DatabaseBusy:
        return _settings_page(workshop, form, 503, busy=True)
    flash(_("Settings saved."), "info")
    return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))


def _apply_settings(workshop: Workshop, form: WorkshopSettingsForm, closes_at: datetime | None) -> None:
    changes = []
    if required(form.title.data).strip() != workshop.title:
        changes.append(f"title was: {rename(session(), workshop, required(form.title.data))}")
    if form.threshold.data != workshop.anonymity_threshold:
        old = workshop.anonymity_threshold
        change_threshold(session(), workshop, required(form.threshold.data))
        changes.append(f"threshold {old} -> {workshop.anonymity_threshold}")
    if closes_at != workshop.closes_at:
        change_closing_time(session(), workshop, closes_at)
        changes.append(f"closes at {closes_at.isoformat() if closes_at else 'never'}")
    if changes:
        record(session(), signed_in_user(), "changed workshop", workshop_target(workshop), "; ".join(changes))


@bp.route("/workshops/<int:workshop_id>/delete", methods=["GET", "POST"])
@login_required
def delete_workshop_page(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    contents = workshop_contents(session(), workshop)
    if request.method == "GET":
        return render_template(
            "workshops/delete.html", what=workshop.title, contents=contents, form=ActionForm(), kind="workshop"
        )
    if not ActionForm().validate():
        abort(400)
    target, organisation_id = workshop_target(workshop), workshop.organisation_id
    delete_workshop(session(), workshop)
    record(session(), signed_in_user(), "deleted workshop", target, f"{contents.responses} responses")
    session().commit()
    flash(_("The workshop “%(title)s” and its answers are deleted.", title=target.name), "info")
    return redirect(url_for("workshops.organisation", organisation_id=organisation_id))


def _response_of(workshop: Workshop, link: str) -> Response | None:
    match = TOKEN_IN_LINK.search(link.strip())
    response = find_response(session(), match.group(1)) if match else None
    return response if response is not None and response.workshop_id == workshop.id else None


@bp.route("/workshops/<int:workshop_id>/responses/remove", methods=["GET", "POST"])
@login_required
def delete_response_page(workshop_id: int) -> ResponseReturnValue:
    """Step one: paste the participant's link and see what it is; step two: confirm."""
    workshop = workshop_or_404(workshop_id)
    form = ResponseLinkForm()
    if request.method == "GET" or not form.validate():
        return render_template("workshops/remove_response.html", workshop=workshop, form=form, found=None), (
            422 if form.errors else 200
        )
    response = _response_of(workshop, required(form.link.data))
    if response is None:
        form.link.errors = [_("This link does not lead to a response of this workshop.")]
        return render_template("workshops/remove_response.html", workshop=workshop, form=form, found=None), 404
    if form.confirm.data != "yes":
        form.confirm.data = "yes"
        return render_template("workshops/remove_response.html", workshop=workshop, form=form, found=response)
    target, response_id = workshop_target(workshop), response.id
    delete_response(session(), response)
    record(session(), signed_in_user(), "deleted response", target, f"response {response_id}")
    session().commit()
    flash(_("The response is deleted; the figures no longer count it."), "info")
    return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))
