"""The questionnaire editor in a real browser: CodeMirror with line numbers over the draft's text,
problems marked at their line while typing, the text saved through the ordinary form, and no
request to anywhere but this server."""

import os

import pytest

from assessment.db import session
from assessment.services.accounts import create_user
from tests.support.browser import axe_violations, paste_over
from tests.support.drafts import ERROR_LINE, VERSION_2, WITH_ERROR
from tests.support.paths import ROOT

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
BUNDLE = ROOT / "assessment" / "static" / "vendor" / "editor" / "editor.js"
SHOTS = os.environ.get("SCREENSHOTS")  # a folder for screenshots to look at, when set


def test_problems_show_at_their_line_as_the_author_types(app, browser, live_server, page):
    assert BUNDLE.is_file(), "the editor's bundle is missing: run scripts/setup"
    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD, is_admin=True)
        session().commit()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("anna@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/authoring")
    page.get_by_label("Or paste its text").fill(VERSION_2)
    page.get_by_role("button", name="Create draft").click()

    editor = page.locator(".cm-editor")
    editor.wait_for()
    assert page.locator(".cm-lineNumbers").is_visible() and page.locator("textarea#source").is_hidden()
    content = page.get_by_label("Questionnaire text (YAML)")
    assert content.get_attribute("contenteditable") == "true"
    status = page.locator("#editor-status")
    status.filter(has_text="No problems found").wait_for()

    paste_over(content, WITH_ERROR)
    status.filter(has_text="1 problem").wait_for()
    content.press("F8")  # to the next problem, which scrolls it into view
    marked = page.locator(".cm-lintRange-error").first
    marked.wait_for()
    assert "catastrophic" in marked.inner_text()
    number = page.locator(".cm-activeLineGutter").first.inner_text()
    assert number.strip() == str(ERROR_LINE)
    assert page.locator(".cm-lint-marker-error").count() >= 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/editor-phone.png")
        page.set_viewport_size({"width": 1366, "height": 900})
        page.screenshot(path=f"{SHOTS}/editor-desktop.png")
    assert axe_violations(browser, page.url.split("#")[0], storage_state=page.context.storage_state()) == []

    paste_over(content, VERSION_2)
    status.filter(has_text="No problems found").wait_for()
    page.get_by_role("button", name="Save and check").click()
    page.locator("#check").filter(has_text="ready to publish").wait_for()  # the saved page, not the old one
    page.locator(".cm-editor").wait_for()
    assert page.locator(".cm-editor").count() == 1  # the saved text comes back into the editor

    # a save refused (from a stale page): the summary takes focus, its link leads into the editor
    page.evaluate("document.querySelector('input[name=base_hash]').value = '0'.repeat(64)")
    page.get_by_role("button", name="Save and check").click()
    # waits through locators: wait_for_function would evaluate a string, which the CSP forbids
    page.locator("#error-summary:focus").wait_for()
    assert page.title().startswith("Error: ")
    page.locator("#error-summary a").click()
    page.locator(".cm-content:focus").wait_for()
    assert all(url.startswith(live_server) for url in requests), [u for u in requests if not u.startswith(live_server)]
    assert page.csp_errors == []
