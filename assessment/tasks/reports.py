"""PDF reports rendered in the background: the page says "preparing your report", then offers it."""

from __future__ import annotations

from typing import Any

from assessment.db import session
from assessment.downloads import report_branding
from assessment.group_figures import workshop_facts
from assessment.jobqueue import report_progress
from assessment.models import Organisation, Response, Workshop
from assessment.services.benchmarks import response_benchmark, workshop_benchmark
from assessment.services.group import baseline_of, workshop_group
from assessment.services.questionnaires import compiled
from assessment.services.responses import find_response, result_of
from reports.group_presenter import dashboard_data
from reports.group_report import render_group_report
from reports.report import render_report_pdf


def response_pdf(response: Response, page_size: str) -> bytes:
    """A submitted response's PDF report, as the download and the background job both make it."""
    q, answers, result = result_of(response)
    return render_report_pdf(
        q,
        answers,
        result,
        response.locale,
        label=response.label or "",
        when=response.submitted_on,
        page_size=page_size,
        benchmark=response_benchmark(session(), response, result),
        branding=report_branding(_organisation_of(response)),
    )


def _organisation_of(response: Response) -> Organisation | None:
    """The organisation whose branding a response's report carries: its workshop's, if any."""
    workshop = session().get(Workshop, response.workshop_id) if response.workshop_id else None
    return workshop.organisation if workshop else None


def render_response_report(token: str, size: str) -> dict[str, Any]:
    response = find_response(session(), token)
    if response is None or not response.submitted:
        raise LookupError("no submitted response for this link")
    report_progress(0, 2)
    pdf = response_pdf(response, "Letter" if size == "Letter" else "A4")
    report_progress(2, 2)
    return {"pdf": pdf, "filename": f"readiness-report-{response.submitted_at:%Y-%m-%d}.pdf"}


def render_group_report_job(workshop_id: int, size: str) -> dict[str, Any]:
    workshop = session().get(Workshop, workshop_id)
    if workshop is None:
        raise LookupError(f"workshop {workshop_id} is gone")
    report_progress(0, 2)
    q = compiled(workshop.questionnaire_version)
    group = workshop_group(session(), workshop)
    data = dashboard_data(q, workshop_facts(workshop), group, workshop.locale)
    report_progress(1, 2)
    page_size = "Letter" if size == "Letter" else "A4"
    pdf = render_group_report(
        q,
        group,
        data,
        workshop.title,
        workshop.organisation.name,
        workshop.locale,
        page_size=page_size,
        benchmark=workshop_benchmark(session(), workshop, group),
        baseline=baseline_of(session(), workshop),
        branding=report_branding(workshop.organisation),
    )
    report_progress(2, 2)
    return {"pdf": pdf, "filename": f"workshop-report-{workshop.join_code}.pdf"}
