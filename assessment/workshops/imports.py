"""Importing answers gathered in another tool: upload a CSV, read the dry run, confirm.

The confirm form carries the file itself (base64) and its SHA-256, so nothing is kept on
the server between the two steps; on confirm the bytes are checked again from scratch.
"""

from __future__ import annotations

import base64
import binascii
import logging
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask.typing import ResponseReturnValue
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

from assessment.access import login_required, signed_in_user, workshop_or_404
from assessment.db import session, utcnow
from assessment.import_messages import IGNORED, problem_text, refusal_text, shown
from assessment.jobqueue import InlineJobs, enqueue, jobs
from assessment.models import Workshop
from assessment.services.imports import (
    FileRefused,
    ImportCheck,
    ImportHasProblems,
    ImportLimits,
    PreviousImport,
    apply_import,
    batches_of,
    check_import,
    file_hash,
    import_limits,
    undo_import,
)
from assessment.services.questionnaires import compiled
from assessment.services.responses import WorkshopClosed
from assessment.survey.forms import ActionForm
from assessment.web_support import lazy_text as _l
from assessment.web_support import required

bp = Blueprint("imports", __name__)
log = logging.getLogger(__name__)
IMPORT_ENDPOINTS = {"imports.upload", "imports.confirm"}


class UploadForm(FlaskForm):
    file = FileField(
        _l("CSV file (one row per respondent, questions in the first row)"),
        validators=[FileRequired(_l("Choose a CSV file."))],
        render_kw={"accept": ".csv,text/csv"},
    )


class ConfirmForm(FlaskForm):
    content = HiddenField(validators=[DataRequired()])
    sha256 = HiddenField(validators=[DataRequired(), Length(min=64, max=64)])
    file_name = HiddenField(validators=[Length(max=300)])
    proof = HiddenField(validators=[DataRequired(), Length(max=500)])  # signed: this file's dry run was shown


def _signer() -> URLSafeSerializer:
    secret = current_app.secret_key
    if secret is None:  # create_app always sets one
        raise RuntimeError("the app has no SECRET_KEY")
    return URLSafeSerializer(secret, salt="workshop-import-confirm")


def _proof(workshop: Workshop, sha256: str, file_name: str) -> str:
    return _signer().dumps([workshop.id, signed_in_user().id, sha256, file_name])


def _proof_holds(workshop: Workshop, form: ConfirmForm, data: bytes) -> bool:
    """The confirmed file is the one whose dry run this person saw for this workshop."""
    try:
        signed = _signer().loads(required(form.proof.data))
    except BadSignature:
        return False
    return bool(signed == [workshop.id, signed_in_user().id, file_hash(data), form.file_name.data or ""])


def _limits() -> ImportLimits:
    return import_limits(current_app.config)


@bp.url_value_preprocessor
def _allow_large_import(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Raise the request size limits for the two import steps only; this runs before the form is parsed."""
    if endpoint in IMPORT_ENDPOINTS and flask_session.get("user_id") is not None:  # signed-in people only
        allowed = _limits()["max_bytes"] * 4 // 3 + 64 * 1024  # base64 in the confirm form, plus the page's fields
        request.max_content_length = allowed
        request.max_form_memory_size = allowed


def _page(
    workshop: Workshop,
    form: UploadForm,
    check: ImportCheck | None = None,
    status: int = 200,
    confirm: ConfirmForm | None = None,
) -> tuple[str, int]:
    q = compiled(workshop.questionnaire_version)
    return render_template(
        "workshops/import.html",
        workshop=workshop,
        q=q,
        form=form,
        check=check,
        confirm=confirm,
        problem_text=problem_text,
        shown=shown,
        already_text=already_text,
        ignored_reasons=IGNORED,
        locale=workshop.locale,
        limits=_limits(),
        batches=batches_of(session(), workshop),
        action_form=ActionForm(),
    ), status


def _confirm_form(workshop: Workshop, check: ImportCheck, data: bytes) -> ConfirmForm:
    form = ConfirmForm(formdata=None)
    form.content.data = base64.b64encode(data).decode("ascii")
    form.sha256.data = check.file_hash
    form.file_name.data = check.file_name
    form.proof.data = _proof(workshop, check.file_hash, check.file_name)
    return form


@bp.route("/workshops/<int:workshop_id>/import", methods=["GET", "POST"])
@login_required
def upload(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    if not workshop.is_open(utcnow()):
        return _not_open(workshop)
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(workshop, form, status=422 if form.errors else 200)
    upload = form.file.data
    try:
        data = upload.read()
    finally:
        upload.close()  # large uploads are spooled to a temporary file: close it at once
    try:
        check = check_import(session(), workshop, data, upload.filename or "", **_limits())
    except FileRefused as refused:
        log.warning("workshop %s: import of a file refused (%s, %d bytes)", workshop.id, refused.kind, len(data))
        form.file.errors = [refusal_text(refused)]
        return _page(workshop, form, status=422)
    if check.problems:
        log.info("workshop %s: dry run of %s found %d problem(s)", workshop.id, check.file_name, len(check.problems))
    confirm = _confirm_form(workshop, check, data) if check.ready else None
    return _page(workshop, form, check, confirm=confirm)


IMPORT_TIMEOUT = 900


def _in_background(data: bytes) -> bool:
    """Large files go to a worker when there is one (REDIS_URL); otherwise they import here."""
    return not isinstance(jobs(), InlineJobs) and data.count(b"\n") > int(current_app.config["IMPORT_JOB_ROWS"])


@bp.post("/workshops/<int:workshop_id>/import/confirm")
@login_required
def confirm(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    form = ConfirmForm()
    if not form.validate():
        abort(400)
    try:
        data = base64.b64decode(required(form.content.data), validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    if file_hash(data) != form.sha256.data or not _proof_holds(workshop, form, data):
        log.warning("workshop %s: import confirmation for a file whose dry run was not shown", workshop.id)
        abort(400)
    if _in_background(data):
        job = enqueue(
            "assessment.tasks.imports.import_file",
            {
                "workshop_id": workshop.id,
                "user_id": signed_in_user().id,
                "content": base64.b64encode(data).decode("ascii"),
                "file_name": form.file_name.data or "",
                "limits": dict(_limits()),
            },
            kind="import",
            description=_("Import of %(file)s", file=form.file_name.data or ""),
            owner_id=signed_in_user().id,
            scope=f"workshop:{workshop.id}",
            timeout=IMPORT_TIMEOUT,
        )
        return redirect(url_for("jobs.show", job_id=job))
    try:
        outcome = apply_import(session(), workshop, data, form.file_name.data or "", signed_in_user(), **_limits())
    except FileRefused as refused:
        log.warning("workshop %s: import confirmation refused (%s)", workshop.id, refused.kind)
        upload = UploadForm(formdata=None)
        upload.file.errors = [refusal_text(refused)]
        return _page(workshop, upload, status=422)
    except ImportHasProblems as bad:
        return _page(workshop, UploadForm(formdata=None), bad.check, status=422)
    except WorkshopClosed:
        return _not_open(workshop)
    session().commit()
    if outcome.already_imported is not None:
        flash(already_text(outcome.already_imported), "info")
    else:
        flash(
            ngettext(
                "%(num)d response imported from %(file)s.",
                "%(num)d responses imported from %(file)s.",
                outcome.created,
                file=outcome.file_name,
            ),
            "info",
        )
    return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/imports/<int:batch_id>/undo")
@login_required
def undo(workshop_id: int, batch_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    if not ActionForm().validate():
        abort(400)
    try:
        batch = undo_import(session(), workshop, batch_id)
    except WorkshopClosed:
        return _not_open(workshop)
    if batch is None:
        abort(404)
    session().commit()
    flash(_("The responses imported from %(file)s were removed.", file=batch.file_name), "info")
    return redirect(url_for("imports.upload", workshop_id=workshop.id))


def _not_open(workshop: Workshop) -> ResponseReturnValue:
    log.info("workshop %s: import refused, the workshop is not open", workshop.id)
    flash(
        _(
            "This workshop is not open for answers, so nothing can be imported into it: its results may "
            "already be shared. Reopen it on this page first if the answers belong to it."
        ),
        "error",
    )
    return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))


def already_text(before: PreviousImport) -> str:
    return _(
        "This file was already imported into this workshop on %(when)s (%(file)s, %(n)d responses); nothing was added.",
        when=format_datetime(before.imported_at, "medium"),
        file=before.file_name,
        n=before.rows,
    )
