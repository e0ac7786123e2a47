"""Every main page, in English and in German, on a 375 px phone and a 1366 px laptop: axe-core
finds no violation and nothing scrolls sideways. Each page loads once: checked at 375, then the
same page widened to 1366 and checked again."""

from __future__ import annotations

import pytest

from tests.support.browser import AXE
from tests.support.pages import result_and_workshop, signed_in_page

pytestmark = pytest.mark.browser
PHONE_375 = {"width": 375, "height": 800}
LAPTOP_1366 = {"width": 1366, "height": 800}
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def check_width(page, url: str, width: int) -> list[str]:
    problems = [f"{url} at {width}: {v}" for v in violations(page)]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"{url}: scrolls sideways by {overflow} px at {width}")
    return problems


def check(page, url: str) -> list[str]:
    page.set_viewport_size(PHONE_375)
    page.goto(url)
    page.wait_for_load_state("load")
    if page.locator("[data-figure]").count():
        page.wait_for_selector("[data-figure] .main-svg")
    problems = check_width(page, url, 375)
    page.set_viewport_size(LAPTOP_1366)
    page.evaluate(NEXT_FRAME)  # the layout (and the charts, which follow the width) settle
    return problems + check_width(page, url, 1366)


@pytest.mark.parametrize("locale", ["en", "de"])
def test_main_pages_pass_axe_and_fit_a_phone_and_a_laptop(app, client, browser, live_server, locale):
    assert AXE is not None, "axe-core missing: run scripts/setup --test"
    token, workshop_id, follow_up = result_and_workshop(app, client)
    page = signed_in_page(browser, live_server, PHONE_375, locale, bypass_csp=True)
    base = live_server
    problems = []
    # a survey in progress: its first page and the review with missing answers
    page.goto(f"{base}/")
    page.locator("form:has(input[value='executive-pulse']) button[type=submit]").click()
    survey_page = page.url
    problems += check(page, survey_page)
    problems += check(page, survey_page.rsplit("/page/", 1)[0] + "/review")
    paths = [
        "/",
        "/join",
        f"/r/{token}/results",
        "/workshops",
        f"/workshops/{workshop_id}",
        f"/workshops/{follow_up}/compare",
        f"/workshops/{workshop_id}/import",
        "/account",
        "/account/tokens",
        "/benchmarks",
        "/authoring",
    ]
    for path in paths:
        problems += check(page, base + path)
    page.goto(f"{base}/workshops/{workshop_id}")
    problems += check(page, page.locator(".eyebrow a").first.evaluate("a => a.href"))  # the organisation
    page.goto(f"{base}/workshops/{workshop_id}")
    page.locator("form[action$='/plan'] button[type=submit]").click()
    plan = page.url
    problems += check(page, plan)
    problems += check(page, plan + "/history")
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "locale", "value": locale, "url": live_server}])
    problems += check(page, f"{base}/login")
    assert problems == [], "\n".join(problems)
