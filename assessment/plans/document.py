"""An action plan's PDF, through the report cache: rendered once, then read back until something
it prints changes (an item, its status, owner, dates or progress, the branding, language or size)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import force_locale

from assessment.db import session
from assessment.downloads import report_branding
from assessment.models import ActionPlan
from assessment.report_cache import ReportKey, cached_pdf, state_digest
from assessment.services.plan_progress import plan_progress, plan_view
from reports.numbers import locale_number
from reports.plan_report import render_plan_pdf


def plan_pdf(plan: ActionPlan, page_size: str) -> bytes:
    """The plan's PDF in its language. The key hashes the whole view the template gets (every item
    with all its fields, the progress figures) and today's date, which the PDF prints."""
    with force_locale(plan.locale):  # the plan's figures as its PDF's language writes them
        view = plan_view(plan, plan_progress(session(), plan, locale_number), locale_number)
    branding = report_branding(plan.organisation)
    today = datetime.now(UTC).date()
    version = plan.questionnaire_version
    key = ReportKey(
        kind="plan",
        scope=f"organisation:{plan.organisation_id}",
        state=state_digest(view, today),
        questionnaire=f"{version.questionnaire_id}@{version.version}",
        locale=plan.locale,
        page_size=page_size,
        branding=branding.fingerprint(),
    )
    return cached_pdf(key, lambda: render_plan_pdf(view, page_size=page_size, today=today, branding=branding))
