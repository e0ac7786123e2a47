"""A workshop's figures and answers as a JSON download (the CSV export is in `assessment.downloads`)."""

from __future__ import annotations

from flask import Response, jsonify
from sqlalchemy.orm import Session

from assessment.models import Workshop
from assessment.services.group import export_records, workshop_figures


def json_export(session: Session, workshop: Workshop) -> Response:
    data = workshop_figures(session, workshop, workshop.locale)
    data["responses"] = export_records(session, workshop)[1]
    response = jsonify(data)
    response.headers["Content-Disposition"] = f'attachment; filename="workshop-{workshop.join_code}.json"'
    return response
