"""The report branding form (an organisation's, or a consultant's default) and reading it: the
logo is checked or sanitised by `reports.logo` before anything is stored. Routes: `branding`."""

from __future__ import annotations

import logging

from flask import flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional, Regexp

from assessment.db import session
from assessment.models import Organisation, User
from assessment.services.branding import BrandingValues, branding_record
from assessment.web_support import lazy_text as _l
from reports.branding import contrast_on_white
from reports.logo import MAX_BYTES, LogoRefused, checked_logo

log = logging.getLogger(__name__)


class BrandingForm(FlaskForm):
    logo = FileField(
        _l("Logo (PNG or SVG, at most 256 kB)"),
        description=_l("Scripts, links to other files and anything else that is not drawing are removed from an SVG."),
        render_kw={"accept": ".png,.svg,image/png,image/svg+xml"},
    )
    remove_logo = BooleanField(_l("Remove the stored logo"))
    accent = StringField(
        _l("Accent colour"),
        description=_l(
            "As #rrggbb, for example #0055aa. Text in it is darkened where needed so that it stays readable."
        ),
        validators=[
            Optional(),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Give the colour as # and six hex digits, for example #0055aa.")),
        ],
    )
    confidentiality = StringField(
        _l("Confidentiality line"),
        description=_l("For example: Confidential – for the board only."),
        validators=[Optional(), Length(max=200)],
    )
    preparer = StringField(_l("Prepared by"), validators=[Optional(), Length(max=200)])
    has_logo = False  # whether one is stored, so that the page offers to remove it


def branding_form(
    organisation: Organisation | None = None, user: User | None = None, formdata: object = None
) -> BrandingForm:
    record = branding_record(session(), organisation, user)
    if formdata is not None or record is None:
        form = BrandingForm(formdata=formdata)
    else:
        form = BrandingForm(
            formdata=None, accent=record.accent, confidentiality=record.confidentiality, preparer=record.preparer
        )
    form.has_logo = record is not None and record.logo is not None
    return form


def read_branding(form: BrandingForm) -> BrandingValues | None:
    """The form's values with the logo checked; None (and the error on the form) when refused."""
    if not form.validate():
        return None
    upload = form.logo.data
    kind, logo = "", None
    if upload is not None and upload.filename:
        data = upload.read(MAX_BYTES + 1)
        try:
            kind, logo, removed = checked_logo(data)
        except LogoRefused as exc:
            log.warning("logo refused: %s", exc)
            form.logo.errors = [str(exc)]
            return None
        if removed:
            log.info("logo sanitised, removed: %s", ", ".join(removed))
            flash(
                _(
                    "Removed from the logo because a report must not run or fetch anything: %(names)s.",
                    names=", ".join(removed),
                ),
                "info",
            )
    accent = form.accent.data or ""
    if accent and contrast_on_white(accent) < 4.5:
        flash(_("The accent colour is light on white; text in it is printed darker so that it stays readable."), "info")
    return BrandingValues(
        kind, logo, accent, (form.confidentiality.data or "").strip(), (form.preparer.data or "").strip()
    )
