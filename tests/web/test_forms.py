"""Every form outside the survey pages renders its fields through one macro (_forms.html): each
input has a label, and a field in error says so and names its message in aria-describedby."""

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.support.answers import PULSE_IT_LED
from tests.support.drafts import VERSION_2, new_draft
from tests.support.survey import participate

TEMPLATES = Path(__file__).resolve().parents[2] / "assessment" / "templates"
FIELD_MARKUP = re.compile(r'<label|<input(?![^>]*type="hidden")|aria-invalid|\.errors\b')


class Fields(HTMLParser):
    """The inputs of a page, the labels pointing at them, and the text of every element with an id."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: list[dict] = []
        self.labelled: set[str] = set()
        self.text: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.inputs.append(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag not in ("input", "br", "img", "meta", "link"):
            self._open.append((tag, attrs.get("id")))
            if attrs.get("id"):
                self.text[attrs["id"]] = ""

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, element_id in self._open:
            if element_id:
                self.text[element_id] += data


def check_fields(html: str, expect_errors: dict[str, str]) -> None:
    """Every input is labelled; exactly the fields in `expect_errors` are invalid, each tied to its message."""
    page = Fields(html)
    invalid = {}
    for attrs in page.inputs:
        assert attrs.get("id") in page.labelled, f"no label for {attrs}"
        for described in (attrs.get("aria-describedby") or "").split():
            assert described in page.text, f"{attrs['id']} names a missing element {described}"
        if attrs.get("aria-invalid") == "true":
            messages = [page.text[i] for i in attrs["aria-describedby"].split() if i.endswith("-error")]
            invalid[attrs["name"]] = " ".join(messages)
    assert set(invalid) == set(expect_errors)
    for name, message in expect_errors.items():
        assert "Error:" in invalid[name] and message in invalid[name], (name, invalid[name])


def check_summary(html: str, targets: list[str]) -> None:
    """The page title starts with "Error:" and the summary at the top links to each field in error."""
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("Error: "), title
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r'href="#([^"]+)"', summary) == targets
    assert html.index('id="error-summary"') < html.index("<h1")  # at the top, before the page's own content


def test_sign_in_ties_each_message_to_its_field(client):
    response = client.post("/login", {"email": "", "password": ""})
    assert response.status_code == 422
    check_fields(response.get_data(as_text=True), {"email": "required", "password": "required"})


def test_join_code_ties_its_message_to_the_field(client):
    response = client.post("/join", {"code": "NOSUCH"})
    assert response.status_code == 404
    check_fields(response.get_data(as_text=True), {"code": "No workshop has this code"})


def test_team_name_ties_its_message_and_help_to_the_field(app, anna, workshop):
    _, _, token = workshop
    response = anna.post(f"/w/{token}", {"team": "x" * 81})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    check_fields(html, {"team": "80 characters"})
    assert 'aria-describedby="team-help team-error"' in html


def test_consultant_forms_tie_messages_to_fields(app, anna, workshop):
    workshop_id, _, _ = workshop
    organisations = anna.post("/organisations", {"name": ""})
    assert organisations.status_code == 422
    check_fields(organisations.get_data(as_text=True), {"name": "required"})

    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    made = anna.post(
        f"/organisations/{organisation_id}/workshops",
        {"title": "", "questionnaire": "executive-pulse", "locale": "en", "threshold": "1"},
    )
    assert made.status_code == 422
    check_fields(made.get_data(as_text=True), {"title": "required", "threshold": "between 2 and 50"})

    tokens = anna.post("/account/tokens", {"name": ""})
    assert tokens.status_code == 422
    check_fields(tokens.get_data(as_text=True), {"name": "required"})

    upload = anna.post(f"/workshops/{workshop_id}/import", {})
    assert upload.status_code == 422
    check_fields(upload.get_data(as_text=True), {"file": "Choose a CSV file."})

    drafts = anna.post("/authoring/drafts", {"name": "x" * 201})
    assert drafts.status_code == 422
    check_fields(drafts.get_data(as_text=True), {"name": "200 characters"})


def test_plan_item_ties_its_message_to_the_field(app, anna, workshop):
    workshop_id, _, token = workshop
    for _ in range(3):
        participate(app, token, PULSE_IT_LED)
    made = anna.post(f"/workshops/{workshop_id}/plan", {"start_date": "2027-01-04"})
    plan_id = int(made.headers["Location"].rsplit("/", 1)[1])
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    check_fields(page, {})
    item = re.search(r'id="item-(\d+)"', page).group(1)
    revision = re.search(rf'name="item-{item}-revision" value="(\d+)"', page).group(1)
    edit = {"title": "", "owner": "HR", "due_date": "2027-02-01", "status": "planned", "revision": revision}
    response = anna.post(f"/plans/{plan_id}/items/{item}", {f"item-{item}-{k}": v for k, v in edit.items()})
    assert response.status_code == 422
    check_fields(response.get_data(as_text=True), {f"item-{item}-title": "required"})
    check_summary(response.get_data(as_text=True), [f"item-{item}-title"])

    order = re.search(r'name="order_revision" value="(\d+)"', page).group(1)
    added = anna.post(f"/plans/{plan_id}/items", {"title": "", "owner": "", "horizon": "30", "order_revision": order})
    assert added.status_code == 422
    check_fields(added.get_data(as_text=True), {"title": "required", "owner": "required"})
    check_summary(added.get_data(as_text=True), ["title", "owner"])

    started = anna.post(f"/plans/{plan_id}/start", {"start_date": "next Monday"})
    assert started.status_code == 422
    check_fields(started.get_data(as_text=True), {"start_date": "required"})
    check_summary(started.get_data(as_text=True), ["start_date"])


def test_a_refused_draft_save_is_summarised_at_the_top(anna):
    url = new_draft(anna, VERSION_2)
    refused = anna.post(url, {"source": VERSION_2 + "\n# my edit\n", "base_hash": "0" * 64})
    assert refused.status_code == 409
    check_fields(refused.get_data(as_text=True), {"source": "saved from another window"})
    check_summary(refused.get_data(as_text=True), ["source"])


def test_a_refused_agreed_answer_is_summarised_and_its_question_opened(anna, workshop):
    workshop_id, _, _ = workshop
    refused = anna.post(f"/workshops/{workshop_id}/agreed/owner", {"agreed-owner-owner": "martians"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    check_fields(html, {"agreed-owner-owner": "Choose the answer the group agreed on"})
    check_summary(html, ["agreed-owner-owner-0"])
    assert re.search(r'<details open>(?:(?!</details>).)*id="agree-owner"', html, re.S)  # its section is open
    assert html.count("<details open>") == 1


def test_a_german_workshops_question_in_the_summary_is_marked_german_on_an_english_page(anna, workshop):
    page = anna.get(f"/workshops/{workshop[0]}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    form = {"title": "Auftakt", "questionnaire": "executive-pulse", "locale": "de", "threshold": "3", "baseline": ""}
    german = anna.post(f"/organisations/{organisation_id}/workshops", form).headers["Location"].rsplit("/", 1)[1]
    refused = anna.post(f"/workshops/{german}/agreed/owner", {"agreed-owner-owner": "martians"})
    summary = refused.get_data(as_text=True).split('id="error-summary"')[1].split("</div>")[0]
    assert re.search(r'<a href="#agreed-owner-owner-0"><span lang="de">[^<]+</span>: Choose the answer', summary)
    english = anna.post(f"/workshops/{workshop[0]}/agreed/owner", {"agreed-owner-owner": "martians"})
    assert 'lang="de"' not in english.get_data(as_text=True).split('id="error-summary"')[1].split("</div>")[0]


def test_every_input_on_the_form_pages_has_a_label(app, anna, workshop):
    workshop_id, _, token = workshop
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    urls = ["/", "/login", "/join", f"/w/{token}", "/workshops", f"/organisations/{organisation_id}"]
    urls += [f"/workshops/{workshop_id}", f"/workshops/{workshop_id}/import", "/account/tokens", "/authoring"]
    for url in urls:
        response = anna.get(url)
        assert response.status_code == 200, url
        check_fields(response.get_data(as_text=True), {})


def test_no_template_writes_field_markup_by_hand():
    """Labels, inputs and their messages come from _forms.html (hidden inputs and buttons aside)."""
    allowed = {
        "account/tokens.html": 2,  # the read-only field that shows a new token: not a form field
        "survey/page.html": 1,  # view.errors: the survey's own error summary
    }
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        name = str(path.relative_to(TEMPLATES))
        if name != "_forms.html":
            found[name] = len(FIELD_MARKUP.findall(path.read_text(encoding="utf-8")))
    assert {name: n for name, n in found.items() if n} == allowed
