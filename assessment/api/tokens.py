"""The account page where consultants make and revoke their API tokens."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from assessment.access import login_required, signed_in_user
from assessment.db import session
from assessment.services.api_tokens import TokenLimit, create_token, revoke_token, tokens_of
from assessment.survey.forms import ActionForm
from assessment.web_support import lazy_text as _l
from assessment.web_support import required

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")
log = logging.getLogger(__name__)


class TokenForm(FlaskForm):
    name = StringField(
        _l("What the token is for"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("For example “Power BI, client dashboards”. Shown in this list only."),
    )


def _page(form: TokenForm, secret: str | None = None, status: int = 200) -> tuple[str, int, dict[str, str]]:
    body = render_template(
        "account/tokens.html",
        form=form,
        tokens=tokens_of(session(), signed_in_user()),
        secret=secret,
        action_form=ActionForm(),
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    return _page(TokenForm())


@bp.post("")
@login_required
def create() -> ResponseReturnValue:
    form = TokenForm()
    if not form.validate():
        return _page(form, status=422)
    try:
        _row, secret = create_token(session(), signed_in_user(), required(form.name.data))
    except TokenLimit:
        form.name.errors = [_("You have the most active tokens allowed (20). Revoke one you no longer use.")]
        return _page(form, status=422)
    session().commit()
    return _page(TokenForm(formdata=None), secret=secret, status=201)


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> ResponseReturnValue:
    if not ActionForm().validate():
        abort(400)
    row = revoke_token(session(), signed_in_user(), token_id)
    if row is None:
        abort(404)
    session().commit()
    flash(_("Token “%(name)s” revoked. Programs using it can no longer read results.", name=row.name), "info")
    return redirect(url_for("tokens.index"))
