"""PDF reports rendered in the background: the page says "preparing your report", then offers it."""

from __future__ import annotations

from datetime import date
from typing import Any

from assessment.db import session
from assessment.downloads import paper_size, report_branding
from assessment.group_figures import workshop_facts
from assessment.jobqueue import report_progress
from assessment.models import Response, Workshop
from assessment.report_cache import ReportKey, cached_pdf, state_digest
from assessment.services.benchmarks import response_benchmark, workshop_benchmark
from assessment.services.group import baseline_of, workshop_group
from assessment.services.questionnaires import compiled
from assessment.services.responses import find_response, result_of
from assessment.services.workshops import report_locale
from reports.branding import Branding, branding_fingerprint
from reports.group_presenter import dashboard_data
from reports.group_report import render_group_report
from reports.report import render_report_pdf
from scoring.benchmark import Benchmark
from scoring.group import GroupResult


def response_pdf(response: Response, page_size: str) -> bytes:
    """A submitted response's PDF report, as the download and the background job both make it
    (rendered once, then read from the report cache until something it shows changes)."""
    q, answers, result = result_of(response)
    benchmark = response_benchmark(session(), response, result)
    version = response.questionnaire_version
    workshop = session().get(Workshop, response.workshop_id) if response.workshop_id else None
    branding = report_branding(workshop.organisation if workshop else None)
    key = ReportKey(
        kind="response",
        scope=f"organisation:{workshop.organisation_id}" if workshop else f"response:{response.id}",
        state=state_digest(
            response.id, response.answers, response.revision, response.label, response.submitted_on, benchmark
        ),
        questionnaire=f"{version.questionnaire_id}@{version.version}",
        locale=response.locale,
        page_size=page_size,
        branding=branding.fingerprint(),
    )
    return cached_pdf(
        key,
        lambda: render_report_pdf(
            q,
            answers,
            result,
            response.locale,
            label=response.label or "",
            when=response.submitted_on,
            page_size=page_size,
            benchmark=benchmark,
            branding=branding,
        ),
    )


def group_pdf(
    workshop: Workshop,
    group: GroupResult,
    data: dict[str, Any],
    locale: str,
    page_size: str,
    benchmark: Benchmark | None,
    baseline: tuple[str, date, GroupResult] | None = None,
    branding: Branding | None = None,
) -> bytes:
    """A workshop's group report (download and background job), through the report cache: `data`
    (the dashboard's figures), the group's answers and the baseline are what its pages show."""
    version = workshop.questionnaire_version
    key = ReportKey(
        kind="workshop",
        scope=f"organisation:{workshop.organisation_id}",
        state=state_digest(
            workshop.id,
            workshop.title,
            workshop.organisation.name,
            data,
            group.group_answers,
            benchmark,
            (baseline[0], baseline[1], baseline[2].group_answers, baseline[2].dimensions) if baseline else None,
            date.today(),
        ),
        questionnaire=f"{version.questionnaire_id}@{version.version}",
        locale=locale,
        page_size=page_size,
        branding=branding_fingerprint(branding),
    )
    q = compiled(version)
    return cached_pdf(
        key,
        lambda: render_group_report(
            q,
            group,
            data,
            workshop.title,
            workshop.organisation.name,
            locale,
            page_size=page_size,
            benchmark=benchmark,
            baseline=baseline,
            branding=branding,
        ),
    )


def render_response_report(token: str, size: str) -> dict[str, Any]:
    response = find_response(session(), token)
    if response is None or not response.submitted:
        raise LookupError("no submitted response for this link")
    report_progress(0, 2)
    pdf = response_pdf(response, paper_size(size))
    report_progress(2, 2)
    return {"pdf": pdf, "filename": f"readiness-report-{response.submitted_at:%Y-%m-%d}.pdf"}


def render_group_report_job(workshop_id: int, size: str, lang: str = "") -> dict[str, Any]:
    """The background job behind "Group report (PDF)", in `lang` when the questionnaire has it
    (jobs queued before `lang` was passed print in the workshop's language)."""
    workshop = session().get(Workshop, workshop_id)
    if workshop is None:
        raise LookupError(f"workshop {workshop_id} is gone")
    report_progress(0, 2)
    q = compiled(workshop.questionnaire_version)
    locale = report_locale(workshop, lang)
    group = workshop_group(session(), workshop)
    data = dashboard_data(q, workshop_facts(workshop), group, locale)
    report_progress(1, 2)
    pdf = group_pdf(
        workshop,
        group,
        data,
        locale,
        paper_size(size),
        workshop_benchmark(session(), workshop, group),
        baseline=baseline_of(session(), workshop),
        branding=report_branding(workshop.organisation),
    )
    report_progress(2, 2)
    return {"pdf": pdf, "filename": f"workshop-report-{workshop.join_code}.pdf"}
