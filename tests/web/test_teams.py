"""Teams: consultants of one consultancy share its organisations; another team's things stay out of reach
(finding 5 of issue 18: questionnaires and participant links crossed from one consultant to another)."""

import re

from assessment.db import session
from assessment.services.accounts import create_user
from assessment.services.teams import find_team
from tests.support.accounts import PASSWORD, sign_in
from tests.support.answers import PULSE_IT_LED
from tests.support.client import Client
from tests.support.drafts import VERSION_2, checked_hash, new_draft
from tests.support.survey import participate

# A questionnaire of Bert's own that calls itself "Executive pulse", like the shipped one.
IMITATION = (
    VERSION_2.replace("id: executive-pulse\n", "id: bert-pulse\n", 1)
    .replace("version: 2\n", "version: 1\n", 1)
    .replace("variant_of: social-collaboration-readiness\n", "")
)


def signed_in(app, email) -> Client:
    client = Client(app.test_client())
    assert sign_in(client, email).status_code == 302
    return client


def organisation_of(client: Client, name: str) -> int:
    return int(client.post("/organisations", {"name": name}).headers["Location"].rsplit("/", 1)[1])


def test_consultants_of_one_team_share_its_organisations(app, anna):
    with app.app_context():
        create_user(session(), "carl@example.org", "Carl", PASSWORD, team=find_team(session(), "Anna"))
        session().commit()
    organisation = organisation_of(anna, "Shared client")
    carl = signed_in(app, "carl@example.org")
    assert carl.get(f"/organisations/{organisation}").status_code == 200
    assert "Shared client" in carl.get("/workshops").get_data(as_text=True)
    bert = signed_in(app, "bert@example.org")
    assert bert.get(f"/organisations/{organisation}").status_code == 404


def test_another_teams_questionnaire_is_not_offered_and_its_file_is_not_found(app, anna):
    bert = signed_in(app, "bert@example.org")
    url = new_draft(bert, IMITATION, name="bert.yaml")
    assert bert.post(url + "/publish", {"checked_hash": checked_hash(bert, url)}).status_code == 302
    bert_page = bert.get(f"/organisations/{organisation_of(bert, 'Bert client')}").get_data(as_text=True)
    assert 'value="bert-pulse"' in bert_page and "published by bert@example.org" in bert_page
    anna_organisation = organisation_of(anna, "Anna client")
    anna_page = anna.get(f"/organisations/{anna_organisation}").get_data(as_text=True)
    assert 'value="bert-pulse"' not in anna_page
    assert "shipped with the app" in anna_page  # who published each questionnaire offered
    refused = anna.post(
        f"/organisations/{anna_organisation}/workshops",
        {"title": "Imitated", "questionnaire": "bert-pulse", "locale": "en", "threshold": "3"},
    )
    assert refused.status_code == 422
    listing = anna.get("/authoring").get_data(as_text=True)
    assert "bert-pulse" not in listing
    version_id = re.search(r"/authoring/versions/(\d+)\.yaml", bert.get("/authoring").get_data(as_text=True))
    with app.app_context():
        from assessment.models import QuestionnaireVersion

        row = session().query(QuestionnaireVersion).filter_by(questionnaire_id="bert-pulse").one()
    assert version_id is not None
    assert anna.get(f"/authoring/versions/{row.id}.yaml").status_code == 404
    assert bert.get(f"/authoring/versions/{row.id}.yaml").status_code == 200


def test_a_plan_cannot_be_made_from_another_teams_participant_link(app, anna):
    bert = signed_in(app, "bert@example.org")
    bert_organisation = organisation_of(bert, "Bert client")
    made = bert.post(
        f"/organisations/{bert_organisation}/workshops",
        {"title": "Bert's", "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"},
    )
    link = re.search(r"/w/([A-Za-z0-9_-]+)", bert.get(made.headers["Location"]).get_data(as_text=True)).group(1)
    _, participant_token = participate(app, link, PULSE_IT_LED)
    anna_organisation = organisation_of(anna, "Anna client")
    refused = anna.post(
        f"/organisations/{anna_organisation}/plans", {"source": f"http://localhost/r/{participant_token}/results"}
    )
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/organisations/{anna_organisation}")
    from assessment.models import ActionPlan

    with app.app_context():
        assert session().query(ActionPlan).count() == 0
