"""Importing answers gathered in another tool: upload a CSV or XLSX export, read the dry run,
match unknown headers and values by hand if needed, confirm.

The confirm and mapping forms carry the file itself (base64) and its SHA-256, so nothing is
kept on the server between the steps; each step checks the bytes again from scratch, with
the column mapping saved for the questionnaire version.
"""

from __future__ import annotations

import base64
import binascii
import logging
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

from assessment.access import current_user, login_required, signed_in_user, workshop_or_404
from assessment.db import session, utcnow
from assessment.import_messages import IGNORED, problem_text, refusal_text, shown
from assessment.jobqueue import InlineJobs, enqueue, jobs
from assessment.models import Workshop
from assessment.services.import_mappings import mapping_for, save_mapping
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
from assessment.workshops.mapping import MappingItems, chosen_mapping, mapping_form, mapping_items, posted_items

bp = Blueprint("imports", __name__)
log = logging.getLogger(__name__)
IMPORT_ENDPOINTS = {"imports.upload", "imports.confirm", "imports.mapping"}
CARRY = "carry"  # the mapping form's prefix for the file it carries (the confirm form's fields have none)
ACCEPTED = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(FlaskForm):
    file = FileField(
        _l("CSV or Excel file (one row per respondent, questions in the first row or two)"),
        validators=[FileRequired(_l("Choose a CSV file. An Excel workbook (XLSX) works too."))],
        render_kw={"accept": ACCEPTED},
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


def _proof(workshop: Workshop, sha256: str, file_name: str, mapping_digest: str) -> str:
    return _signer().dumps([workshop.id, signed_in_user().id, sha256, file_name, mapping_digest])


def _proof_holds(workshop: Workshop, form: ConfirmForm, data: bytes) -> str | None:
    """The mapping digest of the dry run, when the file is the one whose dry run this person saw for this workshop."""
    try:
        signed = _signer().loads(required(form.proof.data))
    except BadSignature:
        return None
    if not isinstance(signed, list) or len(signed) != 5:
        return None
    if signed[:4] != [workshop.id, signed_in_user().id, file_hash(data), form.file_name.data or ""]:
        return None
    return str(signed[4])


def _limits() -> ImportLimits:
    return import_limits(current_app.config)


@bp.url_value_preprocessor
def _allow_large_import(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Raise the request size limits for the two import steps only; this runs before the form is parsed."""
    user = current_user() if endpoint in IMPORT_ENDPOINTS else None
    if user is not None and user.team_id is not None:  # signed-in consultants only
        allowed = _limits()["max_bytes"] * 4 // 3 + 64 * 1024  # base64 in the confirm form, plus the page's fields
        request.max_content_length = allowed
        request.max_form_memory_size = allowed


def _page(
    workshop: Workshop,
    form: UploadForm,
    check: ImportCheck | None = None,
    status: int = 200,
    carried: ConfirmForm | None = None,
    items: MappingItems | None = None,
    confirm: ConfirmForm | None = None,
) -> tuple[str, int]:
    """The import page; `confirm` and `carried` hold the checked file for the confirm and mapping forms."""
    q = compiled(workshop.questionnaire_version)
    if check is not None and items is None:
        items = mapping_items(check.ignored, check.problems)
    mapping = None
    if items and carried is not None:
        mapping = mapping_form(q, workshop.locale, items, mapping_for(session(), workshop.questionnaire_version_id))
    return render_template(
        "workshops/import.html",
        workshop=workshop,
        q=q,
        form=form,
        check=check,
        confirm=confirm if check is not None and check.ready else None,
        carried=carried,
        mapping=mapping,
        mapping_open=bool(items) and (check is None or bool(check.problems)),
        unreadable=" ".join(str(error) for error in form.file.errors),  # why the file itself was refused
        problem_text=problem_text,
        shown=shown,
        already_text=already_text,
        ignored_reasons=IGNORED,
        locale=workshop.locale,
        limits=_limits(),
        batches=batches_of(session(), workshop),
        action_form=ActionForm(),
    ), status


def _carried(workshop: Workshop, data: bytes, file_name: str, mapping_digest: str, prefix: str = "") -> ConfirmForm:
    """The file in hidden fields, with the signed proof that this person saw its dry run."""
    form = ConfirmForm(formdata=None, prefix=prefix)
    form.content.data = base64.b64encode(data).decode("ascii")
    form.sha256.data = file_hash(data)
    form.file_name.data = file_name
    form.proof.data = _proof(workshop, file_hash(data), file_name, mapping_digest)
    return form


def _dry_run(workshop: Workshop, data: bytes, file_name: str, form: UploadForm | None = None) -> tuple[str, int]:
    """Check the file and show what an import would do, or why the file cannot be read."""
    form = form or UploadForm(formdata=None)
    try:
        check = check_import(session(), workshop, data, file_name, **_limits())
    except FileRefused as refused:
        log.warning("workshop %s: import of a file refused (%s, %d bytes)", workshop.id, refused.kind, len(data))
        form.file.errors = [refusal_text(refused)]
        if refused.kind != "no_columns":
            return _page(workshop, form, status=422)
        digest = mapping_for(session(), workshop.questionnaire_version_id).digest()
        name = _display_name(file_name)
        items = mapping_items(refused.params.get("ignored", []), [])
        carried = _carried(workshop, data, name, digest, CARRY)
        return _page(workshop, form, status=422, carried=carried, items=items)
    if check.problems:
        log.info("workshop %s: dry run of %s found %d problem(s)", workshop.id, check.file_name, len(check.problems))
    return _page(
        workshop,
        form,
        check,
        carried=_carried(workshop, data, check.file_name, check.mapping_digest, CARRY),
        confirm=_carried(workshop, data, check.file_name, check.mapping_digest),
    )


def _display_name(file_name: str) -> str:
    return file_name.replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload.csv"


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
    return _dry_run(workshop, data, upload.filename or "", form)


IMPORT_TIMEOUT = 900


def _in_background(data: bytes) -> bool:
    """Large files go to a worker when there is one (REDIS_URL); otherwise they import here."""
    return not isinstance(jobs(), InlineJobs) and data.count(b"\n") > int(current_app.config["IMPORT_JOB_ROWS"])


def _carried_file(workshop: Workshop, prefix: str = "") -> tuple[ConfirmForm, bytes, str]:
    """The file a confirm or mapping form carries, and the mapping digest of the dry run shown (400 if forged)."""
    form = ConfirmForm(prefix=prefix)
    if not form.validate():
        abort(400)
    try:
        data = base64.b64decode(required(form.content.data), validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    digest = _proof_holds(workshop, form, data) if file_hash(data) == form.sha256.data else None
    if digest is None:
        log.warning("workshop %s: import step for a file whose dry run was not shown", workshop.id)
        abort(400)
    return form, data, digest


@bp.post("/workshops/<int:workshop_id>/import/mapping")
@login_required
def mapping(workshop_id: int) -> ResponseReturnValue:
    """Save how the file's headers and values read for this questionnaire version, then check the file again."""
    workshop = workshop_or_404(workshop_id)
    if not workshop.is_open(utcnow()):
        return _not_open(workshop)
    carried, data, _digest = _carried_file(workshop, CARRY)
    q = compiled(workshop.questionnaire_version)
    items = posted_items(q, request.form)
    current = mapping_for(session(), workshop.questionnaire_version_id)
    form = mapping_form(q, workshop.locale, items, current, formdata=request.form)
    if not form.validate():
        abort(400)
    columns, values = chosen_mapping(form, items)
    changed = save_mapping(session(), workshop.questionnaire_version_id, signed_in_user(), columns, values)
    session().commit()
    if changed:
        flash(_("The matches are saved for this questionnaire version and used for its next files too."), "info")
    return _dry_run(workshop, data, carried.file_name.data or "")


@bp.post("/workshops/<int:workshop_id>/import/confirm")
@login_required
def confirm(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    form, data, digest = _carried_file(workshop)
    if digest != mapping_for(session(), workshop.questionnaire_version_id).digest():
        flash(
            _("The column matches for this questionnaire changed since this dry run. Check the result again."), "error"
        )
        return _dry_run(workshop, data, form.file_name.data or "")
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
