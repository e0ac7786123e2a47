"""The respondent's journey: choose a questionnaire, answer page by page, resume, submit, see results."""

from __future__ import annotations

import hashlib
import logging

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.db import session
from assessment.downloads import paper_size, pdf_download
from assessment.extensions import limiter
from assessment.jobqueue import InlineJobs, JobState, enqueue_pdf, jobs
from assessment.mailer import MailSettings, MailUnavailable, send_batch
from assessment.mails import public_base, resume_mail
from assessment.models import Response
from assessment.services.audit import PARTICIPANT, record
from assessment.services.benchmarks import response_benchmark
from assessment.services.campaigns import is_opted_out, mark_finished
from assessment.services.invitees import normalise_address
from assessment.services.lifecycle import delete_response
from assessment.services.questionnaires import compiled, latest_version, listed_versions
from assessment.services.responses import (
    AlreadySubmitted,
    AnswersMissing,
    WorkshopClosed,
    find_response,
    result_of,
    save_page,
    start_response,
    submit_response,
)
from assessment.survey.forms import (
    ActionForm,
    ResumeMailForm,
    StartForm,
    check_page,
    initial_data,
    page_form,
    read_page,
)
from assessment.survey.presenter import Respondent, page_view, review_view
from assessment.tasks.reports import response_pdf
from assessment.web_support import DatabaseBusy, audit_target_of, commit_with_retry, current_locale, invitation_cookie
from reports.benchmark_presenter import benchmark_view
from reports.charts import screen_result_charts
from reports.result_presenter import build_view
from reports.svg import ChartEngineUnavailable
from scoring import Questionnaire

bp = Blueprint("survey", __name__)
log = logging.getLogger(__name__)


@bp.context_processor
def _email_form() -> dict[str, object]:
    return {"email_form": ResumeMailForm(formdata=None)}


def _response_or_404(token: str) -> Response:
    response = find_response(session(), token)
    if response is None:
        log.info("unknown response link requested")
        abort(404, description=_("This link does not lead to a questionnaire. Check that it was copied completely."))
    _follow_language_choice(response)
    return response


def _follow_language_choice(response: Response) -> None:
    """The survey in the language the person chose with the switch, where the questionnaire has it;
    the switch offers only the questionnaire's languages (none when it has one)."""
    offered = [
        code for code in compiled(response.questionnaire_version).locales if code in current_app.config["LOCALES"]
    ]
    chosen = request.cookies.get("locale")
    if chosen in offered and chosen != response.locale:
        response.locale = chosen  # kept with the next save, so the report follows too
    g.locale = response.locale
    g.language_choices = offered


@bp.get("/")
def landing() -> ResponseReturnValue:
    versions = listed_versions(session())
    items = []
    for row in versions:
        q = compiled(row)
        items.append({"row": row, "q": q, "form": StartForm(questionnaire=row.questionnaire_id)})
    return render_template("survey/landing.html", items=items, locale=current_locale())


@bp.post("/start")
def start() -> ResponseReturnValue:
    form = StartForm()
    if not form.validate():
        flash(_("Please keep the organisation name under 200 characters."), "error")
        return redirect(url_for("survey.landing"))
    version = latest_version(session(), form.questionnaire.data or "")
    if version is None or not version.listed:
        abort(404, description=_("This questionnaire is not available."))
    response = start_response(session(), version, current_locale(), label=form.label.data)
    session().commit()
    flash(_("Your personal link is shown at the top of every page. Bookmark it to continue later."), "info")
    return redirect(url_for("survey.page", token=response.token, page=0))


@bp.get("/r/<token>")
def resume(token: str) -> ResponseReturnValue:
    response = _response_or_404(token)
    if response.submitted:
        return redirect(url_for("survey.results", token=token))
    return redirect(url_for("survey.page", token=token, page=response.current_page))


@bp.route("/r/<token>/page/<int:page>", methods=["GET", "POST"])
def page(token: str, page: int) -> ResponseReturnValue:
    response = _response_or_404(token)
    if response.submitted:
        if request.method == "POST":
            flash(_("This questionnaire was already submitted; it can no longer be changed."), "info")
        return redirect(url_for("survey.results", token=token))
    q = compiled(response.questionnaire_version)
    if not 0 <= page < len(q.pages):
        abort(404, description=_("This page does not exist."))
    if request.method == "POST":
        return _save(response, q, page)
    form = page_form(q, page, response.locale, data=initial_data(q, page, response.answers or {}))
    view = page_view(q, Respondent.of(response), page, form, {}, stored=True)
    return render_template("survey/page.html", view=view)


def _save(response: Response, q: Questionnaire, page: int) -> ResponseReturnValue:
    form = page_form(q, page, response.locale, formdata=request.form)
    form.validate()
    found = read_page(q, page, form)
    action = request.form.get("action", "next")
    who = Respondent.of(response)
    check_page(q, page, found, who, require=(action == "next"))
    if found.errors:
        log.info("response %s page %s: %d answer(s) need attention", response.id, page, len(found.errors))
        return render_template("survey/page.html", view=page_view(q, who, page, form, found.errors)), 422
    target = min({"back": page - 1, "save": page}.get(action, page + 1), len(q.pages))
    try:
        commit_with_retry(lambda: save_page(session(), _reload(response), page, found.answers, target))
    except WorkshopClosed:
        session().rollback()
        log.info("response %s page %s: not saved, the workshop is closed", response.id, page)
        return render_template("survey/page.html", view=page_view(q, who, page, form, {}), closed=True), 409
    except DatabaseBusy:
        log.warning("response %s page %s: database busy, asked the respondent to retry", response.id, page)
        view = page_view(q, who, page, form, {})
        return render_template("survey/page.html", view=view, busy=True), 503, {"Retry-After": "5"}
    if action == "save":
        flash(_("Your answers are saved. Use your personal link to continue later."), "info")
        return redirect(url_for("survey.page", token=response.token, page=page))
    if target >= len(q.pages):
        return redirect(url_for("survey.review", token=response.token))
    return redirect(url_for("survey.page", token=response.token, page=max(0, target)))


def _reload(response: Response) -> Response:
    """The response as it is in the database now (after a concurrent save, the newer one)."""
    current = find_response(session(), response.token)
    if current is None or current.submitted:
        raise AlreadySubmitted()
    return current


@bp.get("/r/<token>/review")
def review(token: str) -> ResponseReturnValue:
    response = _response_or_404(token)
    if response.submitted:
        return redirect(url_for("survey.results", token=token))
    q = compiled(response.questionnaire_version)
    return render_template("survey/review.html", view=review_view(q, response), form=ActionForm())


@bp.post("/r/<token>/submit")
def submit(token: str) -> ResponseReturnValue:
    response = _response_or_404(token)
    form = ActionForm()
    if not form.validate():
        abort(400)
    try:
        first_time = submit_response(session(), response)
        session().commit()
    except AnswersMissing:
        q = compiled(response.questionnaire_version)
        view = review_view(q, response)
        return render_template("survey/review.html", view=view, form=ActionForm()), 422
    except WorkshopClosed:
        session().rollback()
        log.info("response %s: submission refused, workshop closed", response.id)
        flash(_("This workshop has closed, so answers can no longer be submitted. Your answers are kept."), "error")
        q = compiled(response.questionnaire_version)
        return render_template("survey/review.html", view=review_view(q, response), form=ActionForm()), 409
    if first_time:
        log.info("response %s submitted", response.id)
        invited = invitation_cookie()
        if invited and mark_finished(session(), invited, response):
            session().commit()
    return redirect(url_for("survey.results", token=token))


@bp.get("/r/<token>/results")
def results(token: str) -> ResponseReturnValue:
    response = _response_or_404(token)
    if not response.submitted:
        flash(_("Please finish and submit the questionnaire to see your results."), "info")
        return redirect(url_for("survey.resume", token=token))
    q, answers, result = result_of(response)
    view = build_view(q, answers, result, response.locale, label=response.label or "", when=response.submitted_on)
    view.benchmark = benchmark_view(q, response_benchmark(session(), response, result), response.locale)
    return render_template("survey/results.html", view=view, charts=screen_result_charts(view), response=response)


@bp.get("/r/<token>/report.pdf")
def report_pdf(token: str) -> ResponseReturnValue:
    response = _response_or_404(token)
    if not response.submitted:
        abort(404, description=_("The report is available once the questionnaire is submitted."))
    size = paper_size(request.args.get("size"))
    if not isinstance(jobs(), InlineJobs):  # a worker renders it; this request stays short
        job = enqueue_pdf(
            "assessment.tasks.reports.render_response_report",
            {"token": token, "size": size},
            description="PDF report",
            scope=_report_scope(token),
        )
        return redirect(url_for("survey.report_job", token=token, job_id=job))
    try:
        pdf = response_pdf(response, size)
    except ChartEngineUnavailable as exc:
        log.error("PDF report for response %s failed: %s", response.id, exc)
        back = url_for("survey.results", token=token)
        return render_template("errors/pdf_unavailable.html", reason=str(exc), back_url=back), 503
    return pdf_download(pdf, f"readiness-report-{response.submitted_at:%Y-%m-%d}.pdf")


@bp.route("/r/<token>/erase", methods=["GET", "POST"])
def erase(token: str) -> ResponseReturnValue:
    """The participant deletes their own answers through their link, after confirming."""
    response = _response_or_404(token)
    if request.method == "GET":
        return render_template("survey/erase.html", response=response, form=ActionForm())
    if not ActionForm().validate():
        abort(400)
    target, response_id = audit_target_of(response), response.id
    delete_response(session(), response)
    record(session(), PARTICIPANT, "erased own answers", target, f"response {response_id}")
    session().commit()
    log.info("response %s erased by its participant", response_id)
    flash(_("Your answers are erased. Nothing of them is kept."), "info")
    return redirect(url_for("survey.landing"))


def _report_scope(token: str) -> str:
    return "response:" + hashlib.sha256(token.encode()).hexdigest()


def _report_job_or_404(token: str, job_id: str) -> tuple[Response, JobState]:
    response = _response_or_404(token)
    state = jobs().state(job_id) if len(job_id) <= 64 else None
    if state is None or state.scope != _report_scope(token):
        abort(404, description=_("This report is no longer prepared. Download it again from your results."))
    return response, state


@bp.get("/r/<token>/report/<job_id>")
def report_job(token: str, job_id: str) -> ResponseReturnValue:
    """ "Preparing your report": polls until the worker is done, then offers the download."""
    response, state = _report_job_or_404(token, job_id)
    return render_template("survey/preparing.html", response=response, job=state, token=token)


@bp.get("/r/<token>/report/<job_id>/status.json")
def report_job_status(token: str, job_id: str) -> ResponseReturnValue:
    _response, state = _report_job_or_404(token, job_id)
    return jsonify({"status": state.status, "done": state.done, "progress": state.progress})


@bp.get("/r/<token>/report/<job_id>/download")
def report_job_download(token: str, job_id: str) -> ResponseReturnValue:
    _response, state = _report_job_or_404(token, job_id)
    result = state.result
    if not isinstance(result, dict) or "pdf" not in result:
        return redirect(url_for("survey.report_job", token=token, job_id=job_id))
    return pdf_download(result["pdf"], str(result.get("filename", "readiness-report.pdf")))


def _mail_limit() -> str:
    limit: str = current_app.config["MAIL_RATE_LIMIT"]
    return limit


@bp.post("/r/<token>/email-link")
@limiter.limit(_mail_limit)
@limiter.limit(_mail_limit, key_func=lambda: "resume-mail:" + request.path)
def email_link(token: str) -> ResponseReturnValue:
    """Mail the respondent their own resume link; the address is used for this one message only."""
    response = _response_or_404(token)
    form = ResumeMailForm()
    address = normalise_address(form.email.data or "") if form.validate() else None
    back = request.form.get("back", "")
    target = back if back.startswith(f"/r/{token}/") else url_for("survey.resume", token=token)
    if address is None:
        flash(_("Please enter an e-mail address such as name@example.org."), "error")
        return redirect(target)
    if not is_opted_out(session(), address):
        q = compiled(response.questionnaire_version)
        base = public_base(request.url_root)
        link = base + url_for("survey.resume", token=token)
        mail = resume_mail(address, link, q.text(q.spec.title, response.locale), response.locale, base)
        try:
            sent = all(
                refusal is None for _mail, refusal in send_batch(MailSettings.of(current_app.config), [(mail, "")])
            )
        except MailUnavailable as exc:
            log.error("resume link mail not sent: %s", exc)
            sent = False
        if not sent:
            flash(_("The e-mail could not be sent. Please copy the link instead."), "error")
            return redirect(target)
    flash(_("If this address accepts e-mail from us, the link is on its way. We have not kept the address."), "info")
    return redirect(target)
