"""Data lifecycle: renaming and deleting with what goes said first, a workshop's threshold and closing
time, one response removed by the consultant or erased by its participant, retention that keeps
the figures, and the audit log of all of it."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from assessment.db import session, utcnow
from assessment.models import ActionPlan, AuditEvent, Organisation, Response, Workshop
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.client import Client
from tests.support.survey import participate


@pytest.fixture
def filled(app, anna, workshop):
    """Anna's workshop with four submitted responses and a plan made from it."""
    workshop_id, _, link = workshop
    tokens = [participate(app, link, with_role(PULSE_IT_LED, "it"))[1] for _ in range(4)]
    plan = anna.post(f"/workshops/{workshop_id}/plan", {"start_date": "2027-01-04"}).headers["Location"]
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    organisation_id = int(re.search(r"/organisations/(\d+)", page).group(1))
    return {
        "workshop": workshop_id,
        "organisation": organisation_id,
        "plan": int(plan.rsplit("/", 1)[1]),
        "tokens": tokens,
        "link": link,
    }


def count(app, model, *where) -> int:
    with app.app_context():
        return session().scalar(select(func.count()).select_from(model).where(*where))


def actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in session().scalars(select(AuditEvent).order_by(AuditEvent.id))]


def respondents(anna, workshop_id) -> int:
    return anna.get(f"/workshops/{workshop_id}/dashboard.json").json["workshop"]["respondents"]


def test_renaming_an_organisation_and_a_workshop(app, anna, filled):
    assert anna.post(f"/organisations/{filled['organisation']}/settings", {"name": "ACME Group"}).status_code == 302
    assert "ACME Group" in anna.get(f"/organisations/{filled['organisation']}").get_data(as_text=True)
    settings = {"title": "Kick-off, spring", "threshold": "3", "closes_at": ""}
    assert anna.post(f"/workshops/{filled['workshop']}/settings", settings).status_code == 302
    assert "Kick-off, spring" in anna.get(f"/workshops/{filled['workshop']}").get_data(as_text=True)
    assert {"renamed organisation", "changed workshop"} <= set(actions(app))


def test_deleting_an_organisation_says_what_goes_then_removes_it_all(app, anna, filled):
    page = anna.get(f"/organisations/{filled['organisation']}/delete").get_data(as_text=True)
    for what in ("1 workshop", "1 action plan", "4 responses with their answers", "This cannot be undone."):
        assert what in page, what
    assert count(app, Organisation) == 1  # asking deletes nothing
    assert anna.post(f"/organisations/{filled['organisation']}/delete").status_code == 302
    assert count(app, Organisation) == count(app, Workshop) == count(app, Response) == count(app, ActionPlan) == 0
    assert anna.get(f"/workshops/{filled['workshop']}").status_code == 404
    assert anna.get(f"/r/{filled['tokens'][0]}/results").status_code == 404
    assert "deleted organisation" in actions(app)


def test_deleting_a_workshop_keeps_the_plans_made_from_it(app, anna, filled):
    page = anna.get(f"/workshops/{filled['workshop']}/delete").get_data(as_text=True)
    assert "4 responses with their answers" in page and "1 action plan made from it stays." in page
    assert anna.post(f"/workshops/{filled['workshop']}/delete").status_code == 302
    assert count(app, Workshop) == count(app, Response) == 0
    assert anna.get(f"/plans/{filled['plan']}").status_code == 200
    assert anna.get(f"/plans/{filled['plan']}/plan.pdf").status_code == 200


def test_one_response_is_found_by_its_link_shown_then_removed(app, anna, filled):
    url = f"/workshops/{filled['workshop']}/responses/remove"
    link = f"http://localhost/r/{filled['tokens'][0]}/results"
    shown = anna.post(url, {"link": link})
    assert shown.status_code == 200 and "This removes one response" in shown.get_data(as_text=True)
    assert respondents(anna, filled["workshop"]) == 4
    assert anna.post(url, {"link": link, "confirm": "yes"}).status_code == 302
    assert respondents(anna, filled["workshop"]) == 3
    assert anna.get(f"/r/{filled['tokens'][0]}/results").status_code == 404
    assert "deleted response" in actions(app)


def test_a_link_of_another_workshop_finds_nothing(app, anna, filled, survey):
    other = survey.complete()
    assert anna.post(f"/workshops/{filled['workshop']}/responses/remove", {"link": other}).status_code == 404


def test_a_participant_erases_their_own_answers_through_their_link(app, anna, filled):
    token = filled["tokens"][1]
    participant = Client(app.test_client())
    page = participant.get(f"/r/{token}/erase")
    assert page.status_code == 200 and "cannot be undone" in page.get_data(as_text=True)
    assert participant.post(f"/r/{token}/erase").status_code == 302
    assert participant.get(f"/r/{token}/results").status_code == 404
    assert respondents(anna, filled["workshop"]) == 3
    with app.app_context():
        event = session().scalars(select(AuditEvent).where(AuditEvent.action == "erased own answers")).one()
        assert event.actor == "participant" and token not in event.detail


def test_a_participant_who_has_not_submitted_can_erase_too(app, filled):
    participant = Client(app.test_client())
    token = participant.post(f"/w/{filled['link']}", {"team": ""}).headers["Location"].split("/")[2]
    assert "Erase my answers" in participant.get(f"/r/{token}/page/0").get_data(as_text=True)
    assert participant.post(f"/r/{token}/erase").status_code == 302
    assert participant.get(f"/r/{token}/page/0").status_code == 404


def test_the_threshold_goes_up_but_never_down_once_answers_are_in(app, anna, filled):
    url = f"/workshops/{filled['workshop']}/settings"
    assert anna.post(url, {"title": "Kick-off", "threshold": "4", "closes_at": ""}).status_code == 302
    lowered = anna.post(url, {"title": "Kept title", "threshold": "2", "closes_at": ""})
    assert lowered.status_code == 422
    page = lowered.get_data(as_text=True)
    assert "a lower threshold would show groups that were hidden" in page and "Kept title" in page
    with app.app_context():
        workshop = session().get(Workshop, filled["workshop"])
        assert workshop.anonymity_threshold == 4 and workshop.title == "Kick-off"


def test_an_empty_workshop_may_get_a_lower_threshold(app, anna, workshop):
    workshop_id, _, _ = workshop
    assert anna.post(f"/workshops/{workshop_id}/settings", {"title": "K", "threshold": "2"}).status_code == 302


def test_a_closing_time_in_the_past_closes_the_workshop_and_none_reopens_it(app, anna, filled):
    url = f"/workshops/{filled['workshop']}/settings"
    past = (utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert anna.post(url, {"title": "Kick-off", "threshold": "3", "closes_at": past}).status_code == 302
    assert Client(app.test_client()).post(f"/w/{filled['link']}", {"team": ""}).status_code == 410
    assert anna.post(url, {"title": "Kick-off", "threshold": "3", "closes_at": ""}).status_code == 302
    assert Client(app.test_client()).post(f"/w/{filled['link']}", {"team": ""}).status_code == 302


class TestRetention:
    """RETENTION_MONTHS: raw answers of workshops closed long ago go, their figures stay."""

    @pytest.fixture
    def old(self, app, anna, workshop):
        workshop_id, _, link = workshop
        for role, pages in (("it", PULSE_IT_LED),) * 3 + (("hr", PULSE_HR_LED),) * 3:
            participate(app, link, with_role(pages, role), team="Ops")
        anna.post(f"/workshops/{workshop_id}/close")
        with app.app_context():
            found = session().get(Workshop, workshop_id)
            found.closed_at = utcnow() - timedelta(days=200)
            session().commit()
        app.config["RETENTION_MONTHS"] = 6
        return workshop_id

    def test_the_command_deletes_the_answers_and_keeps_every_figure(self, app, anna, runner, old):
        before = anna.get(f"/workshops/{old}/dashboard.json").json
        dry = runner.invoke(args=["data", "retention", "--dry-run"])
        assert f"due: workshop {old}" in dry.output and count(app, Response) == 6
        result = runner.invoke(args=["data", "retention"])
        assert result.exit_code == 0 and "6 responses deleted" in result.output
        assert count(app, Response) == 0
        after = anna.get(f"/workshops/{old}/dashboard.json").json
        assert after == before
        assert anna.get(f"/workshops/{old}/report.pdf").status_code == 200
        assert anna.get(f"/workshops/{old}/export.json").json["responses"] == []
        assert "deleted raw answers (retention)" in actions(app)

    def test_a_workshop_whose_answers_went_stays_closed_and_keeps_its_threshold(self, app, anna, runner, old):
        runner.invoke(args=["data", "retention"])
        assert anna.post(f"/workshops/{old}/reopen").status_code == 302
        assert "stays closed" in anna.get(f"/workshops/{old}").get_data(as_text=True)
        refused = anna.post(f"/workshops/{old}/settings", {"title": "Kick-off", "threshold": "5", "closes_at": ""})
        assert refused.status_code == 422

    def test_a_recent_or_open_workshop_is_not_touched(self, app, anna, runner, old, workshop):
        with app.app_context():
            session().get(Workshop, old).closed_at = utcnow() - timedelta(days=100)
            session().commit()
        runner.invoke(args=["data", "retention"])
        assert count(app, Response) == 6

    def test_without_a_setting_nothing_is_deleted(self, app, runner, old):
        app.config["RETENTION_MONTHS"] = 0
        assert "not set" in runner.invoke(args=["data", "retention"]).output
        assert count(app, Response) == 6
