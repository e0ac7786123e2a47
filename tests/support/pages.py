"""Pages with content for browser checks: a submitted result, a workshop with answers, a signed-in browser."""

from __future__ import annotations

from assessment.db import session
from assessment.services.accounts import create_user
from tests.support.accounts import PASSWORD, sign_in
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.client import Client
from tests.support.survey import Survey, participate
from tests.support.workshops import new_workshop


def result_and_workshop(app, client: Client) -> tuple[str, int, int]:
    """(a submitted result's token, a workshop with five answers, a follow-up of it with three)."""
    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD)
        session().commit()
    token = Survey(client).complete()
    assert sign_in(client).status_code == 302
    created = client.post("/organisations", {"name": "ACME"})
    organisation_id = int(created.headers["Location"].rsplit("/", 1)[1])
    form = {"title": "Kick-off", "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"}
    made = client.post(f"/organisations/{organisation_id}/workshops", form)
    workshop_id = int(made.headers["Location"].rsplit("/", 1)[1])
    follow_up, follow_link = new_workshop(client, workshop_id, baseline=workshop_id)
    link = client.get(f"/workshops/{workshop_id}").get_data(as_text=True).split("/w/", 1)[1].split('"', 1)[0]
    for pages in (PULSE_IT_LED, PULSE_IT_LED, with_role(PULSE_IT_LED, "hr"), PULSE_HR_LED, PULSE_HR_LED):
        participate(app, link, pages)
    for pages in (PULSE_HR_LED, PULSE_HR_LED, PULSE_IT_LED):
        participate(app, follow_link, pages)
    return token, workshop_id, follow_up


def signed_in_page(browser, live_server: str, viewport: dict, locale: str = "en", bypass_csp: bool = False):
    """A new page in a new context, signed in as Anna, with the interface language set
    (bypass_csp lets a test inject axe-core)."""
    context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
    context.add_cookies([{"name": "locale", "value": locale, "url": live_server}])
    page = context.new_page()
    page.goto(live_server + "/login")
    page.locator("input[name=email]").fill("anna@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state()
    return page
