"""Presenter mode in a real browser: one question at a time, a consensus in words, the agreed answer
recorded from the presenter's device, live updates that touch the page only when figures change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.answers import PULSE_HR_LED
from tests.support.pages import result_and_workshop, signed_in_page
from tests.support.survey import participate

pytestmark = pytest.mark.browser
CONSENSUS_WORDS = re.compile("^(The room agrees|The room mostly agrees|Opinions differ|The room is split)$")
WATCH = """sel => { window.__changes = 0; new MutationObserver(m => { window.__changes += m.length; })
  .observe(document.querySelector(sel), {subtree: true, childList: true, characterData: true}); }"""


def test_presenter_shows_one_question_and_records_the_agreed_answer(app, client, browser, live_server):
    _token, workshop_id, _follow_up = result_and_workshop(app, client)
    page = signed_in_page(browser, live_server, {"width": 1366, "height": 900})
    page.goto(f"{live_server}/workshops/{workshop_id}")
    page.get_by_role("link", name="Presenter mode").click()
    assert page.get_by_role("button", name="Close workshop").count() == 0
    assert page.locator(".site-header").is_hidden()
    slides = page.locator(".slide:visible")
    expect(slides).to_have_count(1)
    assert page.locator("#position").inner_text().startswith("Question 1 of ")
    first = slides.locator("h2").inner_text()
    page.wait_for_selector(".slide:visible .main-svg")
    assert CONSENSUS_WORDS.match(slides.locator("[data-consensus]").inner_text())
    assert "on a scale from 0" in slides.locator("[data-explain]").inner_text()

    page.get_by_role("button", name="Next question").click()
    assert page.locator("#position").inner_text().startswith("Question 2 of ")
    assert page.locator(".slide:visible h2").inner_text() != first
    page.locator(".slide:visible h2:focus").wait_for(timeout=10000)
    second = page.url.split("#", 1)[1]
    page.keyboard.press("ArrowLeft")
    assert page.locator("#position").inner_text().startswith("Question 1 of ")
    page.keyboard.press("ArrowRight")

    # the agreed answer, from this device: back on the same question, marked agreed
    slide = page.locator(".slide:visible")
    slide.get_by_role("radio").first.check()
    slide.get_by_role("button", name="Save agreed answer").click()
    assert page.url.endswith("#" + second)
    expect(page.locator(".slide:visible")).to_have_count(1)
    assert page.locator(f".slide:visible#{second}").count() == 1
    assert page.locator(f"#{second} legend").first.inner_text().endswith("agreed")
    assert page.get_by_text("Agreed answer saved").is_visible()


def test_live_updates_touch_the_page_only_when_figures_change(app, client, browser, live_server):
    _token, workshop_id, _follow_up = result_and_workshop(app, client)
    page = signed_in_page(browser, live_server, {"width": 1366, "height": 900})
    page.goto(f"{live_server}/workshops/{workshop_id}/present")
    page.wait_for_selector(".slide:visible .main-svg")
    page.evaluate(WATCH, "#presenter")
    with page.expect_response(re.compile(r"dashboard\.json")):
        pass  # one refresh with nothing new
    page.wait_for_timeout(300)
    assert page.evaluate("window.__changes") == 0
    assert page.locator("#respondents").inner_text() == "5"

    page.get_by_role("button", name="Pause live updates").click()
    assert page.get_by_role("button", name="Resume live updates").get_attribute("aria-pressed") == "true"
    link = client.get(f"/workshops/{workshop_id}").get_data(as_text=True).split("/w/", 1)[1].split('"', 1)[0]
    participate(app, link, PULSE_HR_LED)
    page.wait_for_timeout(6000)
    assert page.locator("#respondents").inner_text() == "5"  # paused
    page.get_by_role("button", name="Resume live updates").click()
    expect(page.locator("#respondents")).to_have_text("6", timeout=10000)
