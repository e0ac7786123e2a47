"""A job's progress page and the failed-jobs page (the dead letters) with retry.

Consultants see the jobs they started; administrators see every job. Another person's job
answers 404, like one that does not exist.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.access import login_required, signed_in_user
from assessment.downloads import pdf_download
from assessment.jobqueue import JobState, jobs
from assessment.survey.forms import ActionForm

bp = Blueprint("jobs", __name__)


def _visible(state: JobState | None) -> bool:
    user = signed_in_user()
    return state is not None and (user.is_admin or state.owner_id == user.id)


def job_or_404(job_id: str) -> JobState:
    state = jobs().state(job_id) if len(job_id) <= 64 else None
    if state is None or not _visible(state):
        abort(404)
    return state


def public_state(state: JobState) -> dict[str, object]:
    """What the progress page polls: never the job's arguments or its result's bytes."""
    return {"id": state.id, "status": state.status, "progress": state.progress, "done": state.done}


@bp.get("/jobs/<job_id>")
@login_required
def show(job_id: str) -> ResponseReturnValue:
    return render_template("jobs/status.html", job=job_or_404(job_id))


@bp.get("/jobs/<job_id>/status.json")
@login_required
def status(job_id: str) -> ResponseReturnValue:
    return jsonify(public_state(job_or_404(job_id)))


@bp.get("/jobs/<job_id>/download")
@login_required
def download(job_id: str) -> ResponseReturnValue:
    state = job_or_404(job_id)
    result = state.result
    if not isinstance(result, dict) or "pdf" not in result:
        return redirect(url_for("jobs.show", job_id=job_id))
    return pdf_download(result["pdf"], str(result.get("filename", "report.pdf")))


@bp.get("/jobs/failed")
@login_required
def failed() -> ResponseReturnValue:
    found = sorted((s for s in jobs().failed() if _visible(s)), key=lambda s: s.enqueued_at, reverse=True)
    return render_template("jobs/failed.html", failed=found, form=ActionForm())


@bp.post("/jobs/<job_id>/retry")
@login_required
def retry(job_id: str) -> ResponseReturnValue:
    state = job_or_404(job_id)
    if not ActionForm().validate():
        abort(400)
    if state.status == "failed" and jobs().retry(state.id):
        flash(_("The job was started again."), "info")
    else:
        flash(_("This job is not among the failed ones any more."), "info")
    return redirect(url_for("jobs.failed"))
