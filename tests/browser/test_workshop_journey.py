"""The consultant's workshop in a real browser: create, three participants join on their phones,
the dashboard updates by itself, close, download the group report."""

import re

import pytest
from playwright.sync_api import expect

from assessment.db import session
from assessment.services.accounts import create_user
from tests.support.browser import PHONE, axe_violations

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
ROLES = {"it": "IT", "hr": "HR", "business": "Business unit or communications"}


def answer_pulse(page, role_label):
    page.get_by_role("radio", name=role_label, exact=True).check()
    page.get_by_role("radio", name="Launched less than six months ago").check()
    for _ in range(10):
        heading = page.get_by_role("heading", level=1).inner_text()
        if heading == "Review your answers":
            break
        if page.locator("input[type=radio]:checked").count() == 0:
            for group in page.locator("fieldset:not(.target)").all():
                group.get_by_role("radio").first.check()
        page.get_by_role("button", name=re.compile("^(Next|Review answers)$")).click()
    page.get_by_role("button", name="Submit and see results").click()
    assert page.get_by_role("heading", name="Your results").is_visible()


def test_consultant_runs_a_workshop(app, browser, live_server, page):
    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD)
        session().commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill("anna@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Organisation name").fill("ACME")
    page.get_by_role("button", name="Create organisation").click()
    page.get_by_label("Workshop title").fill("Kick-off")
    page.get_by_label("Questionnaire").select_option("executive-pulse")
    page.get_by_role("button", name="Create workshop").click()
    code = page.locator(".join-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    assert page.locator("#respondents").inner_text() == "0"
    dashboard_url = page.url

    for role in ("it", "hr", "business"):
        phone = browser.new_context(viewport=PHONE)
        participant = phone.new_page()
        participant.goto(live_server + "/join")
        participant.get_by_label("Workshop code").fill(code.lower())
        participant.get_by_role("button", name="Join").click()
        participant.get_by_role("button", name="Start").click()
        answer_pulse(participant, ROLES[role])
        phone.close()

    # the dashboard refreshes itself: no reload, the count goes to 3 and results appear
    expect(page.locator("#respondents")).to_have_text("3", timeout=20000)
    assert page.url == dashboard_url
    page.wait_for_selector("[data-figure='chart-dimensions'] .main-svg", timeout=15000)
    assert page.locator("#disagreements li").count() > 0

    page.get_by_role("button", name="Close workshop").click()
    assert page.get_by_text("The workshop is closed").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Group report (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert page.csp_errors == []
    assert axe_violations(browser, dashboard_url, storage_state=page.context.storage_state()) == []


def test_dashboard_and_join_pages_are_accessible(app, browser, live_server, client):
    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD)
        session().commit()
    assert axe_violations(browser, live_server + "/join") == []
    assert axe_violations(browser, live_server + "/login") == []
