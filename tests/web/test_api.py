"""The read-only JSON API: tokens made and revoked on the account page, the pages' access rules,
and answers that agree with what the pages show."""

import html
import re

import pytest
from sqlalchemy import select

from assessment.db import session
from assessment.models import ApiToken
from tests.support.accounts import sign_in
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.api import api, make_token
from tests.support.client import Client
from tests.support.survey import Survey, participate
from tests.support.workshops import new_workshop


@pytest.fixture
def finished_workshop(app, workshop):
    """Anna's workshop with four submitted responses (above the anonymity threshold of 3)."""
    workshop_id, _code, link = workshop
    tokens = []
    for pages, role in ((PULSE_IT_LED, "it"), (PULSE_IT_LED, "it"), (PULSE_HR_LED, "hr"), (PULSE_HR_LED, "hr")):
        tokens.append(participate(app, link, with_role(pages, role))[1])
    return workshop_id, tokens


def test_the_token_is_shown_once_and_only_its_prefix_afterwards(anna):
    token = make_token(anna)
    assert token.startswith("rdy_") and len(token) > 40
    listing = anna.get("/account/tokens").get_data(as_text=True)
    assert token not in listing
    assert token[:12] in listing and "Power BI" in listing


def test_requests_without_a_valid_token_are_refused_with_401(app, anna, finished_workshop):
    workshop_id, _ = finished_workshop
    anonymous = Client(app.test_client())
    for headers in ({}, {"Authorization": "Bearer rdy_not-a-real-token"}, {"Authorization": "Basic YW5uYTp4"}):
        refused = anonymous.get(f"/api/v1/workshops/{workshop_id}", headers=headers)
        assert refused.status_code == 401
        assert refused.json["error"] == "unauthorized"
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    # a signed-in browser session is not an API credential either
    assert anna.get(f"/api/v1/workshops/{workshop_id}").status_code == 401


def test_a_revoked_token_stops_working_at_once(anna, finished_workshop):
    workshop_id, _ = finished_workshop
    token = make_token(anna)
    assert api(anna, f"/workshops/{workshop_id}", token).status_code == 200
    listing = anna.get("/account/tokens").get_data(as_text=True)
    token_id = re.search(r"/account/tokens/(\d+)/revoke", listing).group(1)
    assert anna.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    assert api(anna, f"/workshops/{workshop_id}", token).status_code == 401
    assert "revoked" in anna.get("/account/tokens").get_data(as_text=True)


def test_the_last_use_of_a_token_is_stored_at_most_every_few_minutes(app, anna, finished_workshop):
    workshop_id, _ = finished_workshop
    token = make_token(anna)

    def last_used():
        with app.app_context():
            return session().scalar(select(ApiToken.last_used_at).where(ApiToken.prefix == token[:12]))

    assert last_used() is None
    assert api(anna, f"/workshops/{workshop_id}", token).status_code == 200
    first = last_used()
    assert first is not None
    assert api(anna, f"/workshops/{workshop_id}", token).status_code == 200
    assert last_used() == first


def test_another_consultants_token_gets_404_for_anna_s_data(app, anna, finished_workshop):
    workshop_id, response_tokens = finished_workshop
    organisation_id = api(anna, "/organisations", make_token(anna)).json["organisations"][0]["id"]
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    berts = make_token(bert)
    assert api(bert, "/organisations", berts).json == {"organisations": []}
    assert api(bert, f"/workshops/{workshop_id}", berts).status_code == 404
    assert api(bert, f"/workshops/{workshop_id}/responses", berts).status_code == 404
    assert api(bert, f"/organisations/{organisation_id}/assessments", berts).status_code == 404
    assert api(bert, f"/responses/{response_tokens[0]}", berts).status_code == 404
    # and Bert cannot revoke Anna's token
    anna_token_id = re.search(r"/account/tokens/(\d+)/revoke", anna.get("/account/tokens").get_data(as_text=True))
    assert bert.post(f"/account/tokens/{anna_token_id.group(1)}/revoke").status_code == 404


def test_workshop_aggregates_match_the_dashboard(anna, finished_workshop):
    workshop_id, _ = finished_workshop
    token = make_token(anna)
    from_api = api(anna, f"/workshops/{workshop_id}", token).json
    from_page = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    assert from_api["workshop"]["respondents"] == 4
    for key in ("index", "maturity", "dimensions", "risks", "group_result", "roles"):
        assert from_api[key] == from_page[key], key
    assert from_api["workshop"]["questionnaire"] == {
        "id": "executive-pulse",
        "version": 2,
        "title": from_api["workshop"]["questionnaire"]["title"],
    }


def test_workshop_responses_match_the_csv_export(anna, finished_workshop):
    workshop_id, _ = finished_workshop
    data = api(anna, f"/workshops/{workshop_id}/responses", make_token(anna)).json
    csv_header = (
        anna.get(f"/workshops/{workshop_id}/export.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    )
    assert data["columns"] == csv_header.split(",")
    assert len(data["responses"]) == 4


def test_one_response_matches_its_results_page(anna, finished_workshop):
    _, response_tokens = finished_workshop
    token = make_token(anna)
    data = api(anna, f"/responses/{response_tokens[0]}", token).json
    page = html.unescape(re.sub(r"<[^>]+>", " ", anna.get(f"/r/{response_tokens[0]}/results").get_data(as_text=True)))
    assert re.search(rf"Readiness index\s+{data['readiness_index']}\s*/100", page)
    assert data["maturity_name"] in page
    for risk in data["risks"]:
        assert risk["title"] in page
    assert data["answers"]["owner"] == "it"
    assert data["result"]["questionnaire_id"] == "executive-pulse"


def test_a_standalone_response_is_reached_by_its_link_and_unknown_ones_are_404(app, anna):
    token = make_token(anna)
    survey = Survey(Client(app.test_client()))
    response_token = survey.complete(PULSE_HR_LED, label="ACME board")
    data = api(anna, f"/responses/{response_token}", token).json
    assert data["label"] == "ACME board" and data["workshop_id"] is None
    assert api(anna, "/responses/not-a-response", token).status_code == 404
    unfinished = survey.start()
    assert api(anna, f"/responses/{unfinished}", token).status_code == 404


def test_the_language_can_be_chosen(anna, finished_workshop):
    _, response_tokens = finished_workshop
    token = make_token(anna)
    german = api(anna, f"/responses/{response_tokens[0]}?locale=de", token).json
    english = api(anna, f"/responses/{response_tokens[0]}", token).json
    assert german["locale"] == "de" and english["locale"] == "en"
    assert german["dimensions"][0]["title"] != english["dimensions"][0]["title"]
    assert german["readiness_index"] == english["readiness_index"]


def test_an_organisation_s_assessments_over_time(app, anna, finished_workshop):
    workshop_id, _ = finished_workshop
    token = make_token(anna)
    organisation_id = api(anna, "/organisations", token).json["organisations"][0]["id"]
    new_workshop(anna, workshop_id)
    data = api(anna, f"/organisations/{organisation_id}/assessments", token).json
    assert [a["title"] for a in data["assessments"]] == ["Kick-off", "Follow-up"]
    first, second = data["assessments"]
    dashboard = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    assert first["index"] == dashboard["index"] and first["respondents"] == 4 and not first["suppressed"]
    assert second["suppressed"] and "index" not in second  # nobody has answered: nothing to show yet


def test_the_openapi_document_describes_every_endpoint(app, anna):
    document = Client(app.test_client()).get("/api/v1/openapi.json")
    assert document.status_code == 200
    spec = document.json
    assert spec["openapi"].startswith("3.1")
    served = {
        rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
    }
    assert served == set(spec["paths"])
    for path, item in spec["paths"].items():
        for operation in item.values():
            for response in operation["responses"].values():
                ref = response["content"]["application/json"]["schema"].get("$ref") if "content" in response else None
                if ref:
                    assert ref.rsplit("/", 1)[1] in spec["components"]["schemas"], (path, ref)


def test_token_pages_need_sign_in_and_csrf(client, anna):
    assert client.get("/account/tokens").status_code == 200  # anna's session
    assert anna.post("/account/tokens", {"name": "x"}, csrf=False).status_code == 400
    anna.post("/logout")
    assert anna.get("/account/tokens").status_code == 302


def test_a_token_needs_a_name(anna):
    refused = anna.post("/account/tokens", {"name": ""})
    assert refused.status_code == 422


def test_guessing_tokens_is_rate_limited_but_a_good_token_is_not(app, anna, finished_workshop):
    workshop_id, _ = finished_workshop
    app.config["API_RATE_LIMIT"] = "5 per minute"
    good = make_token(anna)
    for _ in range(8):
        assert api(anna, f"/workshops/{workshop_id}", good).status_code == 200
    codes = [api(anna, f"/workshops/{workshop_id}", "rdy_guess").status_code for _ in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429


def test_changing_the_password_revokes_the_tokens_and_an_admin_can_revoke_them_all(
    app, anna, runner, finished_workshop
):
    workshop_id, _ = finished_workshop
    first, second = make_token(anna, "one"), make_token(anna, "two")
    result = runner.invoke(args=["users", "revoke-tokens", "anna@example.org"])
    assert result.exit_code == 0 and "2 API token(s)" in result.output
    assert api(anna, f"/workshops/{workshop_id}", first).status_code == 401
    third = make_token(anna, "three")
    assert api(anna, f"/workshops/{workshop_id}", third).status_code == 200
    result = runner.invoke(args=["users", "set-password", "anna@example.org", "--password", "a new long password"])
    assert result.exit_code == 0 and "1 API token(s) revoked" in result.output
    assert api(anna, f"/workshops/{workshop_id}", third).status_code == 401
    assert api(anna, f"/workshops/{workshop_id}", second).status_code == 401
