"""Presenter mode through the test client: only the workshop's consultant sees it, it has no
admin buttons and no profile questions, and an agreed answer saved there comes back to it."""

from tests.support.accounts import sign_in
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED
from tests.support.client import Client
from tests.support.survey import participate


def test_presenter_mode_is_for_the_workshops_consultant_only(app, anna, workshop):
    workshop_id, _, _ = workshop
    assert anna.get(f"/workshops/{workshop_id}/present").status_code == 200
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    assert bert.get(f"/workshops/{workshop_id}/present").status_code == 404
    assert Client(app.test_client()).get(f"/workshops/{workshop_id}/present").status_code == 302  # sign in first


def test_presenter_shows_the_questions_without_admin_buttons_and_says_what_is_held_back(app, anna, workshop):
    workshop_id, _, token = workshop
    html = anna.get(f"/workshops/{workshop_id}/present").get_data(as_text=True)
    assert 'id="q-owner"' in html and 'id="q-role"' not in html  # the profile is not discussed
    assert "Close workshop" not in html and "report.pdf" not in html and "export.csv" not in html
    assert "Held back for anonymity" in html and "at least 3 people" in html  # nobody has answered yet
    for pages in (PULSE_IT_LED, PULSE_IT_LED, PULSE_HR_LED):
        participate(app, token, pages)
    data = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    assert data["question_charts"]["owner"]["data"][0]["y"] == [
        d["count"] for d in next(q for q in data["questions"] if q["id"] == "owner")["distribution"]
    ]
    assert "questions" not in data["charts"]  # the group report prints only the dashboard's charts


def test_agreed_answer_saved_in_presenter_mode_returns_to_its_question(anna, workshop):
    workshop_id, _, _ = workshop
    saved = anna.post(f"/workshops/{workshop_id}/agreed/owner", {"agreed-owner-owner": "joint", "back": "present"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/workshops/{workshop_id}/present#q-owner")
    html = anna.get(f"/workshops/{workshop_id}/present").get_data(as_text=True)
    assert "Agreed answer saved" in html
    removed = anna.post(f"/workshops/{workshop_id}/agreed/owner/delete", {"back": "present"})
    assert removed.headers["Location"].endswith("/present#q-owner")
    unchanged = anna.post(f"/workshops/{workshop_id}/agreed/owner", {"agreed-owner-owner": "joint"})
    assert unchanged.headers["Location"].endswith("#agree-owner")  # from the dashboard, back to the dashboard
