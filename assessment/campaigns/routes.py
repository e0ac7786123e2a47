"""The campaign owner's pages: create a campaign, add people, launch, watch response rates and failures.

Every route finds the organisation or campaign through `assessment.access`, so another
consultant's id answers 404 like one that does not exist.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

# SelectChoice is new in WTForms 3.3 and not yet in types-WTForms
from wtforms import SelectChoice  # type: ignore[attr-defined]

from assessment.access import campaign_or_404, login_required, organisation_or_404, signed_in_user
from assessment.campaigns.forms import BouncesForm, CampaignForm, PeopleForm
from assessment.db import session
from assessment.locales import LANGUAGES
from assessment.mails import link_secret
from assessment.models_campaigns import Campaign
from assessment.services.bounces import address_lines
from assessment.services.campaigns import (
    add_invitees,
    create_campaign,
    launch,
    record_bounces,
    response_rates,
    submitted_by_unit,
)
from assessment.services.invitees import FileRefused, InviteeProblem, parse_invitees
from assessment.services.questionnaires import compiled, latest_version, versions_for_team
from assessment.survey.forms import ActionForm
from assessment.tasks.mail import start_sending
from assessment.web_support import publisher_label, required

bp = Blueprint("campaigns", __name__)
log = logging.getLogger(__name__)


def _campaign_form(formdata: Any = None) -> CampaignForm:
    form = CampaignForm(formdata=formdata)
    form.questionnaire.choices = [
        SelectChoice(v.questionnaire_id, f"{v.title} (v{v.version}) · {publisher_label(v)}")
        for v in versions_for_team(session(), signed_in_user().team_id)  # as for a workshop: everyone's and the team's
    ]
    form.locale.choices = [SelectChoice(code, name) for code, name in LANGUAGES.items()]
    return form


@bp.route("/organisations/<int:organisation_id>/campaigns/new", methods=["GET", "POST"])
@login_required
def new(organisation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    form = _campaign_form(request.form if request.method == "POST" else None)
    if request.method == "GET" or not form.validate():
        status = 422 if request.method == "POST" else 200
        return render_template("campaigns/new.html", organisation=organisation, form=form), status
    version = latest_version(session(), required(form.questionnaire.data))
    if version is None:
        abort(404)
    campaign = create_campaign(
        session(),
        organisation,
        version,
        required(form.title.data),
        sender_name=required(form.sender.data),
        reminder_days=[int(d) for d in re.findall(r"[0-9]+", form.reminders.data or "")],
        locale=form.locale.data,
        threshold=required(form.threshold.data),
        closes_at=form.closes_at.data.replace(tzinfo=UTC) if form.closes_at.data else None,
        created_by=signed_in_user(),
    )
    session().commit()
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.get("/campaigns/<int:campaign_id>")
@login_required
def show(campaign_id: int) -> ResponseReturnValue:
    return _page(campaign_or_404(campaign_id))


def _page(
    campaign: Campaign,
    people: PeopleForm | None = None,
    problems: list[InviteeProblem] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    rates = response_rates(session(), campaign)
    return render_template(
        "campaigns/campaign.html",
        campaign=campaign,
        organisation=campaign.workshop.organisation,
        rates=rates,
        answered=submitted_by_unit(session(), campaign),
        people_form=people or PeopleForm(formdata=None),
        bounces_form=BouncesForm(formdata=None),
        action_form=ActionForm(),
        problems=problems or [],
        problem_text=problem_text,
        mail_configured=bool(_config("MAIL_SERVER")),
        job=request.args.get("job", ""),
    ), status


def _config(name: str) -> Any:
    return current_app.config[name]


@bp.post("/campaigns/<int:campaign_id>/people")
@login_required
def add_people(campaign_id: int) -> ResponseReturnValue:
    campaign = campaign_or_404(campaign_id)
    form = PeopleForm()
    if not form.validate():
        return _page(campaign, form, status=422)
    upload = form.file.data
    data: bytes | str = upload.read() if upload and getattr(upload, "filename", "") else (form.pasted.data or "")
    q = compiled(campaign.workshop.questionnaire_version)
    try:
        people, problems = parse_invitees(data, tuple(q.locales), campaign.workshop.locale)
    except FileRefused:
        form.file.errors = [_("This file could not be read as text. Save it as CSV (UTF-8) and try again.")]
        return _page(campaign, form, status=422)
    if problems or not people:
        if not problems:
            form.pasted.errors = [_("The list is empty.")]
        return _page(campaign, form, problems, status=422)
    added, already = add_invitees(session(), campaign, people, link_secret())
    session().commit()
    flash(ngettext("%(num)d person added.", "%(num)d people added.", added), "info")
    if already:
        flash(ngettext("%(num)d was already on the list.", "%(num)d were already on the list.", already), "info")
    if campaign.launched_at is not None and added:
        return _start_sending(campaign)
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.post("/campaigns/<int:campaign_id>/launch")
@login_required
def start(campaign_id: int) -> ResponseReturnValue:
    campaign = campaign_or_404(campaign_id)
    if not ActionForm().validate():
        abort(400)
    if not _config("MAIL_SERVER"):
        flash(_("No mail server is configured (MAIL_SERVER), so nothing can be sent yet."), "error")
        return redirect(url_for("campaigns.show", campaign_id=campaign.id))
    if not campaign.base_url:
        campaign.base_url = request.url_root.rstrip("/")
    launch(session(), campaign)
    session().commit()
    return _start_sending(campaign)


def _start_sending(campaign: Campaign) -> ResponseReturnValue:
    job = start_sending(campaign.id, signed_in_user().id)
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, job=job))


@bp.post("/campaigns/<int:campaign_id>/bounces")
@login_required
def bounces(campaign_id: int) -> ResponseReturnValue:
    campaign = campaign_or_404(campaign_id)
    form = BouncesForm()
    if not form.validate():
        return _page(campaign, status=422)
    found = address_lines(form.addresses.data or "")
    changed = record_bounces(session(), found)
    session().commit()
    flash(ngettext("%(num)d invitation marked as bounced.", "%(num)d invitations marked as bounced.", changed), "info")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


def problem_text(problem: InviteeProblem) -> str:
    texts = {
        "address": _(
            "line %(line)d: “%(value)s” is not an e-mail address we can send to", line=problem.line, value=problem.value
        ),
        "duplicate": _("line %(line)d: %(value)s is listed twice", line=problem.line, value=problem.value),
        "language": _(
            "line %(line)d: the questionnaire has no language “%(value)s”", line=problem.line, value=problem.value
        ),
        "too_long": _(
            "line %(line)d: the %(field)s is too long",
            line=problem.line,
            field={"name": _("name"), "unit": _("unit"), "role": _("role")}.get(problem.value, problem.value),
        ),
        "too_many": _(
            "line %(line)d: a list may have at most %(value)s people", line=problem.line, value=problem.value
        ),
    }
    return texts.get(problem.kind, _("line %(line)d: cannot be read", line=problem.line))
