"""A consultant uploads a changed questionnaire with a mistake, finds it at its line, fixes it,
previews it in German and publishes it."""

import pytest

from assessment.db import session
from assessment.models import QuestionnaireVersion
from assessment.services.accounts import create_user
from tests.support.browser import axe_violations
from tests.support.drafts import ERROR_LINE, VERSION_2, WITH_ERROR

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def test_upload_fix_preview_in_german_and_publish(app, browser, live_server, page):
    with app.app_context():  # an administrator: new versions of shipped questionnaires are theirs to publish
        create_user(session(), "anna@example.org", "Anna", PASSWORD, is_admin=True)
        session().commit()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("anna@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server}/authoring")
    page.get_by_label("Upload a questionnaire file (YAML)").set_input_files(
        files=[{"name": "pulse-v2.yaml", "mimeType": "application/yaml", "buffer": WITH_ERROR.encode("utf-8")}]
    )
    page.get_by_role("button", name="Create draft").click()

    # the one mistake is listed with its line; following the link lands on that line, which says what is wrong
    summary = page.locator(".error-summary")
    assert "1 problem must be fixed" in summary.inner_text()
    page.get_by_role("link", name=f"Line {ERROR_LINE}", exact=True).click()
    assert page.url.endswith(f"#L{ERROR_LINE}")
    marked = page.locator(f"#L{ERROR_LINE}")
    assert "has-problem" in marked.get_attribute("class")
    assert "catastrophic" in marked.inner_text() and "severity" in marked.locator(".line-problem").inner_text()
    assert page.get_by_role("button", name="Publish version 3").count() == 0
    editor_url = page.url.split("#")[0]
    assert axe_violations(browser, editor_url, storage_state=page.context.storage_state()) == []

    page.get_by_label("Questionnaire text (YAML)").fill(VERSION_2)
    page.get_by_role("button", name="Save and check").click()
    assert page.locator(".error-summary").count() == 0
    assert "ready to publish" in page.locator("#check").inner_text()

    # the German preview: the file's German text and the German interface, with the conditional question
    page.get_by_role("link", name="Preview (de)").click()
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == "Zu Ihrer Person"
    page.get_by_label("IT", exact=True).check()
    page.get_by_label("Vor sechs Monaten oder länger gestartet").check()
    page.locator("button[value=next]").click()
    assert page.locator("progress").get_attribute("value") == "1"
    preview_url = page.url
    assert axe_violations(browser, preview_url, storage_state=page.context.storage_state()) == []

    page.goto(editor_url)
    page.get_by_role("button", name="Publish version 3").click()
    assert "Published" in page.locator(".flashes").inner_text()
    with app.app_context():
        versions = session().query(QuestionnaireVersion).filter_by(questionnaire_id="executive-pulse").all()
        assert sorted(v.version for v in versions) == [2, 3]
    assert page.csp_errors == []


def test_making_an_api_token_on_a_phone(app, browser, live_server, page):
    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD)
        session().commit()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("anna@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("What the token is for").fill("Power BI")
    page.get_by_role("button", name="Make token").click()
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("rdy_")
    # nothing is wider than the phone's screen
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    api = page.request.get(f"{live_server}/api/v1/organisations", headers={"Authorization": f"Bearer {token}"})
    assert api.status == 200 and api.json() == {"organisations": []}
    assert axe_violations(browser, f"{live_server}/account/tokens", storage_state=page.context.storage_state()) == []
