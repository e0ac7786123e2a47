"""Workshops through the test client: accounts, access control, joining, anonymity, consensus, exports."""

import csv
import io
import re

import pytest
from pypdf import PdfReader

from assessment.db import session
from tests.support.accounts import PASSWORD, sign_in
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.client import Client
from tests.support.survey import participate
from tests.support.workshops import compared_pair

# --- accounts ---------------------------------------------------------------------------------


def test_users_create_command(runner):
    result = runner.invoke(args=["users", "create", "carla@example.org", "--name", "Carla", "--password", PASSWORD])
    assert result.exit_code == 0 and "created user" in result.output
    again = runner.invoke(args=["users", "create", "carla@example.org", "--password", PASSWORD])
    assert again.exit_code == 1 and "exists already" in again.output
    short = runner.invoke(args=["users", "create", "dora@example.org", "--password", "short"])
    assert short.exit_code == 1 and "at least 10 characters" in short.output


def test_password_is_stored_hashed(app, consultant):
    from sqlalchemy import select

    from assessment.models import User

    with app.app_context():
        user = session().scalars(select(User).where(User.email == "anna@example.org")).one()
        assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


def test_sign_in_and_out(client, consultant):
    assert client.get("/workshops").status_code == 302  # needs sign-in
    wrong = sign_in(client, password="wrong password!")
    assert wrong.status_code == 401 and "E-mail or password is not right." in wrong.get_data(as_text=True)
    ok = sign_in(client)
    assert ok.status_code == 302
    assert "HttpOnly" in ok.headers["Set-Cookie"] and "SameSite=Lax" in ok.headers["Set-Cookie"]
    assert client.get("/workshops").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/workshops").status_code == 302


def test_session_cookie_is_secure_over_https(app, consultant):
    from tests.support.client import CSRF

    browser = app.test_client()
    token = CSRF.search(browser.get("/login", base_url="https://localhost").get_data(as_text=True)).group(1)
    response = browser.post(
        "/login",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
        data={"email": "anna@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    plain = Client(app.test_client())
    assert "Secure" not in sign_in(plain).headers["Set-Cookie"]


@pytest.mark.slow
def test_sign_in_is_rate_limited(client, consultant):
    codes = [sign_in(client, password=f"wrong-{i}-password").status_code for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[-1] == 429


def test_open_redirect_after_sign_in_is_refused(client, consultant):
    response = client.post("/login?next=//evil.example/x", {"email": "anna@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/workshops"


# --- workshops and access control --------------------------------------------------------------


def test_create_workshop_shows_code_link_and_qr(anna, workshop):
    workshop_id, code, token = workshop
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert code in page and f"/w/{token}" in page
    qr = anna.get(f"/workshops/{workshop_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.data.startswith(b"<svg")


def test_second_consultant_gets_404_on_every_url(app, anna, workshop):
    workshop_id, _, token = workshop
    participate(app, token, PULSE_IT_LED)
    organisation_id = re.search(
        r"/organisations/(\d+)", anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    ).group(1)
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    gets = [
        f"/workshops/{workshop_id}",
        f"/workshops/{workshop_id}/dashboard.json",
        f"/workshops/{workshop_id}/qr.svg",
        f"/workshops/{workshop_id}/report.pdf",
        f"/workshops/{workshop_id}/export.csv",
        f"/workshops/{workshop_id}/export.json",
        f"/workshops/{workshop_id}/compare?with={workshop_id}",
        f"/organisations/{organisation_id}",
    ]
    for url in gets:
        assert bert.get(url).status_code == 404, url
    posts = [
        f"/workshops/{workshop_id}/close",
        f"/workshops/{workshop_id}/reopen",
        f"/workshops/{workshop_id}/agreed/owner",
        f"/workshops/{workshop_id}/agreed/owner/delete",
        f"/organisations/{organisation_id}/workshops",
    ]
    for url in posts:
        assert bert.post(url, {"title": "x", "questionnaire": "executive-pulse"}).status_code == 404, url
    assert "Kick-off" not in bert.get("/workshops").get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_sign_in(app, workshop):
    workshop_id, _, _ = workshop
    stranger = app.test_client()
    response = stranger.get(f"/workshops/{workshop_id}/export.csv")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- joining ------------------------------------------------------------------------------------


def test_join_with_code_in_any_case(app, workshop):
    _, code, token = workshop
    visitor = Client(app.test_client())
    response = visitor.post("/join", {"code": f" {code[:3].lower()}-{code[3:]} "})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/w/{token}")


def test_wrong_code_gets_a_clear_message(app, workshop):
    visitor = Client(app.test_client())
    response = visitor.post("/join", {"code": "ZZZZZZ"})
    assert response.status_code == 404
    assert "No workshop has this code" in response.get_data(as_text=True)


def test_code_guessing_is_throttled(app, workshop):
    visitor = Client(app.test_client())
    codes = [visitor.post("/join", {"code": f"ZZZZ{i:02d}"}).status_code for i in range(22)]
    assert codes.count(429) >= 1 and codes[0] == 404


def test_closing_stops_the_code_and_keeps_what_was_submitted(app, anna, workshop):
    workshop_id, code, token = workshop
    participate(app, token, PULSE_IT_LED)
    late = Client(app.test_client())
    joined = late.post(f"/w/{token}", {"team": ""})
    late_token = joined.headers["Location"].split("/")[2]
    for number, answers in enumerate(PULSE_HR_LED):
        late.post(f"/r/{late_token}/page/{number}", {**answers, "action": "next"})
    assert anna.post(f"/workshops/{workshop_id}/close").status_code == 302
    visitor = Client(app.test_client())
    closed = visitor.post("/join", {"code": code})
    assert closed.status_code == 410 and "This workshop has closed" in closed.get_data(as_text=True)
    assert visitor.get(f"/w/{token}").status_code == 410
    refused = late.post(f"/r/{late_token}/submit")
    assert refused.status_code == 409 and "can no longer be submitted" in refused.get_data(as_text=True)
    data = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    assert data["workshop"]["respondents"] == 1 and data["workshop"]["closed"] is True


# --- anonymity ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_small_role_never_appears_on_its_own(app, anna, workshop):
    workshop_id, _, token = workshop
    for _ in range(3):
        participate(app, token, with_role(PULSE_IT_LED, "it"))
    participate(app, token, with_role(PULSE_HR_LED, "hr"))  # a single HR person
    participate(app, token, with_role(PULSE_HR_LED, "executive"))  # a single executive
    parsed = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    keys = {r["key"] for r in parsed["roles"]}
    assert "hr" not in keys and "executive" not in keys and "it" in keys
    for item in parsed["dimensions"] + parsed["questions"] + parsed["role_gaps"]:
        assert {g["key"] for g in item["groups"]} <= {"it", "other"}
    assert "HR" not in {g["label"] for d in parsed["dimensions"] for g in d["groups"]}
    rows = list(csv.reader(io.StringIO(anna.get(f"/workshops/{workshop_id}/export.csv").data.decode("utf-8-sig"))))
    roles = {row[1] for row in rows[1:]}
    assert roles <= {"it", ""} and "hr" not in roles and "executive" not in roles
    pdf = anna.get(f"/workshops/{workshop_id}/report.pdf").data
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    # the last mention of each heading is the section itself (the first is its line in the contents)
    participation = text.split("Participation and spread")[-1].split("Dimensions by group")[0]
    assert "IT 3" in participation and "Other" not in participation  # the two singles are too few even together
    assert "HR" not in participation and "Executive" not in participation
    gaps = text.split("Where groups see things differently")[-1].split("Where participants disagree most")[0]
    assert "HR" not in gaps and "Executive" not in gaps


def test_fewer_respondents_than_the_threshold_show_only_the_count(app, anna, workshop):
    workshop_id, _, token = workshop
    participate(app, token, PULSE_IT_LED)
    participate(app, token, PULSE_HR_LED)
    data = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    assert data["workshop"]["suppressed"] is True and data["workshop"]["respondents"] == 2
    assert "dimensions" not in data and "questions" not in data


def test_participant_sees_own_result_and_nobody_else_does(app, anna, workshop):
    _, _, token = workshop
    participant, response_token = participate(app, token, PULSE_IT_LED)
    assert participant.get(f"/r/{response_token}/results").status_code == 200
    other = Client(app.test_client())
    other_token = participate(app, token, PULSE_HR_LED)[1]
    assert other_token != response_token
    assert other.get(f"/r/{response_token[:-2]}xx/results").status_code == 404


# --- consensus ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_agreed_answer_is_shown_next_to_the_spread_and_changes_the_group_result(app, anna, workshop):
    workshop_id, _, token = workshop
    for pages in (PULSE_IT_LED, PULSE_IT_LED, PULSE_HR_LED):
        participate(app, token, pages)
    before = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    owner = next(q for q in before["questions"] if q["id"] == "owner")
    assert {d["value"]: d["count"] for d in owner["distribution"]}["it"] == 2
    assert before["group_result"]["agreed_questions"] == 0
    saved = anna.post(
        f"/workshops/{workshop_id}/agreed/owner",
        {"agreed-owner-owner": "joint", "agreed-owner-note": "HR leads from Q3"},
    )
    assert saved.status_code == 302
    after = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    owner = next(q for q in after["questions"] if q["id"] == "owner")
    assert owner["agreed"] == "Business or HR leads, with IT as a partner"
    assert {d["value"]: d["count"] for d in owner["distribution"]}["it"] == 2  # individual answers unchanged
    assert after["group_result"]["agreed_questions"] == 1
    assert after["group_result"]["band"] != before["group_result"]["band"] or (
        after["group_result"]["readiness_index"] > before["group_result"]["readiness_index"]
    )
    pdf = anna.get(f"/workshops/{workshop_id}/report.pdf").data
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Agreed after discussion: Business or HR leads, with IT as a partner" in text
    removed = anna.post(f"/workshops/{workshop_id}/agreed/owner/delete")
    assert removed.status_code == 302
    assert anna.get(f"/workshops/{workshop_id}/dashboard.json").json["group_result"]["agreed_questions"] == 0


def test_agreed_answer_must_be_a_valid_choice(app, anna, workshop):
    workshop_id, _, token = workshop
    response = anna.post(f"/workshops/{workshop_id}/agreed/owner", {"agreed-owner-owner": "martians"})
    assert response.status_code == 422
    assert "Choose the answer the group agreed on" in response.get_data(as_text=True)
    assert "— <strong>agreed</strong>" not in anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)


def test_dashboard_figures_are_rounded_for_reading(app, anna, workshop):
    workshop_id, _, token = workshop
    for pages in (PULSE_IT_LED, PULSE_IT_LED, PULSE_HR_LED):
        participate(app, token, pages)
    data = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    assert all(isinstance(data["index"][k], int) for k in ("mean", "median", "min", "max"))
    assert data["index"]["stdev"] == round(data["index"]["stdev"], 1)
    for item in data["questions"]:
        assert item["mean_score"] is None or isinstance(item["mean_score"], int)
        assert item["spread"] is None or item["spread"] == round(item["spread"], 1)
        assert item["consensus"] is None or item["consensus"] == round(item["consensus"], 2)
    assert any(0 < (item["consensus"] or 0) < 1 for item in data["questions"])  # not only whole values
    for dimension in data["dimensions"]:
        assert isinstance(dimension["mean"], int) and dimension["stdev"] == round(dimension["stdev"], 1)


# --- exports -----------------------------------------------------------------------------------


def test_csv_export_has_bom_all_answers_and_scores(app, anna, workshop):
    workshop_id, _, token = workshop
    for _ in range(3):
        participate(app, token, PULSE_IT_LED, team="=cmd|' /C calc'!A0")
    response = anna.get(f"/workshops/{workshop_id}/export.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header = rows[0]
    assert {"readiness_index", "owner", "objectives", "score_ownership"} <= set(header)
    assert len(rows) == 4
    assert rows[1][header.index("owner")] == "it"
    assert rows[1][header.index("team")].startswith("'=")  # formula injection neutralised


def test_json_export(app, anna, workshop):
    workshop_id, _, token = workshop
    for _ in range(3):
        participate(app, token, PULSE_HR_LED)
    data = anna.get(f"/workshops/{workshop_id}/export.json").json
    assert len(data["responses"]) == 3 and data["workshop"]["respondents"] == 3
    assert data["responses"][0]["owner"] == "joint"


@pytest.mark.slow
def test_group_pdf_report(app, anna, workshop):
    workshop_id, _, token = workshop
    for role in ("it", "it", "it", "hr", "hr", "hr"):
        participate(app, token, with_role(PULSE_IT_LED if role == "it" else PULSE_HR_LED, role))
    response = anna.get(f"/workshops/{workshop_id}/report.pdf")
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages))
    assert "workshop report" in text.lower()
    for heading in (
        "Participation and spread",
        "Where groups see things differently",
        "Where participants disagree most",
        "Action plan: 30, 60 and 90 days",
    ):
        assert heading in text
    assert "6 people took part" in text


# --- comparison --------------------------------------------------------------------------------


def squeezed_text(pdf: bytes) -> str:
    return re.sub(r"[\s\-]+", "", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_follow_up_is_compared_with_its_baseline(app, anna, workshop):
    baseline_id, follow_id = compared_pair(app, anna, workshop)
    compared = anna.get(f"/workshops/{follow_id}/compare").get_data(as_text=True)
    assert "Readiness index" in compared and "→" in compared
    change = re.search(r"(\d+) → (\d+) \((\+\d+)\)", compared)  # the index went up
    assert change and f"/workshops/{follow_id}/compare.pdf?with={baseline_id}" in compared
    pdf = anna.get(f"/workshops/{follow_id}/compare.pdf?with={baseline_id}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    before, after, delta = change.groups()
    assert f"Readiness index {before} → {after} ({delta})" in text and "Dimensions before and after" in text
    from assessment.tasks.reports import render_group_report_job

    with app.app_context():  # a worker's group report of the follow-up leads with the change, as the page's does
        job = squeezed_text(render_group_report_job(follow_id, "A4")["pdf"])
    assert "Since“Kickoff”of" in job, job[:600]


def test_a_new_workshop_may_use_any_published_version(app, anna, workshop):
    from sqlalchemy import select

    from assessment.models import QuestionnaireVersion, Workshop
    from assessment.services.questionnaires import publish
    from tests.support.paths import QUESTIONNAIRES

    text = (QUESTIONNAIRES / "executive-pulse.yaml").read_text(encoding="utf-8")
    newer = re.sub(r"(?m)^version: \d+", lambda m: f"version: {int(m.group(0).split()[1]) + 1}", text, count=1)
    with app.app_context():
        publish(session(), newer, "executive-pulse.yaml", published_by="admin@example.org")  # removed after the test
        session().commit()
        versions = sorted(
            session().scalars(
                select(QuestionnaireVersion.version).where(QuestionnaireVersion.questionnaire_id == "executive-pulse")
            )
        )
    old, new = versions[-2], versions[-1]
    page = anna.get(f"/workshops/{workshop[0]}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    form_page = anna.get(f"/organisations/{organisation_id}").get_data(as_text=True)
    assert f'value="executive-pulse@{old}"' in form_page and "the newest" in form_page and "<optgroup" in form_page
    made = {}
    for choice in ("executive-pulse", f"executive-pulse@{old}"):
        form = {"title": choice, "questionnaire": choice, "locale": "en", "threshold": "3", "baseline": ""}
        response = anna.post(f"/organisations/{organisation_id}/workshops", form)
        assert response.status_code == 302
        made[choice] = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        pinned = {c: session().get(Workshop, w).questionnaire_version.version for c, w in made.items()}
    assert pinned == {"executive-pulse": new, f"executive-pulse@{old}": old}
    bogus = {"title": "x", "questionnaire": "executive-pulse@999", "locale": "en", "threshold": "3", "baseline": ""}
    assert anna.post(f"/organisations/{organisation_id}/workshops", bogus).status_code == 422


def test_joining_reads_the_workshop_its_organisation_and_questionnaire_in_one_query_without_its_source(app, workshop):
    """A room of 300 joins in the same second: every query a join saves counts then."""
    from sqlalchemy import event

    _, _, token = workshop
    visitor = Client(app.test_client())
    visitor.get(f"/w/{token}")
    statements: list[str] = []
    engine = app.extensions["readiness_db"].engine
    listener = lambda _c, _cur, statement, *_a: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = visitor.post(f"/w/{token}", {"team": ""})
        joined = statements[:]
        assert visitor.get(response.headers["Location"]).status_code == 200  # the first page
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 302
    lookups = [s for s in joined if "workshops.link_token" in s]
    assert len(lookups) == 1  # the workshop, its organisation and its version, joined
    assert not [s for s in joined if "FROM organisations" in s or "WHERE questionnaire_versions.id =" in s]
    # the questionnaire's source (100 KB for the full assessment) is read once per process, to compile it
    assert not [s for s in statements if "questionnaire_versions.source" in s]
