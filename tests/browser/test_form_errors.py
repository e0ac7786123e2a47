"""Forms in their error state, in a real browser: axe-core finds nothing serious, and a screen
reader hears each message with its field (its accessible description)."""

import pytest

from assessment.db import session
from assessment.services.accounts import create_user
from tests.support.browser import AXE, PHONE

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def description(page, label: str) -> str:
    """The accessible description of the field with this label, as assistive technology gets it."""
    text = page.get_by_label(label, exact=True).evaluate(
        "el => el.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent).join(' ')"
    )
    return " ".join(text.split())


def assert_error_summary(page) -> None:
    """The title starts with "Error:", focus is on the summary, and each of its links leads to a field."""
    # the summary takes focus from a deferred script: wait for it through a locator (wait_for_function
    # would evaluate a string, which the page's CSP forbids)
    page.locator("#error-summary:focus").wait_for(timeout=10000)
    assert page.title().startswith("Error: "), page.title()
    targets = page.locator("#error-summary a").evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert targets
    for target in targets:
        assert page.evaluate("id => !!document.getElementById(id).closest('form')", target), target


def test_forms_with_errors_are_accessible_and_say_what_is_wrong(app, browser, live_server):
    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD)
        session().commit()
    assert AXE is not None, "axe-core missing: run scripts/setup --test"
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # lets the test inject axe
    page = context.new_page()
    try:
        page.goto(f"{live_server}/join")
        page.get_by_label("Workshop code").fill("nosuch")
        page.get_by_role("button", name="Join").click()
        assert page.get_by_label("Workshop code").get_attribute("aria-invalid") == "true"
        assert description(page, "Workshop code").startswith("Error: No workshop has this code")
        assert_error_summary(page)
        assert violations(page) == []

        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Sign in").click()
        assert "Error:" in description(page, "E-mail") and "Error:" in description(page, "Password")
        assert_error_summary(page)
        assert violations(page) == []

        page.get_by_label("E-mail").fill("anna@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Create organisation").click()
        assert description(page, "Organisation name").startswith("Error:")
        assert_error_summary(page)
        assert violations(page) == []

        page.get_by_label("Organisation name").fill("ACME")
        page.get_by_role("button", name="Create organisation").click()
        page.get_by_label("Smallest group shown on its own").fill("1")
        page.get_by_role("button", name="Create workshop").click()
        threshold = description(page, "Smallest group shown on its own")
        assert "folded into" in threshold and "Error:" in threshold  # its help text and its message
        assert description(page, "Workshop title").startswith("Error:")
        assert_error_summary(page)
        assert violations(page) == []

        page.get_by_label("Workshop title").fill("Kick-off")
        page.get_by_label("Smallest group shown on its own").fill("3")
        page.get_by_role("button", name="Create workshop").click()
        page.locator("#agree-title ~ details summary").first.click()
        page.get_by_role("button", name="Save agreed answer").first.click()  # no answer chosen
        assert_error_summary(page)
        assert (
            page.locator("#error-summary a")
            .first.inner_text()
            .endswith("Choose the answer the group agreed on before saving it.")
        )
        assert violations(page) == []
    finally:
        context.close()
