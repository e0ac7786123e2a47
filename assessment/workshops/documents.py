"""A workshop's results as office files: an editable PowerPoint deck and an XLSX workbook.

Both are in the workshop's language and read the dashboard's figures and the CSV export's
rows, so they hide exactly what those hide.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from assessment.access import login_required, workshop_or_404
from assessment.db import session
from assessment.group_figures import workshop_facts
from assessment.models import Workshop
from assessment.services.group import export_rows, workshop_group
from assessment.services.questionnaires import compiled
from reports.group_presenter import dashboard_figures
from reports.result_presenter import ResultView, build_view
from scoring import parse_answers

bp = Blueprint("documents", __name__)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figures(workshop: Workshop) -> tuple[dict[str, Any], ResultView | None]:
    """The dashboard's figures and the group result's view, worded in the workshop's language."""
    q = compiled(workshop.questionnaire_version)
    group = workshop_group(session(), workshop)
    with force_locale(workshop.locale):
        data = dashboard_figures(q, workshop_facts(workshop), group, workshop.locale)
        if group.suppressed or group.group_result is None:
            return data, None
        answers = parse_answers(q, group.group_answers)
        return data, build_view(q, answers, group.group_result, workshop.locale, label=workshop.organisation.name)


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _questionnaire_title(workshop: Workshop) -> str:
    q = compiled(workshop.questionnaire_version)
    return q.text(q.spec.title, workshop.locale)


@bp.get("/workshops/<int:workshop_id>/results.pptx")
@login_required
def deck(workshop_id: int) -> ResponseReturnValue:
    from reports.deck import DeckMeta, render_workshop_deck  # python-pptx loads on the first deck, not at start

    workshop = workshop_or_404(workshop_id)
    data, view = _figures(workshop)
    meta = DeckMeta(
        workshop.title, workshop.organisation.name, _questionnaire_title(workshop), workshop.locale, date.today()
    )
    return _download(render_workshop_deck(meta, data, view), PPTX, f"workshop-{workshop.join_code}-results.pptx")


@bp.get("/workshops/<int:workshop_id>/results.xlsx")
@login_required
def workbook(workshop_id: int) -> ResponseReturnValue:
    from reports.workbook import WorkbookMeta, render_workshop_workbook  # openpyxl loads on the first workbook

    workshop = workshop_or_404(workshop_id)
    data, _view = _figures(workshop)
    header, rows = export_rows(session(), workshop)
    meta = WorkbookMeta(
        workshop.title, workshop.organisation.name, _questionnaire_title(workshop), workshop.locale, date.today()
    )
    content = render_workshop_workbook(meta, data, header, rows)
    return _download(content, XLSX, f"workshop-{workshop.join_code}-results.xlsx")
