"""Authoring in the browser: drafts, errors at their lines, examples, preview per locale, publish."""

import html
import io
import re

import pytest

from assessment.db import session
from assessment.models import QuestionnaireDraft, QuestionnaireVersion
from tests.support.accounts import make_admin, sign_in
from tests.support.answers import PULSE_IT_LED
from tests.support.drafts import ERROR_LINE, PULSE, VERSION_2, WITH_ERROR
from tests.support.survey import Survey
from tests.support.workshops import new_workshop


@pytest.fixture
def anna(app, anna):
    """Anna, signed in, is an administrator here: new versions of shipped questionnaires are theirs to publish."""
    make_admin(app, "anna@example.org")
    return anna


def new_draft(client, text, name="pulse-v2.yaml"):
    created = client.post("/authoring/drafts", {"source": text, "name": name})
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    return created.headers["Location"]


def save(client, url, text):
    """Save a draft as the editor does: with the hash of the saved text the page was opened on."""
    base = re.search(r'name="base_hash" type="hidden" value="([0-9a-f]{64})"', client.get(url).get_data(as_text=True))
    return client.post(url, {"source": text, "base_hash": base.group(1)})


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def versions(app, questionnaire_id="executive-pulse"):
    with app.app_context():
        rows = session().query(QuestionnaireVersion).filter_by(questionnaire_id=questionnaire_id).all()
        return sorted(row.version for row in rows)


def test_authoring_pages_need_a_signed_in_consultant(client):
    assert client.get("/authoring").status_code == 302
    assert "/login" in client.get("/authoring").headers["Location"]
    refused = client.post("/authoring/drafts", {"source": PULSE})
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]


def test_the_index_lists_published_versions_with_their_files(anna):
    page = anna.get("/authoring").get_data(as_text=True)
    assert "executive-pulse" in page and "social-collaboration-readiness" in page
    row_id = re.search(r"/authoring/versions/(\d+)\.yaml", page).group(1)
    download = anna.get(f"/authoring/versions/{row_id}.yaml")
    assert download.status_code == 200
    assert download.get_data(as_text=True).startswith("#") or "format: 1" in download.get_data(as_text=True)


def test_an_error_is_shown_at_its_line_and_the_file_cannot_be_published(app, anna):
    editor = anna.get(new_draft(anna, WITH_ERROR))
    page = editor.get_data(as_text=True)
    assert f'href="#L{ERROR_LINE}"' in page
    row = re.search(rf'<tr id="L{ERROR_LINE}" class="has-problem">(.*?)</tr>', page, re.S)
    assert row is not None, "the line with the mistake is not marked in the listing"
    assert "catastrophic" in row.group(1) and "line-problem" in row.group(1)
    assert "Publish version 2" not in page
    with app.app_context():
        draft_id = session().query(QuestionnaireDraft).one().id
    refused = anna.post(f"/authoring/drafts/{draft_id}/publish", {"checked_hash": "x"})
    assert refused.status_code == 302  # the page was stale: nothing published, the editor is shown again
    with app.app_context():
        from assessment.services.authoring import content_hash

        current = content_hash(session().get(QuestionnaireDraft, draft_id).source)
    refused = anna.post(f"/authoring/drafts/{draft_id}/publish", {"checked_hash": current})
    assert refused.status_code == 422
    assert "catastrophic" in page_text(refused)
    assert versions(app) == [2]


def test_every_problem_of_an_uploaded_file_is_listed_with_its_line(anna):
    broken = WITH_ERROR.replace("estimated_minutes: 10\n", "estimated_minutes: ten\n", 1)
    minutes_line = broken.splitlines().index("estimated_minutes: ten") + 1
    created = anna.post(
        "/authoring/drafts",
        {"file": (io.BytesIO(broken.encode("utf-8")), "pulse.yaml")},
        content_type="multipart/form-data",
    )
    assert created.status_code == 302
    page = anna.get(created.headers["Location"]).get_data(as_text=True)
    assert f'href="#L{ERROR_LINE}"' in page and f'href="#L{minutes_line}"' in page
    assert "2 problems must be fixed before publishing" in page


def test_fixing_the_error_then_publishing_makes_version_3(app, anna):
    editor_url = new_draft(anna, WITH_ERROR)
    draft_id = int(editor_url.rsplit("/", 1)[1])
    saved = save(anna, editor_url, VERSION_2)
    assert saved.status_code == 302
    page = anna.get(editor_url).get_data(as_text=True)
    assert "has-problem" not in page
    assert "ready to publish" in page and "Publish version 3" in page
    assert page.count("passes") >= 4  # the pulse's own examples are run and listed
    checked = re.search(r'name="checked_hash" value="([0-9a-f]{64})"', page).group(1)
    published = anna.post(f"/authoring/drafts/{draft_id}/publish", {"checked_hash": checked})
    assert published.status_code == 302
    assert "version 3" in page_text(anna.get("/authoring"))
    assert versions(app) == [2, 3]
    landing = page_text(anna.get("/"))
    assert "Executive pulse" in landing


def test_a_response_answered_on_version_2_keeps_its_result_after_version_3(app, client, consultant):
    make_admin(app, "anna@example.org")
    survey = Survey(client)
    token = survey.complete(PULSE_IT_LED)
    before = page_text(client.get(f"/r/{token}/results"))
    sign_in(client)
    harsher = VERSION_2.replace(
        "score: 25\n            raises: [vanity-metrics]", "score: 0\n            raises: [vanity-metrics]"
    )
    draft_url = new_draft(client, harsher)
    checked = re.search(r'name="checked_hash" value="([0-9a-f]{64})"', client.get(draft_url).get_data(as_text=True))
    assert checked, "the changed file should be publishable"
    client.post(draft_url + "/publish", {"checked_hash": checked.group(1)})
    assert versions(app) == [2, 3]
    after = page_text(client.get(f"/r/{token}/results"))
    index = re.compile(r"Readiness index\s+(\d+)")
    assert index.search(before).group(1) == index.search(after).group(1)
    # a new respondent is asked version 3, and the same answers now score lower
    new_token = Survey(client).complete(PULSE_IT_LED)
    assert int(index.search(page_text(client.get(f"/r/{new_token}/results"))).group(1)) < int(
        index.search(before).group(1)
    )


def test_the_same_version_number_with_different_content_is_refused_at_the_version_line(anna):
    changed = PULSE.replace("How has activity developed since launch?", "How has activity changed?")
    page = anna.get(new_draft(anna, changed)).get_data(as_text=True)
    version_line = changed.splitlines().index("version: 2") + 1
    assert f'href="#L{version_line}"' in page
    assert "set &#39;version: 3&#39;" in page or "set 'version: 3'" in page


def test_the_unchanged_shipped_file_is_recognised_as_already_published(anna):
    page = anna.get(new_draft(anna, PULSE)).get_data(as_text=True)
    assert "already published as executive-pulse version 2" in page
    assert "Publish version" not in page


def test_a_draft_can_start_from_a_published_version(app, anna):
    with app.app_context():
        row = session().query(QuestionnaireVersion).filter_by(questionnaire_id="executive-pulse").one()
        row_id = row.id
    created = anna.post("/authoring/drafts", {"copy_of": str(row_id)})
    assert created.status_code == 302
    editor = anna.get(created.headers["Location"]).get_data(as_text=True)
    assert "executive-pulse.yaml" in editor
    assert "Management-Kurzcheck" in html.unescape(editor)


def test_an_empty_new_draft_form_says_what_to_do(anna):
    refused = anna.post("/authoring/drafts", {})
    assert refused.status_code == 422
    assert "Upload a file, paste its text" in page_text(refused)


def test_a_file_that_is_not_utf8_is_refused_with_a_reason(anna):
    refused = anna.post(
        "/authoring/drafts",
        {"file": (io.BytesIO("titel: Größe".encode("latin-1")), "old.yaml")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "not UTF-8" in page_text(refused)


def test_an_oversized_draft_is_refused_before_parsing(anna):
    refused = anna.post("/authoring/drafts", {"source": "# " + "x" * 600_000})
    assert refused.status_code in (413, 422)


def test_a_yaml_bomb_is_refused_quickly_with_a_message(anna):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    page = anna.get(new_draft(anna, bomb)).get_data(as_text=True)
    assert "problem" in page and "has-problem" in page or "The whole file" in page


def test_text_in_a_draft_is_escaped_everywhere(anna):
    hostile = VERSION_2.replace("How has activity changed since the launch?", "<script>alert(1)</script> {{ 7*7 }}")
    page = anna.get(new_draft(anna, hostile, name="<b>bold</b>.yaml")).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page


def test_another_consultant_cannot_see_or_change_a_draft(app, anna):
    url = new_draft(anna, VERSION_2)
    anna.post("/logout")
    sign_in(anna, "bert@example.org")
    assert anna.get(url).status_code == 404
    assert anna.post(url, {"source": "x"}).status_code == 404
    assert anna.post(url + "/publish", {"checked_hash": "x"}).status_code == 404
    assert anna.get(url + "/preview/en/0").status_code == 404
    assert "pulse-v2.yaml" not in anna.get("/authoring").get_data(as_text=True)


def test_a_save_from_a_stale_window_does_not_overwrite_the_newer_text(anna):
    url = new_draft(anna, WITH_ERROR)
    stale = re.search(r'name="base_hash" type="hidden" value="([0-9a-f]{64})"', anna.get(url).get_data(as_text=True))
    assert save(anna, url, VERSION_2).status_code == 302  # the other window saves the fix
    refused = anna.post(url, {"source": WITH_ERROR + "\n# my edit\n", "base_hash": stale.group(1)})
    assert refused.status_code == 409
    page = page_text(refused)
    assert "saved from another window" in page and "# my edit" in page  # the person's text is kept
    assert "has-problem" not in refused.get_data(as_text=True)  # the saved text (the fix) is what stands


def test_deleting_a_draft(app, anna):
    url = new_draft(anna, VERSION_2)
    assert anna.post(url + "/delete").status_code == 302
    assert anna.get(url).status_code == 404


def test_saving_without_csrf_is_refused(anna):
    url = new_draft(anna, VERSION_2)
    refused = anna.post(url, {"source": "x"}, csrf=False)
    assert refused.status_code == 400


class TestPreview:
    @pytest.fixture
    def draft_url(self, anna):
        return new_draft(anna, VERSION_2)

    def test_each_locale_shows_the_files_own_translations_and_the_interface_language(self, anna, draft_url):
        german = anna.get(draft_url + "/preview/de/0")
        assert german.status_code == 200
        text = page_text(german)
        assert 'lang="de"' in german.get_data(as_text=True)
        assert "Management-Kurzcheck" in text
        assert "Nothing you answer here is stored" not in text  # the preview bar is in German too
        english = page_text(anna.get(draft_url + "/preview/en/0"))
        assert "Executive pulse" in english

    def test_an_unknown_locale_or_page_is_not_found(self, anna, draft_url):
        assert anna.get(draft_url + "/preview/fr/0").status_code == 404
        assert anna.get(draft_url + "/preview/en/99").status_code == 404

    def test_conditional_questions_follow_the_answers_given_in_the_preview(self, app, anna, draft_url):
        with app.app_context():
            from scoring import load_questionnaire

            q = load_questionnaire(VERSION_2.encode(), "v2.yaml")
            trend_page = next(n for n, p in enumerate(q.pages) if "activity-trend" in p.question_ids)

        before_launch = {  # the questions asked instead of the live ones before launch
            "exec-commitment": "approve",
            "measurement-plan": "logins",
            "training-plan": "launch",
            "community-plan": "none",
            "workflow-plan": "none",
        }

        def walk(first_page):
            known = "{}"
            for number in range(trend_page):
                answers = first_page if number == 0 else {**PULSE_IT_LED[number], **before_launch}
                shown = anna.post(
                    f"{draft_url}/preview/en/{number}", {**answers, "action": "next", "preview_answers": known}
                )
                assert shown.status_code == 200, page_text(shown)[:500]
                known = html.unescape(
                    re.search(r'name="preview_answers" value="([^"]*)"', shown.get_data(as_text=True)).group(1)
                )
            return shown.get_data(as_text=True)

        assert "How has activity changed since the launch?" in walk({"role": "it", "stage": "launched-long"})
        assert "How has activity changed since the launch?" not in walk({"role": "it", "stage": "planning"})

    def test_a_missing_required_answer_gets_the_same_message_as_in_the_survey(self, anna, draft_url):
        refused = anna.post(f"{draft_url}/preview/en/0", {"action": "next", "preview_answers": "{}"})
        assert refused.status_code == 422
        assert "Please answer this question." in page_text(refused)

    def test_the_last_page_leads_to_the_result_the_answers_give(self, app, anna, draft_url):
        known = "{}"
        for number, answers in enumerate(PULSE_IT_LED):
            shown = anna.post(
                f"{draft_url}/preview/en/{number}", {**answers, "action": "next", "preview_answers": known}
            )
            assert shown.status_code == 200
            found = re.search(r'name="preview_answers" value="([^"]*)"', shown.get_data(as_text=True))
            known = html.unescape(found.group(1)) if found else known
        text = page_text(shown)
        assert "Readiness index" in text and "IT runs it as a technology platform" in text

    def test_skipping_pages_shows_which_required_questions_the_result_leaves_out(self, anna, draft_url):
        last = len(PULSE_IT_LED) - 1
        shown = anna.post(f"{draft_url}/preview/en/{last}", {**PULSE_IT_LED[last], "action": "next"})
        text = page_text(shown)
        assert "required questions were skipped in this preview" in text
        assert "Which role describes you best?" in text

    @pytest.mark.parametrize("tampered", ["[not json", "[" * 100_000, '{"role": ["x"]}', "1e999", "null"])
    def test_a_tampered_answer_field_is_ignored(self, anna, draft_url, tampered):
        shown = anna.post(
            f"{draft_url}/preview/en/0",
            {"role": "it", "stage": "planning", "action": "next", "preview_answers": tampered},
        )
        assert shown.status_code == 200

    def test_a_draft_that_does_not_validate_cannot_be_previewed(self, anna):
        url = new_draft(anna, "format: 1\nid: broken\n")
        refused = anna.get(url + "/preview/en/0")
        assert refused.status_code == 302 and refused.headers["Location"].endswith(url)


def mapped_version_2() -> str:
    """Version 2 that renames `wiifm` to `personal-value` and drops `activity-trend`, saying so in maps_from."""
    text = VERSION_2.replace("      - id: wiifm\n", "      - id: personal-value\n")
    text = text.replace("{question: wiifm,", "{question: personal-value,")
    text = re.sub(r"^      wiifm: \{", "      personal-value: {", text, flags=re.M)
    start = text.index("      - id: activity-trend\n")
    text = text[:start] + text[text.index("      - id: measurement-plan\n", start) :]
    text = re.sub(r"^      activity-trend: \w+\n", "", text, flags=re.M)
    # without its question, "activity is fading" needs another way to fire: the unmeasured-launch rule
    text = text.replace(
        "  - id: launched-unmeasured\n    raises: no-measurement",
        "  - id: launched-unmeasured\n    raises: fading-activity",
    )
    return text + "\nmaps_from:\n  - version: 2\n    questions: {wiifm: personal-value, activity-trend: null}\n"


def test_a_follow_up_on_a_new_version_is_compared_through_the_mapping(app, anna, workshop):
    from tests.support.survey import participate

    baseline_id, _, link = workshop
    for _ in range(3):
        participate(app, link, PULSE_IT_LED)
    draft_url = new_draft(anna, mapped_version_2())
    editor = anna.get(draft_url).get_data(as_text=True)
    checked = re.search(r'name="checked_hash" value="([0-9a-f]{64})"', editor)
    assert checked, page_text(anna.get(draft_url))[:3000]
    changes = page_text(anna.get(draft_url))
    assert "Changes from the published version 2" in changes
    assert "'wiifm' renamed to 'personal-value'" in changes and "activity-trend" in changes
    assert anna.post(draft_url + "/publish", {"checked_hash": checked.group(1)}).status_code == 302
    follow_id, follow_link = new_workshop(anna, baseline_id, baseline=baseline_id)
    later = [
        {k.replace("wiifm", "personal-value"): v for k, v in page.items() if k != "activity-trend"}
        for page in PULSE_IT_LED
    ]
    later[3] = {"personal-value": "4", "personal-value__target": "5"}
    for _ in range(3):
        participate(app, follow_link, later)
    compared = page_text(anna.get(f"/workshops/{follow_id}/compare"))
    # the renamed question is compared with its old self; the dropped one is named as not comparable
    assert re.search(r"activity-trend\s*\(question\)", compared), compared[:4000]
    assert not re.search(r"wiifm\s*\(question\)", compared)
    assert "How clearly can employees say what the platform does (or will do) for them" in compared


class TestWhoPublishes:
    """A consultant publishes questionnaires of their own; new versions of shipped ones are the admins'."""

    @pytest.fixture
    def bert(self, app, consultant):
        from tests.support.client import Client

        bert = Client(app.test_client())
        assert sign_in(bert, "bert@example.org").status_code == 302
        return bert

    def test_a_consultant_cannot_publish_a_new_version_of_a_shipped_questionnaire(self, app, bert):
        url = new_draft(bert, VERSION_2)
        page = page_text(bert.get(url))
        assert "published by an administrator" in page and "Publish version 3" not in page
        refused = bert.post(url + "/publish", {"checked_hash": checked_hash(bert, url)})
        assert refused.status_code == 403
        assert versions(app) == [2]

    def test_a_consultant_publishes_their_own_questionnaire_for_workshops_not_the_start_page(self, app, bert):
        own = VERSION_2.replace("id: executive-pulse\n", "id: acme-pulse\n", 1).replace(
            "version: 3\n", "version: 1\n", 1
        )
        own = own.replace("variant_of: social-collaboration-readiness\n", "")
        url = new_draft(bert, own, name="acme.yaml")
        assert bert.post(url + "/publish", {"checked_hash": checked_hash(bert, url)}).status_code == 302
        assert versions(app, "acme-pulse") == [1]
        assert 'value="acme-pulse"' not in bert.get("/").get_data(as_text=True)  # not on the public start page
        created = bert.post("/organisations", {"name": "ACME"})
        organisation = bert.get(created.headers["Location"]).get_data(as_text=True)
        assert 'value="acme-pulse"' in organisation  # but offered for workshops
        # version 2 of it is Bert's to publish, and Anna (no admin) may not
        url_2 = new_draft(bert, own.replace("version: 1\n", "version: 2\n", 1).replace("changed since", "moved since"))
        assert bert.post(url_2 + "/publish", {"checked_hash": checked_hash(bert, url_2)}).status_code == 302
        assert versions(app, "acme-pulse") == [1, 2]
        from tests.support.client import Client

        anna = Client(app.test_client())
        sign_in(anna)
        url_3 = new_draft(anna, own.replace("version: 1\n", "version: 3\n", 1))
        assert "published by bert@example.org" in page_text(anna.get(url_3))
        assert anna.post(url_3 + "/publish", {"checked_hash": checked_hash(anna, url_3)}).status_code == 403


def checked_hash(client, url):
    from assessment.models import QuestionnaireDraft
    from assessment.services.authoring import content_hash

    draft_id = int(url.rsplit("/", 1)[1])
    with client.application.app_context():
        return content_hash(session().get(QuestionnaireDraft, draft_id).source)
