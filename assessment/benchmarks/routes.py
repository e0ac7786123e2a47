"""Peer benchmarks for consultants and admins: how many peers each questionnaire has, the
anonymised export (any consultant, of the questionnaires their team may see) and the import of
a file from another server (admins)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.access import login_required, signed_in_user
from assessment.benchmarks.forms import ImportBenchmarkForm
from assessment.db import session
from assessment.models import QuestionnaireVersion
from assessment.models_benchmarks import BenchmarkImport
from assessment.services.benchmarks import BenchmarkRefused, export_file, import_file, imports, overview, remove_import
from assessment.services.questionnaires import listed_versions, versions_for_team
from assessment.survey.forms import ActionForm

bp = Blueprint("benchmarks", __name__)
log = logging.getLogger(__name__)


def _versions() -> list[QuestionnaireVersion]:
    """The questionnaires this person may see: every one for an administrator, else their team's and everyone's
    (another team's own questionnaire stays theirs alone, here as on every other page)."""
    user = signed_in_user()
    if user.is_admin:
        return listed_versions(session(), include_unlisted=True)
    return versions_for_team(session(), user.team_id)


def _page(form: ImportBenchmarkForm | None = None, status: int = 200) -> ResponseReturnValue:
    versions = _versions()
    titles = {v.questionnaire_id: v.title for v in versions}
    is_admin = signed_in_user().is_admin
    batches = [b for b in imports(session()) if is_admin or b.questionnaire_id in titles]
    ids = sorted(titles) + sorted({b.questionnaire_id for b in batches} - set(titles))
    return render_template(
        "benchmarks/index.html",
        rows=overview(session(), ids),
        titles=titles,
        batches=batches,
        form=form or ImportBenchmarkForm(),
        action_form=ActionForm(),
        is_admin=is_admin,
    ), status


@bp.get("/benchmarks")
@login_required
def index() -> ResponseReturnValue:
    return _page()


@bp.get("/benchmarks/<questionnaire_id>/export.json")
@login_required
def export(questionnaire_id: str) -> ResponseReturnValue:
    if questionnaire_id not in {v.questionnaire_id for v in _versions()}:
        abort(404)
    try:
        document = export_file(session(), questionnaire_id, datetime.now(UTC))
    except BenchmarkRefused:
        abort(404)
    log.info("benchmark of %s exported (%d records)", questionnaire_id, len(document["records"]))
    body = json.dumps(document, indent=1, ensure_ascii=False)
    name = f"benchmark-{questionnaire_id}-{document['exported']}.json"
    return Response(
        body, mimetype="application/json", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.post("/benchmarks/import")
@login_required
def import_benchmark() -> ResponseReturnValue:
    if not signed_in_user().is_admin:
        abort(404)
    form = ImportBenchmarkForm()
    upload = form.file.data if form.validate() else None
    if upload is None or not getattr(upload, "filename", ""):
        flash(_("Choose a benchmark file to import."), "error")
        return _page(form, 422)
    try:
        outcome = import_file(session(), upload.read(), upload.filename, signed_in_user())
    except BenchmarkRefused as refused:
        flash(_("Nothing was imported: %(reason)s", reason=str(refused)), "error")
        return _page(form, 422)
    session().commit()
    if outcome.created:
        flash(_("Imported %(num)d organisations as peers.", num=outcome.batch.records), "success")
    else:
        flash(_("This file was already imported; nothing was added."), "info")
    return redirect(url_for("benchmarks.index"))


@bp.post("/benchmarks/imports/<int:import_id>/delete")
@login_required
def delete_import(import_id: int) -> ResponseReturnValue:
    batch = session().get(BenchmarkImport, import_id)
    if batch is None or not signed_in_user().is_admin or not ActionForm().validate():
        abort(404)
    remove_import(session(), batch)
    session().commit()
    flash(_("The imported peers were removed."), "success")
    return redirect(url_for("benchmarks.index"))
