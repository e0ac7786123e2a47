"""HR edits an action plan in the browser and exports it as PDF with the change in it."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from assessment.db import session
from assessment.services.accounts import create_user
from assessment.services.plans import create_plan
from assessment.services.questionnaires import compiled, latest_version
from assessment.services.workshops import create_organisation
from scoring import parse_answers, score_response
from tests.support.browser import axe_violations

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def test_change_owner_and_status_then_export_pdf(app, browser, live_server, page):
    with app.app_context():
        user = create_user(session(), "hr@example.org", "Helga", PASSWORD)
        organisation = create_organisation(session(), user, "ACME")
        version = latest_version(session(), "executive-pulse")
        q = compiled(version)
        result = score_response(q, parse_answers(q, {"role": "hr", "owner": "it", "objectives": "none"}))
        plan = create_plan(session(), organisation, q, version.id, result, "ACME plan", date(2027, 1, 4), user, "en")
        session().commit()
        plan_id = plan.id
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("hr@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/plans/{plan_id}")
    first = page.locator(".plan-item").first
    first.get_by_label("Owner (a role or a person)").fill("Helga Müller, HR director")
    first.get_by_label("Status").select_option("done")
    first.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved:").is_visible()
    assert page.locator(".plan-item").first.get_by_label("Status").input_value() == "done"
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    with open(download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Owner: Helga Müller, HR director" in text and "Status: Done" in text
    assert axe_violations(browser, f"{live_server}/plans/{plan_id}", storage_state=page.context.storage_state()) == []
