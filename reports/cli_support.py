"""PDF output for the command line (`readiness score --pdf`, `readiness report`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from reports.report import render_report_pdf
from reports.svg import ChartEngineUnavailable
from scoring import Questionnaire, ReadinessResult


def write_offline_pdf(
    q: Questionnaire,
    answers: dict[str, Any],
    result: ReadinessResult,
    path: Path,
    label: str = "",
    locale: str | None = None,
    page_size: str = "A4",
    when: date | None = None,
) -> None:
    """Render the readiness report to `path`; a missing chart engine is a clear error, not a trace."""
    try:
        pdf = render_report_pdf(
            q, answers, result, locale or q.spec.default_locale, label=label, when=when, page_size=page_size
        )
    except ChartEngineUnavailable as exc:
        raise click.ClickException(f"cannot draw the report's charts: {exc}") from None
    path.write_bytes(pdf)
