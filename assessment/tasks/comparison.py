"""The PDF of a follow-up against its baseline: rendered by a worker (or in the request without
one), through the report cache, in the language and page size the person asked for."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import force_locale

from assessment.db import session
from assessment.downloads import paper_size, report_branding
from assessment.jobqueue import report_progress
from assessment.models import Workshop
from assessment.report_cache import ReportKey, cached_pdf, state_digest
from assessment.services.group import workshop_group
from assessment.services.questionnaires import compiled
from assessment.services.workshops import report_locale
from reports.group_presenter import comparison_view
from scoring.group import compare_groups


def comparison_pdf(workshop: Workshop, baseline: Workshop, locale: str, page_size: str) -> bytes:
    """The comparison report; its key hashes what its pages print (both titles, the organisation, the
    compare page's figures and headline, today's date) beside language, size and branding."""
    from reports.compare_report import CompareFacts, headline, render_compare_pdf  # WeasyPrint with the first PDF

    base_q, follow_q = compiled(baseline.questionnaire_version), compiled(workshop.questionnaire_version)
    base, follow = workshop_group(session(), baseline), workshop_group(session(), workshop)
    with force_locale(locale):
        view = comparison_view(base_q, follow_q, compare_groups(base_q, base, follow_q, follow), locale)
        lead = headline(view, (base_q, base), (follow_q, follow), locale)
    facts = CompareFacts(workshop.title, baseline.title, workshop.organisation.name, locale, date.today())
    branding = report_branding(workshop.organisation)
    versions = (baseline.questionnaire_version, workshop.questionnaire_version)
    key = ReportKey(
        kind="comparison",
        scope=f"organisation:{workshop.organisation_id}",
        state=state_digest(workshop.id, baseline.id, facts, view, lead),
        questionnaire=" > ".join(f"{v.questionnaire_id}@{v.version}" for v in versions),
        locale=locale,
        page_size=page_size,
        branding=branding.fingerprint(),
    )
    return cached_pdf(key, lambda: render_compare_pdf(view, lead, facts, page_size, branding))


def comparison_filename(workshop: Workshop, baseline: Workshop) -> str:
    return f"comparison-{baseline.join_code}-{workshop.join_code}.pdf"


def render_comparison_job(workshop_id: int, baseline_id: int, size: str, lang: str) -> dict[str, Any]:
    """The background job behind "Comparison (PDF)"."""
    report_progress(0, 2)
    workshop, baseline = session().get(Workshop, workshop_id), session().get(Workshop, baseline_id)
    if workshop is None or baseline is None:
        raise LookupError("one of the two workshops has been deleted")
    if baseline.organisation_id != workshop.organisation_id:
        raise LookupError("the two workshops no longer belong to the same organisation")
    report_progress(1, 2)
    pdf = comparison_pdf(workshop, baseline, report_locale(workshop, lang), paper_size(size))
    report_progress(2, 2)
    return {"pdf": pdf, "filename": comparison_filename(workshop, baseline)}
