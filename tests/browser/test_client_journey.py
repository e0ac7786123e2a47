"""A client HR editor, invited by link, makes an account, edits and exports their organisation's
action plan, and finds every other organisation's pages, exports and API routes not found."""

import csv
import io
from datetime import date

import pytest

from assessment.db import session
from assessment.services.accounts import create_user
from assessment.services.invitations import invite
from assessment.services.plans import create_plan
from assessment.services.questionnaires import compiled, latest_version
from assessment.services.workshops import create_organisation, create_workshop
from scoring import parse_answers, score_response
from tests.support.browser import axe_violations

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def _organisation_with_plan(owner, name: str) -> dict:
    organisation = create_organisation(session(), owner, name)
    version = latest_version(session(), "executive-pulse")
    q = compiled(version)
    result = score_response(q, parse_answers(q, {"role": "hr", "owner": "it", "objectives": "none"}))
    plan = create_plan(session(), organisation, q, version.id, result, f"{name} plan", date(2027, 1, 4), owner, "en")
    workshop = create_workshop(session(), organisation, version, f"{name} kick-off")
    return {"organisation": organisation.id, "plan": plan.id, "workshop": workshop.id}


def test_a_client_editor_edits_and_exports_their_plan_and_nothing_else_exists(app, browser, live_server, page):
    with app.app_context():
        anna = create_user(session(), "anna@example.org", "Anna", PASSWORD)
        bert = create_user(session(), "bert@example.org", "Bert", PASSWORD)
        own = _organisation_with_plan(anna, "ACME")
        neighbours = [_organisation_with_plan(anna, "Globex"), _organisation_with_plan(bert, "Initech")]
        from assessment.models import Organisation

        _invitation, secret = invite(
            session(), "hera@acme.example", "editor", anna, session().get(Organisation, own["organisation"])
        )
        session().commit()

    page.goto(f"{live_server}/invite/{secret}")
    assert page.get_by_text("You are invited to edit the action plans of ACME").is_visible()
    assert axe_violations(browser, page.url) == []
    page.get_by_label("Your name").fill("Hera Client")
    page.get_by_label("Password", exact=True).fill("hera password 2027")
    page.get_by_label("Password again").fill("hera password 2027")
    page.get_by_role("button", name="Make my account").click()
    assert page.get_by_role("heading", name="ACME").is_visible()
    assert page.get_by_role("button", name="Create workshop").count() == 0  # a client makes no workshops

    page.get_by_role("link", name="ACME plan").click()
    first = page.locator(".plan-item").first
    first.get_by_label("Owner (a role or a person)").fill("Hera Client, HR")
    first.get_by_label("Status").select_option("in_progress")
    first.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved:").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    assert rows[0]["owner"] == "Hera Client, HR" and rows[0]["status"] == "in_progress"
    assert (
        axe_violations(browser, f"{live_server}/organisations/{own['organisation']}", page.context.storage_state())
        == []
    )

    page.goto(f"{live_server}/account/tokens")
    page.get_by_label("What the token is for").fill("HR dashboard")
    page.get_by_role("button", name="Make token").click()
    token = page.locator("#new-token").input_value()
    bearer = {"Authorization": f"Bearer {token}"}
    assert page.request.get(f"{live_server}/api/v1/organisations/{own['organisation']}/assessments", headers=bearer).ok

    for other in neighbours:
        for path in (
            f"/organisations/{other['organisation']}",
            f"/plans/{other['plan']}",
            f"/plans/{other['plan']}/plan.pdf",
            f"/plans/{other['plan']}/plan.csv",
            f"/plans/{other['plan']}/plan.ics",
            f"/workshops/{other['workshop']}",
            f"/workshops/{other['workshop']}/report.pdf",
            f"/workshops/{other['workshop']}/dashboard.json",
        ):
            assert page.request.get(live_server + path).status == 404, path
        for path in (
            f"/api/v1/organisations/{other['organisation']}/assessments",
            f"/api/v1/workshops/{other['workshop']}",
            f"/api/v1/workshops/{other['workshop']}/responses",
        ):
            assert page.request.get(live_server + path, headers=bearer).status == 404, path
    page.goto(f"{live_server}/plans/{neighbours[0]['plan']}")
    assert page.get_by_role("heading", name="Not found").is_visible()
    listed = page.request.get(f"{live_server}/api/v1/organisations", headers=bearer).json()["organisations"]
    assert [item["name"] for item in listed] == ["ACME"]
