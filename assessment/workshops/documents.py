"""A workshop's results as files: an editable PowerPoint deck, an XLSX workbook, and the PDF of
its comparison with a baseline.

All are in the workshop's language and read the dashboard's (or the compare page's) figures
and the CSV export's rows, so they hide exactly what those hide.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _

from assessment.access import login_required, signed_in_user, workshop_or_404
from assessment.db import session
from assessment.downloads import paper_size, pdf_download
from assessment.group_figures import workshop_facts
from assessment.jobqueue import InlineJobs, enqueue_pdf, jobs
from assessment.models import Workshop
from assessment.services.group import export_rows, workshop_group
from assessment.services.questionnaires import compiled
from assessment.services.workshops import report_locale
from assessment.tasks.comparison import comparison_filename, comparison_pdf
from assessment.workshops.compared import baseline_or_404
from reports.group_presenter import dashboard_figures
from reports.result_presenter import ResultView, build_view
from reports.svg import ChartEngineUnavailable
from scoring import parse_answers

bp = Blueprint("documents", __name__)
log = logging.getLogger(__name__)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figures(workshop: Workshop) -> tuple[dict[str, Any], ResultView | None]:
    """The dashboard's figures and the group result's view, worded in the workshop's language."""
    q = compiled(workshop.questionnaire_version)
    group = workshop_group(session(), workshop)
    with force_locale(workshop.locale):
        data = dashboard_figures(q, workshop_facts(workshop), group, workshop.locale)
        if group.suppressed or group.group_result is None:
            return data, None
        answers = parse_answers(q, group.group_answers)
        return data, build_view(q, answers, group.group_result, workshop.locale, label=workshop.organisation.name)


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _questionnaire_title(workshop: Workshop) -> str:
    q = compiled(workshop.questionnaire_version)
    return q.text(q.spec.title, workshop.locale)


@bp.get("/workshops/<int:workshop_id>/results.pptx")
@login_required
def deck(workshop_id: int) -> ResponseReturnValue:
    from reports.deck import DeckMeta, render_workshop_deck  # python-pptx loads on the first deck, not at start

    workshop = workshop_or_404(workshop_id)
    data, view = _figures(workshop)
    meta = DeckMeta(
        workshop.title, workshop.organisation.name, _questionnaire_title(workshop), workshop.locale, date.today()
    )
    return _download(render_workshop_deck(meta, data, view), PPTX, f"workshop-{workshop.join_code}-results.pptx")


@bp.get("/workshops/<int:workshop_id>/results.xlsx")
@login_required
def workbook(workshop_id: int) -> ResponseReturnValue:
    from reports.workbook import WorkbookMeta, render_workshop_workbook  # openpyxl loads on the first workbook

    workshop = workshop_or_404(workshop_id)
    data, _view = _figures(workshop)
    header, rows = export_rows(session(), workshop)
    meta = WorkbookMeta(
        workshop.title, workshop.organisation.name, _questionnaire_title(workshop), workshop.locale, date.today()
    )
    content = render_workshop_workbook(meta, data, header, rows)
    return _download(content, XLSX, f"workshop-{workshop.join_code}-results.xlsx")


@bp.get("/workshops/<int:workshop_id>/compare.pdf")
@login_required
def compare_pdf(workshop_id: int) -> ResponseReturnValue:
    """The compare page as a PDF, in the follow-up's language (or `?lang=xx`, one of its questionnaire's):
    a worker renders it while /jobs/<id> shows its progress; without a worker, this request does."""
    workshop = workshop_or_404(workshop_id)
    baseline = baseline_or_404(workshop)
    locale = report_locale(workshop, request.args.get("lang", ""))
    size = paper_size(request.args.get("size"))
    if not isinstance(jobs(), InlineJobs):  # a worker renders it; this request stays short
        job = enqueue_pdf(
            "assessment.tasks.comparison.render_comparison_job",
            {"workshop_id": workshop.id, "baseline_id": baseline.id, "size": size, "lang": locale},
            description=_("Comparison of %(after)s with %(before)s", after=workshop.title, before=baseline.title),
            owner_id=signed_in_user().id,
            scope=f"workshop:{workshop.id}",
        )
        return redirect(url_for("jobs.show", job_id=job))
    try:
        pdf = comparison_pdf(workshop, baseline, locale, size)
    except ChartEngineUnavailable as exc:
        log.error("comparison PDF for workshop %s failed: %s", workshop.id, exc)
        back = url_for("workshops.compare", workshop_id=workshop.id) + f"?with={baseline.id}"
        return render_template("errors/pdf_unavailable.html", reason=str(exc), back_url=back), 503
    return pdf_download(pdf, comparison_filename(workshop, baseline))
