"""Files the pages hand out: PDF and CSV downloads with safe file names, and the branding a PDF carries.

CSV is UTF-8 with a BOM (spreadsheets then read accents right) and cells that a spreadsheet
would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response

from assessment.db import session
from assessment.models import Organisation
from assessment.services.branding import report_branding as branding_values
from reports.branding import Branding

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def paper_size(asked: str | None) -> str:
    """The page size of a PDF: Letter when asked for, else A4."""
    return "Letter" if asked == "Letter" else "A4"


def pdf_download(pdf: bytes, filename: str) -> Response:
    """A PDF as a download with a safe file name."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in filename)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def safe_cell(value: Any) -> Any:
    """A cell value that cannot start a spreadsheet formula (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def csv_response(header: list[str], rows: list[list[Any]], filename: str) -> Response:
    response = Response(csv_text(header, rows).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_branding(organisation: Organisation | None) -> Branding:
    """The branding a report of this organisation carries (its own, else its consultant's default)."""
    values = branding_values(session(), organisation)
    return Branding(values.logo_kind, values.logo, values.accent, values.confidentiality, values.preparer)
