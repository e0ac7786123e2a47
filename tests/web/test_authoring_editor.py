"""The questionnaire editor: the JSON check it calls as the author types (problems by line, "did
you mean", nothing saved), and the page with and without the editor's bundle."""

import json
import re

import pytest

from assessment.db import session
from assessment.models import QuestionnaireDraft
from tests.support.accounts import make_admin, sign_in
from tests.support.client import Client
from tests.support.drafts import ERROR_LINE, VERSION_2, WITH_ERROR, new_draft


@pytest.fixture
def anna(app, anna):
    """Anna, signed in, is an administrator here: new versions of shipped questionnaires are theirs to publish."""
    make_admin(app, "anna@example.org")
    return anna


def check(client: Client, url: str, text, csrf: bool = True):
    headers = {"X-CSRFToken": client.csrf()} if csrf else {}
    return client.raw.post(
        f"{url}/check", data=json.dumps({"source": text}), content_type="application/json", headers=headers
    )


def test_the_check_gives_problems_by_line_and_saves_nothing(app, anna):
    url = new_draft(anna, VERSION_2)
    response = check(anna, url, WITH_ERROR)
    assert response.status_code == 200 and response.mimetype == "application/json"
    problems = response.json["problems"]
    assert [p["line"] for p in problems] == [ERROR_LINE] and "catastrophic" in problems[0]["message"]
    assert response.json["valid"] is False
    with app.app_context():
        assert session().scalar(session().query(QuestionnaireDraft.source).statement) == VERSION_2
    assert check(anna, url, VERSION_2).json == {"problems": [], "valid": True}


def test_the_check_suggests_the_id_that_was_meant(anna):
    url = new_draft(anna, VERSION_2)
    typo = VERSION_2.replace("actions: [appoint-business-owner", "actions: [appoint-busines-owner", 1)
    assert typo != VERSION_2
    messages = [p["message"] for p in check(anna, url, typo).json["problems"]]
    assert any("(did you mean 'appoint-business-owner'?)" in m for m in messages), messages


def test_the_check_reports_failing_examples_and_yaml_errors_at_their_lines(anna):
    url = new_draft(anna, VERSION_2)
    broken = VERSION_2 + "\nexamples: [unclosed\n"
    problems = check(anna, url, broken).json["problems"]
    assert problems and problems[0]["message"].startswith("YAML syntax error") and problems[0]["line"] > 1
    huge = check(anna, url, "x: " + "y" * 600_000).json["problems"]
    assert len(huge) == 1 and "larger than 512 kB" in huge[0]["message"]


def test_the_check_needs_the_token_a_json_body_and_the_draft_s_owner(app, anna):
    url = new_draft(anna, VERSION_2)
    assert check(anna, url, VERSION_2, csrf=False).status_code == 400
    assert anna.raw.post(f"{url}/check", data="source=x", headers={"X-CSRFToken": anna.csrf()}).status_code == 400
    assert check(anna, url, ["not", "text"]).status_code == 400
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    assert check(bert, url, VERSION_2).status_code == 404


def test_the_editor_is_offered_where_its_bundle_is_installed(anna, monkeypatch):
    import assessment.authoring.routes as routes

    url = new_draft(anna, VERSION_2)
    monkeypatch.setattr(routes, "EDITOR_BUNDLE", "css/app.css")  # a file that is there
    page = anna.get(url).get_data(as_text=True)
    attrs = re.search(r'<textarea[^>]*data-code-editor="([^"]+)"[^>]*>', page)
    assert attrs and 'id="editor-status"' in page and '<script src="/static/css/app.css" defer>' in page
    options = json.loads(attrs.group(1).replace("&#34;", '"').replace("&amp;", "&"))
    assert options["checkUrl"] == f"{url}/check" and options["statusId"] == "editor-status" and options["csrf"]
    monkeypatch.setattr(routes, "EDITOR_BUNDLE", "vendor/editor/not-built.js")
    plain = anna.get(url).get_data(as_text=True)
    assert "data-code-editor" not in plain and "editor-status" not in plain and "<textarea" in plain


@pytest.mark.parametrize("locale", ["de"])
def test_the_editor_s_words_are_in_the_page_s_language(anna, monkeypatch, locale):
    import assessment.authoring.routes as routes

    monkeypatch.setattr(routes, "EDITOR_BUNDLE", "css/app.css")
    url = new_draft(anna, VERSION_2)
    anna.get(f"/language?to={locale}&next=/")
    page = anna.get(url).get_data(as_text=True)
    assert "Prüfe" in page
