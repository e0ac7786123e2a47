"""The consultant's pages: organisations, workshops, the live dashboard, agreed answers, exports.

Every route looks the organisation or workshop up through its owner, so another consultant's
id in the URL gives 404, exactly like an id that does not exist.
"""

from __future__ import annotations

import logging
from datetime import UTC
from typing import Any

import segno
from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from assessment.access import login_required, organisation_or_404, signed_in_user, workshop_or_404
from assessment.db import session
from assessment.downloads import csv_response, paper_size, pdf_download, report_branding
from assessment.group_figures import kept_group, workshop_facts
from assessment.jobqueue import InlineJobs, enqueue_pdf, jobs
from assessment.models import INVITATION, AgreedAnswer, Workshop
from assessment.plans.forms import WorkshopPlanForm
from assessment.services.audit import record
from assessment.services.benchmarks import workshop_benchmark
from assessment.services.campaigns import campaign_of_workshop, response_rates
from assessment.services.group import baseline_of, compare_workshops, export_rows, workshop_group
from assessment.services.questionnaires import chosen_version, compiled
from assessment.services.workshops import (
    agreed_answers,
    close_workshop,
    create_organisation,
    create_workshop,
    earlier_workshops,
    organisations_of,
    record_agreed_answer,
    remove_agreed_answer,
    reopen_workshop,
    report_locale,
)
from assessment.survey.fields import field_type
from assessment.survey.forms import ActionForm
from assessment.tasks.reports import group_pdf
from assessment.web_support import (
    DATABASE_ERRORS,
    organisation_target,
    required,
    save_failed,
    workshop_target,
)

# SelectChoice is new in WTForms 3.3 and not yet in types-WTForms
from assessment.workshops.compared import baseline_or_404
from assessment.workshops.exports import json_export
from assessment.workshops.forms import OrganisationForm, agreed_form
from assessment.workshops.organisation_page import organisation_page, profile_form, workshop_form
from reports.benchmark_presenter import benchmark_view
from reports.charts import comparison_figure
from reports.group_presenter import comparison_view, dashboard_data
from reports.svg import ChartEngineUnavailable
from scoring import Questionnaire
from scoring.answers import parse_value

bp = Blueprint("workshops", __name__)
log = logging.getLogger(__name__)


@bp.get("/workshops")
@login_required
def index() -> ResponseReturnValue:
    organisations = organisations_of(session(), signed_in_user())
    return render_template("workshops/index.html", organisations=organisations, form=OrganisationForm())


@bp.post("/organisations")
@login_required
def new_organisation() -> ResponseReturnValue:
    form = OrganisationForm()
    if not form.validate():
        organisations = organisations_of(session(), signed_in_user())
        return render_template("workshops/index.html", organisations=organisations, form=form), 422
    try:
        organisation = create_organisation(session(), signed_in_user(), required(form.name.data))
        record(session(), signed_in_user(), "created organisation", organisation_target(organisation))
        session().commit()
    except DATABASE_ERRORS as exc:
        save_failed(exc)
        organisations = organisations_of(session(), signed_in_user())
        return render_template("workshops/index.html", organisations=organisations, form=form, busy=True), 503
    return redirect(url_for("workshops.organisation", organisation_id=organisation.id))


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    return organisation_page(organisation, workshop_form(organisation))


@bp.post("/organisations/<int:organisation_id>/profile")
@login_required
def organisation_profile(organisation_id: int) -> ResponseReturnValue:
    """Industry and size band: which peers the organisation's results are compared with."""
    organisation = organisation_or_404(organisation_id)
    form = profile_form(organisation, request.form)
    if not form.validate():
        return organisation_page(organisation, workshop_form(organisation), 422, profile=form)
    organisation.industry = form.industry.data or None
    organisation.size_band = form.size_band.data or None
    session().commit()
    flash(_("Industry and size saved."), "success")
    return redirect(url_for("workshops.organisation", organisation_id=organisation.id))


@bp.post("/organisations/<int:organisation_id>/workshops")
@login_required
def new_workshop(organisation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    form = workshop_form(organisation, request.form)
    if not form.validate():
        return organisation_page(organisation, form, 422)
    version = chosen_version(session(), required(form.questionnaire.data))
    if version is None:  # the form offered only published versions
        abort(404)
    baseline = next((w for w in organisation.workshops if str(w.id) == form.baseline.data), None)
    closes_at = form.closes_at.data.replace(tzinfo=UTC) if form.closes_at.data else None
    try:
        workshop = create_workshop(
            session(),
            organisation,
            version,
            required(form.title.data),
            required(form.threshold.data),
            closes_at=closes_at,
            baseline=baseline,
            locale=form.locale.data,
        )
        record(session(), signed_in_user(), "created workshop", workshop_target(workshop))
        session().commit()
    except DATABASE_ERRORS as exc:
        save_failed(exc)
        return organisation_page(organisation_or_404(organisation_id), form, 503, busy=True)
    return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))


@bp.get("/workshops/<int:workshop_id>")
@login_required
def dashboard(workshop_id: int) -> ResponseReturnValue:
    return _dashboard_page(workshop_or_404(workshop_id))


def _dashboard_page(workshop: Workshop, refused: FlaskForm | None = None, question_id: str = "") -> ResponseReturnValue:
    """The dashboard; `refused`: an agreed-answer form that came back with errors (for question_id)."""
    q = compiled(workshop.questionnaire_version)
    join_url = url_for("join.by_link", token=workshop.link_token, _external=True)
    agreed = agreed_answers(session(), workshop)
    scored = [qid for qid, question in q.questions.items() if question.type != "text"]
    forms = {qid: agreed_form_for(q, workshop, qid, agreed) for qid in scored}
    if refused is not None:
        forms[question_id] = refused
    group = kept_group(session(), workshop)
    campaign = campaign_of_workshop(session(), workshop.id) if workshop.mode == INVITATION else None
    return render_template(
        "workshops/dashboard.html",
        workshop=workshop,
        q=q,
        join_url=join_url,
        data=dashboard_data(q, workshop_facts(workshop), group, workshop.locale),
        benchmark=benchmark_view(q, workshop_benchmark(session(), workshop, group), workshop.locale),
        agreed_forms=forms,
        agreed=agreed,
        action_form=ActionForm(),
        plan_form=WorkshopPlanForm(),
        locale=workshop.locale,
        earlier=earlier_workshops(session(), workshop),
        campaign=campaign,
        rates=response_rates(session(), campaign) if campaign else None,
        refused=refused,
        refused_question=question_id,
    ), (200 if refused is None else 422)


def agreed_form_for(q: Questionnaire, workshop: Workshop, qid: str, agreed: dict[str, AgreedAnswer]) -> FlaskForm:
    row = agreed.get(qid)
    data: dict[str, Any] = {}
    if row is not None:
        question = q.questions[qid]
        data = dict(field_type(question).fill(question, row.value["answer"]))
        data["note"] = row.note or ""
    return agreed_form(q, qid, workshop.locale, data=data)


@bp.get("/workshops/<int:workshop_id>/dashboard.json")
@login_required
def dashboard_json(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    q = compiled(workshop.questionnaire_version)
    return jsonify(dashboard_data(q, workshop_facts(workshop), kept_group(session(), workshop), workshop.locale))


@bp.get("/workshops/<int:workshop_id>/qr.svg")
@login_required
def qr_code(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    join_url = url_for("join.by_link", token=workshop.link_token, _external=True)
    svg = segno.make(join_url, error="m").svg_inline(scale=8)
    return Response(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1), mimetype="image/svg+xml")


def _checked_action() -> None:
    if not ActionForm().validate():
        abort(400)


@bp.post("/workshops/<int:workshop_id>/close")
@login_required
def close(workshop_id: int) -> ResponseReturnValue:
    _checked_action()
    workshop = workshop_or_404(workshop_id)
    if close_workshop(session(), workshop):
        record(session(), signed_in_user(), "closed workshop", workshop_target(workshop))
        flash(_("The workshop is closed: the code no longer works and no more answers are accepted."), "info")
    session().commit()
    return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/reopen")
@login_required
def reopen(workshop_id: int) -> ResponseReturnValue:
    _checked_action()
    workshop = workshop_or_404(workshop_id)
    if workshop.purged_at is not None:
        flash(_("The answers of this workshop were deleted after the retention period, so it stays closed."), "error")
        return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))
    reopen_workshop(session(), workshop)
    record(session(), signed_in_user(), "reopened workshop", workshop_target(workshop))
    session().commit()
    flash(_("The workshop is open again."), "info")
    return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/agreed/<question_id>")
@login_required
def record_agreed(workshop_id: int, question_id: str) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    q = compiled(workshop.questionnaire_version)
    question = q.questions.get(question_id)
    if question is None or question.type == "text":
        abort(404)
    form = agreed_form(q, question_id, workshop.locale, formdata=request.form)
    raw = field_type(question).read(form, question) if form.validate() else None
    try:
        if raw is None:
            raise ValueError("no answer chosen")
        parse_value(question, raw)
        record_agreed_answer(session(), workshop, question_id, raw, form["note"].data, signed_in_user())
    except ValueError:
        log.info("workshop %s: agreed answer to %s refused", workshop.id, question_id)
        message = _("Choose the answer the group agreed on before saving it.")
        if request.form.get("back") == "present":  # the projected page shows no form errors: a message
            flash(message, "error")
            return _back_to_question(workshop, question_id)
        if not form["note"].errors or form[question_id].errors:
            form[question_id].errors = [message]
        return _dashboard_page(workshop, form, question_id)
    session().commit()
    flash(_("Agreed answer saved for “%(question)s”.", question=q.text(question.spec.text, workshop.locale)), "info")
    return _back_to_question(workshop, question_id)


def _back_to_question(workshop: Workshop, question_id: str) -> ResponseReturnValue:
    """Back where the agreed answer was recorded: the presenter's question, or the dashboard's form."""
    if request.form.get("back") == "present":
        return redirect(url_for("present.show", workshop_id=workshop.id, _anchor=f"q-{question_id}"))
    return redirect(url_for("workshops.dashboard", workshop_id=workshop.id, _anchor=f"agree-{question_id}"))


@bp.post("/workshops/<int:workshop_id>/agreed/<question_id>/delete")
@login_required
def delete_agreed(workshop_id: int, question_id: str) -> ResponseReturnValue:
    _checked_action()
    workshop = workshop_or_404(workshop_id)
    remove_agreed_answer(session(), workshop, question_id)
    session().commit()
    return _back_to_question(workshop, question_id)


@bp.get("/workshops/<int:workshop_id>/report.pdf")
@login_required
def group_report(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    size = paper_size(request.args.get("size"))
    locale = report_locale(workshop, request.args.get("lang", ""))
    if not isinstance(jobs(), InlineJobs):  # a worker renders it; this request stays short
        job = enqueue_pdf(
            "assessment.tasks.reports.render_group_report_job",
            {"workshop_id": workshop.id, "size": size, "lang": locale},
            description=_("Group report of %(title)s", title=workshop.title),
            owner_id=signed_in_user().id,
            scope=f"workshop:{workshop.id}",
        )
        return redirect(url_for("jobs.show", job_id=job))
    q = compiled(workshop.questionnaire_version)
    group = workshop_group(session(), workshop)
    data = dashboard_data(q, workshop_facts(workshop), group, locale)
    try:
        benchmark = workshop_benchmark(session(), workshop, group)
        pdf = group_pdf(
            workshop,
            group,
            data,
            locale,
            size,
            benchmark,
            baseline=baseline_of(session(), workshop),
            branding=report_branding(workshop.organisation),
        )
    except ChartEngineUnavailable as exc:
        log.error("group report for workshop %s failed: %s", workshop.id, exc)
        back = url_for("workshops.dashboard", workshop_id=workshop.id)
        return render_template("errors/pdf_unavailable.html", reason=str(exc), back_url=back), 503
    return pdf_download(pdf, f"workshop-report-{workshop.join_code}.pdf")


@bp.get("/workshops/<int:workshop_id>/export.csv")
@login_required
def export_csv(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    header, rows = export_rows(session(), workshop)
    return csv_response(header, rows, f"workshop-{workshop.join_code}-answers.csv")


@bp.get("/workshops/<int:workshop_id>/export.json")
@login_required
def export_json(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    return json_export(session(), workshop)


@bp.get("/workshops/<int:workshop_id>/compare")
@login_required
def compare(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    baseline = baseline_or_404(workshop)
    base_q, follow_q, comparison = compare_workshops(session(), baseline, workshop)
    view = comparison_view(base_q, follow_q, comparison, workshop.locale)
    chart = comparison_figure(
        view["dimensions"], _("Before: %(title)s", title=baseline.title), _("After: %(title)s", title=workshop.title)
    )
    return render_template("workshops/compare.html", workshop=workshop, baseline=baseline, view=view, chart=chart)
