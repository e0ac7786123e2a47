"""Report branding edited on the organisation's page and as a consultant's default on the account
page: hostile logos are stripped or refused with a message, and reports use the organisation's
fields where set, else the default."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from assessment.db import session
from assessment.models import Organisation
from assessment.models_branding import BrandingRecord
from assessment.services.branding import report_branding
from tests.support.drafts import page_text
from tests.support.logos import HOSTILE_SVG, png


def new_organisation(anna) -> int:
    created = anna.post("/organisations", {"name": "ACME"})
    return int(created.headers["Location"].rsplit("/", 1)[1])


def upload(anna, url: str, logo: tuple[bytes, str] | None = None, **fields):
    data = dict(fields)
    if logo is not None:
        data["logo"] = (io.BytesIO(logo[0]), logo[1])
    return anna.post(url, data, content_type="multipart/form-data")


def branding_of(app, organisation_id: int):
    with app.app_context():
        return report_branding(session(), session().get(Organisation, organisation_id))


def test_the_organisation_page_saves_branding_and_strips_a_hostile_svg(app, anna):
    organisation_id = new_organisation(anna)
    page = anna.get(f"/organisations/{organisation_id}").get_data(as_text=True)
    for label in ("Logo (PNG or SVG, at most 256 kB)", "Accent colour", "Confidentiality line", "Prepared by"):
        assert f">{label}</label>" in page, label
    url = f"/organisations/{organisation_id}/branding"
    saved = upload(
        anna, url, (HOSTILE_SVG, "logo.svg"), accent="#0055AA", confidentiality="Board only", preparer="Anna"
    )
    assert saved.status_code == 302
    shown = page_text(anna.get(f"/organisations/{organisation_id}"))
    assert "Removed from the logo" in shown and "script" in shown and "Report branding saved." in shown
    branding = branding_of(app, organisation_id)
    assert branding.logo_kind == "svg" and b"script" not in branding.logo and b"evil" not in branding.logo
    assert (branding.accent, branding.confidentiality, branding.preparer) == ("#0055aa", "Board only", "Anna")
    assert anna.post(f"/organisations/{organisation_id}/delete").status_code == 302  # its branding goes with it
    with app.app_context():
        assert session().scalar(select(func.count()).select_from(BrandingRecord)) == 0


def test_a_bad_logo_or_colour_is_refused_with_a_message_and_nothing_is_stored(app, anna, caplog):
    organisation_id = new_organisation(anna)
    url = f"/organisations/{organisation_id}/branding"
    refused = upload(anna, url, (b"GIF89a" + b"\0" * 30, "logo.png"), preparer="<b>Mallory</b>")
    assert refused.status_code == 422
    text = page_text(refused)
    assert "There is a problem" in text and "The logo must be a PNG or an SVG file." in text
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in refused.get_data(as_text=True)  # escaped when shown again
    assert "logo refused" in caplog.text
    colour = upload(anna, url, accent="blue")
    assert colour.status_code == 422 and "Give the colour as # and six hex digits" in page_text(colour)
    assert branding_of(app, organisation_id).preparer == ""


def test_the_consultants_default_fills_what_the_organisation_leaves_empty(app, anna):
    organisation_id = new_organisation(anna)
    assert "Report branding" in page_text(anna.get("/account"))
    default = upload(anna, "/account/branding", (png(), "logo.png"), confidentiality="Confidential", preparer="Anna")
    assert default.status_code == 302
    upload(anna, f"/organisations/{organisation_id}/branding", preparer="Ben")
    branding = branding_of(app, organisation_id)
    assert (branding.logo_kind, branding.confidentiality, branding.preparer) == ("png", "Confidential", "Ben")
    assert branding.logo == png()
