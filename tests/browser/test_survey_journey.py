"""The executive's journey in a real browser: answer on a phone, stop, resume, finish, see results."""

import re

import pytest

from tests.support.browser import axe_violations

pytestmark = pytest.mark.browser

PULSE_PAGES = [
    [("radio", "IT", True), ("radio", "Launched six months ago or more", False)],
    [("radio", "The IT department", False)],
    [("radio", "General aims such as", False), ("radio", "The platform was chosen", False)],
]


def choose(page, label, exact=False):
    page.get_by_role("radio", name=label, exact=exact).first.check()


def next_page(page):
    page.get_by_role("button", name=re.compile("^(Next|Review answers)$")).click()


def test_answer_stop_resume_finish_and_see_results(browser, live_server, page, context):
    page.goto(live_server + "/")
    page.get_by_label("Organisation or your name").first.fill("ACME <b>bold</b>")
    page.get_by_role("button", name="Start").first.click()
    # page 1: role and stage
    choose(page, "IT", exact=True)
    choose(page, "Launched six months ago or more")
    next_page(page)
    choose(page, "The IT department")
    choose(page, "No", exact=True)  # no steering group
    choose(page, "From the IT infrastructure budget")
    next_page(page)
    choose(page, "General aims such as")
    choose(page, "The platform was chosen")
    next_page(page)
    expect_text = page.locator("#progress-text").inner_text()
    assert expect_text == "Page 4 of 10"
    resume = page.locator(".resume-link a").get_attribute("href")
    context.close()  # the browser is closed half-way

    fresh = browser.new_context(viewport={"width": 390, "height": 844})
    page = fresh.new_page()
    page.goto(resume)
    assert page.locator("#progress-text").inner_text() == "Page 4 of 10"
    page.get_by_role("radio", name=re.compile("^2 – ")).first.check()
    next_page(page)
    choose(page, "Signed off the project")
    choose(page, "There is a sponsor in name")
    next_page(page)
    choose(page, "There is none")
    next_page(page)
    choose(page, "Licences, logins or page views")
    choose(page, "It is fading")
    next_page(page)
    choose(page, "A launch e-mail or one demo")
    choose(page, "Communication to raise awareness")
    next_page(page)
    choose(page, "Nobody", exact=True)
    next_page(page)
    page.get_by_role("radio", name=re.compile("^1 – ")).first.check()
    next_page(page)
    assert page.get_by_role("heading", name="Review your answers").is_visible()
    page.get_by_role("button", name="Submit and see results").click()
    assert page.get_by_role("heading", name="Your results").is_visible()
    # on a 390 px phone the bars stand in for the radar, which would be too small to read
    page.wait_for_selector("[data-figure='chart-bars'] .main-svg", timeout=15000)
    assert page.locator("[data-figure='chart-radar']").is_hidden()
    assert page.get_by_text("A platform without a purpose").first.is_visible()
    assert page.get_by_text("ACME <b>bold</b>").first.is_visible()  # shown as text
    fresh.close()


def test_same_page_condition_hides_and_shows_a_question(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("button", name="Start").nth(1).click()  # the full assessment
    token = page.url.split("/")[4]
    page.goto(f"{live_server}/r/{token}/page/5")
    dependent = page.locator("[data-show-if]").first
    assert dependent.is_hidden()
    page.get_by_role("radio").first.check()
    options = page.locator("fieldset").first.get_by_role("radio")
    options.nth(options.count() - 1).check()
    states = set()
    for i in range(options.count()):
        options.nth(i).check()
        states.add(dependent.is_visible())
    assert states == {True, False}  # some answers show it, others hide it
    assert page.csp_errors == []


def test_keyboard_alone_can_answer_a_page(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("button", name="Start").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/page/0$"))
    page.locator("#role-0").focus()
    page.keyboard.press("ArrowDown")  # moves to and selects "IT" in the radio group
    assert page.locator("#role-1").is_checked()
    page.keyboard.press("Tab")  # to the next radio group
    page.keyboard.press("Space")
    assert page.locator("input[name=stage]:checked").count() == 1
    page.keyboard.press("Enter")  # submits with the first button: Next
    page.wait_for_url(re.compile(r"/page/1$"))


def test_missing_answer_message_is_announced_and_focused(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("button", name="Start").first.click()
    next_page(page)
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    page.locator("#error-summary:focus").wait_for(timeout=10000)  # focused by forms.js once the page has loaded
    assert "Please answer this question." in page.locator("#q-role").inner_text()


def test_no_serious_accessibility_violations(browser, live_server, client, survey):
    token = survey.complete()
    started = survey.start()
    for path in ("/", f"/r/{started}/page/0", f"/r/{started}/page/3", f"/r/{started}/review", f"/r/{token}/results"):
        assert axe_violations(browser, live_server + path) == [], path


def test_results_page_satisfies_the_content_security_policy(live_server, page, survey):
    token = survey.complete()
    page.goto(f"{live_server}/r/{token}/results")
    page.wait_for_selector("[data-figure='chart-bars'] .main-svg", timeout=15000)
    assert page.csp_errors == []
