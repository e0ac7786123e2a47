"""The route that saves an organisation's report branding (its page shows the form; a
consultant's default is saved from the account page). The form is in `branding_form`."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.access import login_required, organisation_or_404
from assessment.db import session
from assessment.services.branding import save_branding
from assessment.workshops.branding_form import branding_form, read_branding
from assessment.workshops.organisation_page import organisation_page, workshop_form

bp = Blueprint("branding", __name__)


@bp.post("/organisations/<int:organisation_id>/branding")
@login_required
def organisation_branding(organisation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    form = branding_form(organisation, formdata=request.form | request.files)
    values = read_branding(form)
    if values is None:
        return organisation_page(organisation, workshop_form(organisation), 422, branding=form)
    save_branding(session(), values, organisation=organisation, keep_logo=not form.remove_logo.data)
    session().commit()
    flash(_("Report branding saved."), "success")
    return redirect(url_for("workshops.organisation", organisation_id=organisation.id))
