"""CSV and JSON downloads. CSV is UTF-8 with a BOM (spreadsheets then read accents right)
and cells that a spreadsheet would run as a formula are prefixed with an apostrophe."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, jsonify
from sqlalchemy.orm import Session

from assessment.group_figures import workshop_figures
from assessment.models import Workshop
from assessment.services.group import export_records

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    response.charset = "utf-8"
    return response


def json_export(session: Session, workshop: Workshop) -> Response:
    data = workshop_figures(session, workshop, workshop.locale)
    data["responses"] = export_records(session, workshop)[1]
    response = jsonify(data)
    response.headers["Content-Disposition"] = f'attachment; filename="workshop-{workshop.join_code}.json"'
    return response
