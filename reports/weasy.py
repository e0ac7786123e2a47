"""WeasyPrint itself (0.6 s to import): loaded on the first report, never with the app.

The renderer fetches nothing: data: URLs (charts, logos) are the only resources a report
may carry; files and network addresses are refused and logged.
"""

from __future__ import annotations

import logging
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports import svg_text

log = logging.getLogger("reports.pdf")
svg_text.install()  # chart text drawn a line at a time, not a letter at a time


class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types: URLFetcher is Any
    """Allows data: URLs only; refuses files and the network."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        log.warning("PDF renderer refused to fetch %s", url[:200])
        raise PermissionError(f"blocked URL: {url[:200]}")


def write_pdf(html: str) -> bytes:
    """A tagged PDF (structure for screen readers; title, language and author from the <head>)."""
    document = HTML(string=html, base_url="data:,", url_fetcher=DataOnlyFetcher())
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf
