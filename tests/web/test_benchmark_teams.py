"""Peer benchmarks under teams: a team's own questionnaire is not listed on another team's
benchmarks page, and another team cannot export its organisations' anonymised figures."""

from assessment.db import session
from assessment.models import User
from assessment.services.questionnaires import latest_version
from assessment.services.responses import save_page, submit_response
from assessment.services.workshops import create_organisation, create_workshop, join_workshop
from tests.support.accounts import sign_in
from tests.support.answers import PULSE_IT_LED, answers_of
from tests.support.client import Client
from tests.support.drafts import VERSION_2, checked_hash, new_draft

OWN = VERSION_2.replace("id: executive-pulse\n", "id: anna-pulse\n", 1).replace(
    "variant_of: social-collaboration-readiness\n", ""
)
EXPORT = "/benchmarks/anna-pulse/export.json"


def test_a_teams_own_questionnaire_is_neither_listed_nor_exported_for_another_team(app, anna):
    draft = new_draft(anna, OWN, name="anna.yaml")
    assert anna.post(draft + "/publish", {"checked_hash": checked_hash(anna, draft)}).status_code == 302
    with app.app_context():
        owner = session().query(User).filter_by(email="anna@example.org").one()
        version = latest_version(session(), "anna-pulse")
        assert version is not None and version.team_id == owner.team_id
        for n in range(5):
            workshop = create_workshop(session(), create_organisation(session(), owner, f"Client {n}"), version, "W")
            for _ in range(3):
                response = join_workshop(session(), workshop, "en")
                save_page(session(), response, 0, answers_of(PULSE_IT_LED), 1)
                submit_response(session(), response)
        session().commit()
    assert EXPORT in anna.get("/benchmarks").get_data(as_text=True)
    assert anna.get(EXPORT).status_code == 200
    bert = Client(app.test_client())
    assert sign_in(bert, "bert@example.org").status_code == 302
    page = bert.get("/benchmarks")
    assert page.status_code == 200 and "/benchmarks/anna-pulse/" not in page.get_data(as_text=True)
    assert bert.get(EXPORT).status_code == 404
