"""PDF reports rendered in the background: the page says "preparing your report", then offers it."""

from __future__ import annotations

from typing import Any

from assessment.db import session
from assessment.jobqueue import report_progress
from assessment.services.responses import find_response, result_of
from reports.report import render_report_pdf


def render_response_report(token: str, size: str) -> dict[str, Any]:
    response = find_response(session(), token)
    if response is None or not response.submitted:
        raise LookupError("no submitted response for this link")
    report_progress(0, 2)
    q, answers, result = result_of(response)
    report_progress(1, 2)
    pdf = render_report_pdf(
        q,
        answers,
        result,
        response.locale,
        label=response.label or "",
        when=response.submitted_on,
        page_size="Letter" if size == "Letter" else "A4",
    )
    report_progress(2, 2)
    return {"pdf": pdf, "filename": f"readiness-report-{response.submitted_at:%Y-%m-%d}.pdf"}
