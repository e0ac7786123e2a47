"""Every route against the permissions table (`assessment.permissions`), generated from the URL map:
a neighbour (another team's consultant, another organisation's client) gets 404 on every page,
export and API route that names something of Anna's, and a client gets 404 on every route above
their role. The README's table is the code's."""

import re
from pathlib import Path

import pytest

from assessment.db import session
from assessment.models import ApiToken, Invitation, Membership, QuestionnaireVersion, Team, User
from assessment.models_imports import ImportBatch
from assessment.permissions import ANYONE, CONSULTANT, EDITOR, LINK, ROUTES, VIEWER, level_of, permissions_table
from tests.support.accounts import sign_in
from tests.support.answers import PULSE_IT_LED, with_role
from tests.support.api import api, make_token
from tests.support.campaigns import new_campaign
from tests.support.client import Client
from tests.support.clients import invite, register
from tests.support.csv_files import PULSE_ANSWERS, csv_bytes
from tests.support.drafts import VERSION_2, checked_hash, new_draft
from tests.support.imports import import_file
from tests.support.survey import participate

README = Path(__file__).resolve().parents[2] / "README.md"
OWN = VERSION_2.replace("id: executive-pulse\n", "id: anna-pulse\n", 1).replace("version: 2\n", "version: 1\n", 1)
OWN = OWN.replace("variant_of: social-collaboration-readiness\n", "")


def test_every_route_of_the_app_is_in_the_table_and_nothing_else(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "add the new routes to assessment/permissions.py"
    assert set(ROUTES) - endpoints == set(), "routes in assessment/permissions.py that no longer exist"


def test_the_readme_shows_the_permissions_table_of_the_code(app):
    text = README.read_text(encoding="utf-8")
    shown = text.split("<!-- permissions:start -->\n", 1)[1].split("<!-- permissions:end -->", 1)[0]
    assert shown == permissions_table(app), "run `readiness permissions` and paste its table into the README"


@pytest.fixture
def world(app, anna, workshop):
    """Anna's team's things, each of a kind a URL can name; Bert's organisation beside them."""
    workshop_id, _, link = workshop
    for _ in range(3):
        participate(app, link, with_role(PULSE_IT_LED, "it"))
    plan_id = int(
        anna.post(f"/workshops/{workshop_id}/plan", {"start_date": "2027-01-04"}).headers["Location"].rsplit("/", 1)[1]
    )
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    organisation_id = int(re.search(r"/organisations/(\d+)", page).group(1))
    draft = new_draft(anna, OWN, name="anna.yaml")
    assert anna.post(draft + "/publish", {"checked_hash": checked_hash(anna, draft)}).status_code == 302
    draft_id = int(new_draft(anna, OWN, name="second.yaml").rsplit("/", 1)[1])
    make_token(anna)
    viewer = register(app, invite(anna, organisation_id, "vera@client.example", "viewer"), "Vera")
    editor = register(app, invite(anna, organisation_id, "hera@client.example", "editor"), "Hera")
    invite(anna, organisation_id, "later@client.example", "viewer")
    second_workshop = (
        anna.post(
            f"/organisations/{organisation_id}/workshops",
            {"title": "Import", "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"},
        )
        .headers["Location"]
        .rsplit("/", 1)[1]
    )
    import_file(anna, int(second_workshop), csv_bytes([list(PULSE_ANSWERS), list(PULSE_ANSWERS.values())]))
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    bert_organisation = int(
        bert.post("/organisations", {"name": "Bert's client"}).headers["Location"].rsplit("/", 1)[1]
    )
    stranger = register(app, invite(bert, bert_organisation, "sam@other.example", "editor"), "Sam")
    campaign_id = new_campaign(anna, organisation_id)
    with app.app_context():
        ids = {
            "organisation_id": organisation_id,
            "workshop_id": workshop_id,
            "plan_id": plan_id,
            "item_id": _one(app, f"SELECT id FROM action_items WHERE plan_id = {plan_id} ORDER BY id LIMIT 1"),
            "draft_id": draft_id,
            "version_id": session().query(QuestionnaireVersion).filter_by(questionnaire_id="anna-pulse").one().id,
            "token_id": session().query(ApiToken).one().id,
            "membership_id": session().query(Membership).filter_by(role="viewer").one().id,
            "invitation_id": session().query(Invitation).filter_by(email="later@client.example").one().id,
            "batch_id": session().query(ImportBatch).one().id,
            "user_id": session().query(User).filter_by(email="anna@example.org").one().id,
            "team_id": session().query(Team).filter_by(name="Anna").one().id,
            "question_id": "owner",
            "questionnaire_id": "anna-pulse",  # the team's own questionnaire: another team cannot export its peers
            "campaign_id": campaign_id,
            "job_id": "not-a-job",  # jobs are their owner's alone: another's id is as unknown as this one
            "import_id": 1,  # benchmark imports are the administrators' alone
            "locale": "en",
            "page": 0,
            "token": "not-used",
            "filename": "css/app.css",
        }
    return {
        "ids": ids,
        "bert": bert,
        "stranger": stranger,
        "viewer": viewer,
        "editor": editor,
        "batch_workshop": second_workshop,
    }


def _one(app, sql):
    from sqlalchemy import text

    return session().execute(text(sql)).scalar_one()


def routes(app, world, levels):
    """(method, path, endpoint) for every route of the given levels that names one of Anna's things."""
    ids = world["ids"]
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if level_of(rule.endpoint) not in levels or not rule.arguments:
            continue
        values = {name: ids[name] for name in rule.arguments}
        if "batch_id" in values:
            values["workshop_id"] = world["batch_workshop"]
        path = rule.rule
        for name, value in values.items():
            path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield method, path, rule.endpoint


def _status(client: Client, method: str, path: str, headers=None) -> int:
    if method == "GET":
        return client.get(path, headers=headers or {}).status_code
    return client.post(path, {"name": "x", "title": "x", "email": "x@example.org", "role": "viewer"}).status_code


def test_a_neighbour_gets_404_on_every_route_that_names_something_of_another_team(app, world):
    checked = 0
    for who in ("bert", "stranger"):
        for method, path, endpoint in routes(app, world, {VIEWER, EDITOR, CONSULTANT, "author", "admin"}):
            if path.startswith("/api/"):
                continue
            assert _status(world[who], method, path) == 404, (who, method, path, endpoint)
            checked += 1
    assert checked > 100


def test_a_client_gets_404_on_every_route_of_their_own_organisation_above_their_role(app, world):
    for who, above in (("viewer", {EDITOR, CONSULTANT}), ("editor", {CONSULTANT})):
        for method, path, endpoint in routes(app, world, above | {"author", "admin"}):
            if path.startswith("/api/"):
                continue
            assert _status(world[who], method, path) == 404, (who, method, path, endpoint)


def test_a_client_opens_every_reading_route_of_their_own_organisation(app, world):
    for who in ("viewer", "editor"):
        for method, path, endpoint in routes(app, world, {VIEWER}):
            if endpoint in ("workshops.compare", "documents.compare_pdf"):  # 404 for all: the workshop has no baseline
                continue
            if method == "GET" and not path.startswith("/api/"):
                assert world[who].get(path).status_code == 200, (who, path, endpoint)


def test_the_api_answers_404_to_a_neighbours_token_and_to_a_client_above_their_role(app, world):
    tokens = {who: make_token(world[who], name=who) for who in ("bert", "stranger", "viewer")}
    for method, path, endpoint in routes(app, world, {VIEWER, CONSULTANT}):
        if not path.startswith("/api/"):
            continue
        for who in ("bert", "stranger"):
            assert api(world[who], path[len("/api/v1") :], tokens[who]).status_code == 404, (who, path)
        expected = 200 if level_of(endpoint) == VIEWER else 404
        assert api(world["viewer"], path[len("/api/v1") :], tokens["viewer"]).status_code == expected, path
    organisations = api(world["viewer"], "/organisations", tokens["viewer"]).json["organisations"]
    assert [o["id"] for o in organisations] == [world["ids"]["organisation_id"]]


def test_public_and_link_routes_need_no_account(app, world):
    visitor = Client(app.test_client())
    for rule in app.url_map.iter_rules():
        if level_of(rule.endpoint) == ANYONE and "GET" in rule.methods and not rule.arguments:
            response = visitor.get(rule.rule)
            assert response.status_code in (200, 302), rule.rule
            response.close()
    assert LINK in {level_of(endpoint) for endpoint in ROUTES}
