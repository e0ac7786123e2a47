"""Pages for questionnaire authors: drafts, the editor with errors at their lines, preview, publish."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import IntegrityError

# SelectChoice is new in WTForms 3.3 and not yet in types-WTForms
from wtforms import SelectChoice  # type: ignore[attr-defined]

from assessment.access import current_user, login_required, signed_in_user
from assessment.authoring.forms import EditDraftForm, NewDraftForm
from assessment.authoring.preview import preview_answers, preview_page, preview_result, previewed
from assessment.db import session
from assessment.models import QuestionnaireDraft, QuestionnaireVersion
from assessment.services.authoring import (
    DraftCheck,
    DraftRefused,
    NotYours,
    all_versions,
    check_draft,
    check_text,
    content_hash,
    create_draft,
    drafts_of,
    owned_draft,
    publish_draft,
    read_upload,
    update_draft,
    version_for,
)
from assessment.services.questionnaires import PublishRefused, compiled
from assessment.services.responses import merge_answers
from assessment.survey.forms import ActionForm, check_page, page_form, read_page
from assessment.survey.presenter import Respondent
from assessment.web_support import DATABASE_ERRORS, publisher_label, save_failed
from scoring.diff import diff_questionnaires, diff_text

bp = Blueprint("authoring", __name__, url_prefix="/authoring")
log = logging.getLogger(__name__)


def _draft(draft_id: int) -> QuestionnaireDraft:
    draft = owned_draft(session(), signed_in_user(), draft_id)
    if draft is None:
        abort(404)
    return draft


def _new_form(versions: list[QuestionnaireVersion], formdata: Any = None) -> NewDraftForm:
    form = NewDraftForm(formdata=formdata)
    form.copy_of.choices = [SelectChoice("", _("(none)"))] + [
        SelectChoice(str(row.id), f"{row.title} · {row.questionnaire_id} v{row.version} · {publisher_label(row)}")
        for row in versions
    ]
    return form


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    versions = all_versions(session(), signed_in_user())
    return _index_page(_new_form(versions), versions)


def _index_page(
    form: NewDraftForm, versions: list[QuestionnaireVersion], status: int = 200, busy: bool = False
) -> tuple[str, int]:
    return (
        render_template(
            "authoring/index.html",
            busy=busy,
            form=form,
            drafts=drafts_of(session(), signed_in_user()),
            versions=versions,
            action_form=ActionForm(),
        ),
        status,
    )


@bp.post("/drafts")
@login_required
def new_draft() -> ResponseReturnValue:
    versions = all_versions(session(), signed_in_user())
    form = _new_form(versions, request.form | request.files)
    if not form.validate():
        return _index_page(form, versions, 422)
    try:
        name, text = _new_draft_text(form)
        if text is None:
            form.source.errors = [_("Upload a file, paste its text, or choose a published version to start from.")]
            return _index_page(form, versions, 422)
        draft = create_draft(session(), signed_in_user(), form.name.data or name, text)
        session().commit()
    except DraftRefused as exc:
        log.info("draft refused: %s", exc)
        form.file.errors = [_("This file cannot be used: %(reason)s.", reason=str(exc))]
        return _index_page(form, versions, 422)
    except DATABASE_ERRORS as exc:
        save_failed(exc)
        return _index_page(form, versions, 503, busy=True)
    return redirect(url_for("authoring.edit", draft_id=draft.id))


def _new_draft_text(form: NewDraftForm) -> tuple[str, str | None]:
    upload = form.file.data
    if upload and upload.filename:
        return upload.filename, read_upload(upload.read())
    if form.source.data and form.source.data.strip():
        return "questionnaire.yaml", form.source.data
    if form.copy_of.data:  # one of the choices (versions this person may see): the form checked it
        row = version_for(session(), signed_in_user(), int(form.copy_of.data))
        if row is not None:
            return f"{row.questionnaire_id}.yaml", row.source
    return "", None


@bp.get("/drafts/<int:draft_id>")
@login_required
def edit(draft_id: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    return _editor(draft, _edit_form(draft))


def _edit_form(draft: QuestionnaireDraft) -> EditDraftForm:
    return EditDraftForm(data={"source": draft.source, "base_hash": content_hash(draft.source)})


EDITOR_BUNDLE = "vendor/editor/editor.js"  # built by scripts/setup; absent, the page keeps its text area


def _code_editor(form: EditDraftForm, draft: QuestionnaireDraft) -> str | None:
    """Turn the text area into the code editor where its bundle is installed; its URL, or None."""
    if current_app.static_folder is None or not (Path(current_app.static_folder) / EDITOR_BUNDLE).is_file():
        return None
    options = {
        "checkUrl": url_for("authoring.check", draft_id=draft.id),
        "csrf": generate_csrf(),
        "statusId": "editor-status",
        "labels": {
            "checking": _("Checking…"),
            "none": _("No problems found so far. Saving checks the file again, with its examples."),
            "one": _("%(n)d problem: see the marked line."),
            "many": _("%(n)d problems: see the marked lines."),
            "unavailable": _("The check is not available just now; saving still checks the file."),
        },
    }
    form.source.render_kw = {
        **(form.source.render_kw or {}),
        "data-code-editor": json.dumps(options, ensure_ascii=False),
    }
    return url_for("static", filename=EDITOR_BUNDLE)


def _editor(draft: QuestionnaireDraft, form: EditDraftForm, status: int = 200, busy: bool = False) -> tuple[str, int]:
    check = check_draft(session(), draft, current_user())
    editor = _code_editor(form, draft)
    return (
        render_template(
            "authoring/draft.html",
            busy=busy,
            draft=draft,
            form=form,
            check=check,
            checked_hash=content_hash(draft.source),
            action_form=ActionForm(),
            diff_text=_diff_with_published(check),
            editor_script=editor,
        ),
        status,
    )


@bp.post("/drafts/<int:draft_id>/check")
@login_required
def check(draft_id: int) -> ResponseReturnValue:
    """The problems of the text being typed, by line, for the editor (JSON); nothing is saved."""
    draft = _draft(draft_id)
    body = request.get_json(silent=True)
    text = body.get("source") if isinstance(body, dict) else None
    if not isinstance(text, str):
        abort(400)
    try:
        found = check_text(session(), text, draft.name, current_user())
    except DraftRefused as exc:
        return jsonify(problems=[{"line": 1, "message": _("This text cannot be used: %(reason)s.", reason=str(exc))}])
    problems: list[tuple[int, str]] = [(p.line or 1, p.message) for p in found.problems]
    for example in found.examples:
        for failure in example.failures:
            message = _("Example “%(name)s” fails: %(failure)s", name=example.name, failure=failure)
            problems.append((example.line or 1, message))
    problems.sort(key=lambda p: p[0])
    listed = [{"line": line, "message": message} for line, message in problems[:200]]
    return jsonify(problems=listed, valid=not problems)


def _diff_with_published(check: DraftCheck) -> str | None:
    """What changes against the newest published version of the same questionnaire, as text."""
    if check.questionnaire is None or check.published is None or check.same_as is not None:
        return None
    try:
        return diff_text(diff_questionnaires(compiled(check.published), check.questionnaire))
    except Exception:  # noqa: BLE001 - the editor opens whatever the draft says; the comparison is optional
        log.exception("comparing draft %s with the published version failed", check.questionnaire.id)
        return None


@bp.post("/drafts/<int:draft_id>")
@login_required
def save(draft_id: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    form = EditDraftForm(formdata=request.form | request.files)
    if not form.validate():
        return _editor(draft, form, 422)
    if form.base_hash.data != content_hash(draft.source):
        log.info("draft %s: save from a page older than the saved text refused", draft.id)
        form.source.errors = [
            _(
                "The draft was saved from another window since you opened this page. Your text is kept here; "
                "the saved text is in the listing below. Copy what you need, then reload the page."
            )
        ]
        return _editor(draft, form, 409)
    try:
        upload = form.file.data
        if upload and upload.filename:
            update_draft(draft, read_upload(upload.read()), name=upload.filename)
        else:
            update_draft(draft, form.source.data or "")
    except DraftRefused as exc:
        log.info("draft %s: text refused: %s", draft.id, exc)
        form.source.errors = [_("This text cannot be used: %(reason)s.", reason=str(exc))]
        return _editor(draft, form, 422)
    try:
        session().commit()
    except DATABASE_ERRORS as exc:
        save_failed(exc)
        return _editor(_draft(draft_id), form, 503, busy=True)
    check = check_draft(session(), draft, current_user())
    if check.problems:
        flash(
            _("Saved. The file has %(n)d problem(s) to fix before it can be published.", n=len(check.problems)), "error"
        )
    else:
        flash(_("Saved. The file is valid and all its examples pass."), "info")
    return redirect(url_for("authoring.edit", draft_id=draft.id, _anchor="check"))


@bp.post("/drafts/<int:draft_id>/publish")
@login_required
def publish(draft_id: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    if not ActionForm().validate():
        abort(400)
    if request.form.get("checked_hash") != content_hash(draft.source):
        flash(_("The draft changed since this page was shown. Check it again, then publish."), "error")
        return redirect(url_for("authoring.edit", draft_id=draft.id))
    try:
        published = publish_draft(session(), draft, signed_in_user())
        session().commit()
    except PublishRefused as exc:
        session().rollback()
        log.info("draft %s: publishing refused (%d problems)", draft.id, len(exc.problems))
        flash(_("This file cannot be published until every problem below is fixed."), "error")
        return _editor(draft, _edit_form(draft), 422)
    except NotYours as owner:
        session().rollback()
        log.warning(
            "draft %s: user %s may not publish a new version (belongs to %s)", draft.id, signed_in_user().id, owner
        )
        flash(
            _("Only the questionnaire's first publisher or an administrator can publish a new version of it."), "error"
        )
        return _editor(draft, _edit_form(draft), 403)
    except IntegrityError:
        session().rollback()
        log.warning("draft %s: another version was published at the same moment", draft.id)
        flash(
            _("Someone published a version of this questionnaire at the same moment. Check the version number."),
            "error",
        )
        return redirect(url_for("authoring.edit", draft_id=draft.id))
    row = published.row
    if published.created:
        flash(
            _(
                "Published “%(title)s” version %(version)d. New responses and workshops use it; "
                "earlier responses stay on the version they were answered on.",
                title=row.title,
                version=row.version,
            ),
            "info",
        )
    else:
        flash(_("This text is already published as version %(version)d.", version=row.version), "info")
    return redirect(url_for("authoring.index"))


@bp.post("/drafts/<int:draft_id>/delete")
@login_required
def delete(draft_id: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    if not ActionForm().validate():
        abort(400)
    session().delete(draft)
    session().commit()
    flash(_("Draft deleted."), "info")
    return redirect(url_for("authoring.index"))


@bp.get("/versions/<int:version_id>.yaml")
@login_required
def version_source(version_id: int) -> ResponseReturnValue:
    row = version_for(session(), signed_in_user(), version_id)
    if row is None:
        abort(404)
    response = Response(row.source.encode("utf-8"), mimetype="application/yaml")
    response.headers["Content-Disposition"] = f'attachment; filename="{row.questionnaire_id}-v{row.version}.yaml"'
    return response


# Preview: the respondent's pages, rendered by the survey's own templates and forms (`preview`). Nothing
# is stored; the answers given so far travel in a hidden field so that conditions can be tried out.


@bp.get("/drafts/<int:draft_id>/preview/<locale>/<int:page>")
@login_required
def preview(draft_id: int, locale: str, page: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    q = previewed(draft, locale)
    if not 0 <= page < len(q.pages):
        abort(404)
    return preview_page(draft, q, locale, page, {})


@bp.post("/drafts/<int:draft_id>/preview/<locale>/<int:page>")
@login_required
def preview_answer(draft_id: int, locale: str, page: int) -> ResponseReturnValue:
    draft = _draft(draft_id)
    q = previewed(draft, locale)
    if not 0 <= page < len(q.pages):
        abort(404)
    known = preview_answers(q)
    form = page_form(q, page, locale, formdata=request.form)
    form.validate()
    found = read_page(q, page, form)
    action = request.form.get("action", "next")
    check_page(q, page, found, Respondent("preview", locale, known), require=(action == "next"))
    if found.errors:
        return preview_page(draft, q, locale, page, known, form, found.errors, 422)
    known = merge_answers(known, found.answers)
    target = page - 1 if action == "back" else page + 1
    if target >= len(q.pages):
        return preview_result(draft, q, locale, known)
    return preview_page(draft, q, locale, max(0, target), known)
