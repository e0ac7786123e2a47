"""PDF rendering with WeasyPrint, which may fetch nothing but the app's own static files.

Reports are rendered from plain values (see `reports.view`); charts come in as SVG text.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import render_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
STATIC = (ROOT / "static").resolve()
PAGE_SIZES = {"A4": "A4", "Letter": "letter"}


class StaticOnlyFetcher(URLFetcher):
    """Allows data: URLs and files inside the app's static folder; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(URLFetcherResponse(url).path).resolve()
            if path.is_relative_to(STATIC) and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})
        log.warning("PDF renderer refused to fetch %s", url[:200])
        raise PermissionError(f"blocked URL: {url[:200]}")


@dataclass
class RenderStats:
    chart_seconds: float = 0.0
    pdf_seconds: float = 0.0
    charts: int = 0


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=StaticOnlyFetcher()).write_pdf()


def render_pdf(template: str, page_size: str = "A4", stats: RenderStats | None = None, **context: Any) -> bytes:
    """A PDF from a Jinja template under templates/reports (needs an app context)."""
    started = time.perf_counter()
    html = render_template(template, page_size=PAGE_SIZES.get(page_size, "A4"), **context)
    pdf = html_to_pdf(html)
    if stats is not None:
        stats.pdf_seconds += time.perf_counter() - started
    return pdf
