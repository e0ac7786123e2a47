"""PDF rendering: a Jinja template filled with plain values, then WeasyPrint (see `reports.weasy`).

Reports are rendered from plain values (see `reports.result_presenter`); charts come in as SVG text.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from typing import Any

from flask import render_template

PAGE_SIZES = {"A4": "A4", "Letter": "letter"}


@dataclass
class RenderStats:
    chart_seconds: float = 0.0
    pdf_seconds: float = 0.0
    charts: int = 0


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def html_to_pdf(html: str) -> bytes:
    from reports.weasy import write_pdf  # WeasyPrint loads with the first report, not with the app

    return write_pdf(html)


def render_pdf(template: str, page_size: str = "A4", stats: RenderStats | None = None, **context: Any) -> bytes:
    """A PDF from a Jinja template under templates/reports (needs an app context)."""
    started = time.perf_counter()
    html = render_template(template, page_size=PAGE_SIZES.get(page_size, "A4"), **context)
    pdf = html_to_pdf(html)
    if stats is not None:
        stats.pdf_seconds += time.perf_counter() - started
    return pdf
