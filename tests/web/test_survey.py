"""The respondent's journey through the Flask test client, including bad input."""

import gzip
import re

from sqlalchemy import func, select

from assessment.db import session
from assessment.models import Response
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED


def stored(app, token):
    with app.app_context():
        return session().scalars(select(Response).where(Response.token == token)).one()


def test_landing_lists_the_shipped_questionnaires(client):
    page = client.get("/").get_data(as_text=True)
    assert "Executive pulse" in page and "17 questions" in page
    assert "Social collaboration readiness" in page or "social-collaboration" in page.lower()


def test_start_creates_a_response_with_an_unguessable_link(app, client, survey):
    token = survey.start(label="ACME")
    assert len(token) >= 43  # 32 random bytes, base64url
    page = client.get(f"/r/{token}/page/0").get_data(as_text=True)
    assert f"/r/{token}" in page  # the personal link is shown
    assert "Which role describes you best?" in page
    assert stored(app, token).label == "ACME"


def test_start_with_unknown_questionnaire_is_404(client):
    assert client.post("/start", {"questionnaire": "nope"}).status_code == 404


def test_each_page_saves_and_the_link_resumes_where_you_left(app, client, survey):
    token = survey.start()
    survey.answer(token, PULSE_IT_LED[:3])
    assert stored(app, token).answers["owner"] == "it"
    resumed = client.get(f"/r/{token}")
    assert resumed.headers["Location"].endswith(f"/r/{token}/page/3")
    # an earlier page shows the saved answer again
    page = client.get(f"/r/{token}/page/1").get_data(as_text=True)
    assert re.search(r'<input[^>]* checked [^>]*value="it"', page)


def test_back_and_save_do_not_require_answers(app, client, survey):
    token = survey.start()
    survey.answer(token, PULSE_IT_LED[:2])
    back = client.post(f"/r/{token}/page/2", {"action": "back"})
    assert back.headers["Location"].endswith("/page/1")
    saved = client.post(f"/r/{token}/page/2", {"objectives": "some", "action": "save"})
    assert saved.headers["Location"].endswith("/page/2")
    assert stored(app, token).answers["objectives"] == "some"


def test_missing_required_answer_gets_an_inline_message(client, survey):
    token = survey.start()
    response = client.post(f"/r/{token}/page/0", {"stage": "pilot", "action": "next"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please answer this question." in page
    assert 'href="#q-role"' in page  # the error summary links to the question
    assert re.search(r'<input[^>]* checked [^>]*value="pilot"', page)  # what was given is kept


def test_tampered_choice_value_is_refused_and_nothing_saved(app, client, survey):
    token = survey.start()
    response = client.post(f"/r/{token}/page/0", {"role": "ceo", "stage": "pilot", "action": "next"})
    assert response.status_code == 422
    assert "Please choose one of the options shown." in response.get_data(as_text=True)
    assert stored(app, token).answers == {}


def test_out_of_range_scale_value_is_refused(client, survey):
    token = survey.start()
    survey.answer(token, PULSE_IT_LED[:3])
    response = client.post(f"/r/{token}/page/3", {"wiifm": "9", "action": "next"})
    assert response.status_code == 422


def test_missing_csrf_token_is_refused_with_a_clear_page(app, client, survey):
    token = survey.start()
    response = client.post(f"/r/{token}/page/0", {"role": "it", "stage": "pilot", "action": "next"}, csrf=False)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert stored(app, token).answers == {}


def test_forged_csrf_token_is_refused(client, survey):
    token = survey.start()
    response = client.post(f"/r/{token}/page/0", {"role": "it", "csrf_token": "forged"}, csrf=False)
    assert response.status_code == 400


def test_unknown_or_guessed_link_is_404_without_details(client):
    for url in ("/r/not-a-token", "/r/" + "A" * 43 + "/results", "/r/" + "x" * 300 + "/page/0"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Traceback" not in response.get_data(as_text=True)


def test_page_number_out_of_range_is_404(client, survey):
    token = survey.start()
    assert client.get(f"/r/{token}/page/99").status_code == 404


def test_condition_on_an_earlier_page_hides_the_question(client, survey):
    token = survey.start()
    survey.answer(token, [{"role": "it", "stage": "pilot"}])
    survey.answer(token, PULSE_IT_LED[1:6], start=1)
    page = client.get(f"/r/{token}/page/6").get_data(as_text=True)
    assert "What do you measure today?" in page
    assert "How has activity developed since launch?" not in page


def test_before_launch_the_planned_counterparts_are_asked_instead_of_the_live_questions(client, survey):
    token = survey.start()
    survey.answer(token, [{"role": "hr", "stage": "planning"}])
    survey.answer(token, PULSE_HR_LED[1:4], start=1)
    sponsorship = client.get(f"/r/{token}/page/4").get_data(as_text=True)
    assert "What have senior leaders committed to do once the platform is live?" in sponsorship
    assert "How do senior leaders take part on the platform?" not in sponsorship
    survey.answer(token, [{"sponsor-role": "budget", "exec-commitment": "some"}, PULSE_HR_LED[5]], start=4)
    measurement = client.get(f"/r/{token}/page/6").get_data(as_text=True)
    assert "What will you measure once the platform is live?" in measurement
    assert "What do you measure today?" not in measurement


def test_over_long_free_text_is_refused(client, survey):
    token = survey.start("social-collaboration-readiness")
    page = client.get(f"/r/{token}/page/3").get_data(as_text=True)
    field = re.search(r'<textarea[^>]*maxlength="(\d+)"[^>]*name="([\w-]+)"', page)
    assert field, "the purpose page has a free-text question"
    limit, name = int(field.group(1)), field.group(2)
    response = client.post(f"/r/{token}/page/3", {name: "x" * (limit + 1), "action": "save"})
    assert response.status_code == 422
    assert "too long" in response.get_data(as_text=True)


def test_respondent_text_is_escaped(client, survey):
    token = survey.start(label="<script>alert(1)</script>")
    page = client.get(f"/r/{token}/page/0").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    survey.answer(token, PULSE_IT_LED)
    survey.submit(token)
    results = client.get(f"/r/{token}/results").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in results
    assert "<script>alert" not in results


def test_review_lists_missing_answers_and_submit_refuses(client, survey):
    token = survey.start()
    survey.answer(token, PULSE_IT_LED[:2])
    review = client.get(f"/r/{token}/review").get_data(as_text=True)
    assert "required questions are not answered yet" in review
    refused = survey.submit(token)
    assert refused.status_code == 422


def test_submit_twice_records_once_and_response_becomes_immutable(app, client, survey):
    token = survey.start()
    survey.answer(token, PULSE_IT_LED)
    first, second = survey.submit(token), survey.submit(token)
    assert first.status_code == second.status_code == 302
    response = stored(app, token)
    assert response.submitted and response.readiness_index is not None
    with app.app_context():
        assert session().scalar(select(func.count()).select_from(Response)) == 1
    # a replayed page post changes nothing
    replay = client.post(f"/r/{token}/page/1", {"owner": "joint", "action": "next"})
    assert replay.headers["Location"].endswith("/results")
    assert stored(app, token).answers["owner"] == "it"


def test_results_show_index_chart_risks_and_actions(client, survey):
    token = survey.complete(PULSE_IT_LED)
    page = client.get(f"/r/{token}/results").get_data(as_text=True)
    assert "Readiness index" in page and "Critical" in page
    assert "A platform without a purpose" in page
    assert "Because you answered:" in page and "The IT department" in page
    assert 'data-figure="chart-radar"' in page and 'id="chart-radar"' in page
    assert "/vendor/plotly.min.js" in page
    assert "Name a business or HR owner with IT as partner" in page


def test_results_of_a_business_led_initiative_are_low_risk(client, survey):
    token = survey.complete(PULSE_HR_LED)
    page = client.get(f"/r/{token}/results").get_data(as_text=True)
    assert "band-low" in page
    assert "A platform without a purpose" not in page


def test_results_before_submission_redirect_to_the_survey(client, survey):
    token = survey.start()
    response = client.get(f"/r/{token}/results")
    assert response.status_code == 302 and f"/r/{token}" in response.headers["Location"]


def test_plotly_is_served_locally(client):
    with client.get("/vendor/plotly.min.js") as response:
        assert response.status_code == 200 and b"plotly.js" in response.data[:300]
        assert response.mimetype == "text/javascript"


def test_plotly_is_gzipped_for_browsers_that_take_it(client):
    with client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip, deflate, br"}) as response:
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert len(response.data) < 2_000_000 and b"plotly.js" in gzip.decompress(response.data)[:300]
        etag = response.headers["ETag"]
    again = client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304


def test_pages_carry_security_headers(client):
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Request-ID"]


def test_no_page_refers_to_a_remote_host(client, survey):
    token = survey.complete(PULSE_IT_LED)
    for url in ("/", f"/r/{token}/results", f"/r/{token}/page/0"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html.replace(f"http://localhost/r/{token}", "")), url


def test_health_endpoint(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["status"] == "ok"


def test_language_switch_remembers_the_choice(client):
    response = client.get("/language?to=de&next=/")
    assert response.status_code == 302 and "locale=de" in response.headers["Set-Cookie"]
    assert client.get("/language?to=de&next=https://evil.example/").headers["Location"] == "/"


def test_page_forms_are_kept_per_questionnaire_page_and_language_and_follow_a_changed_draft():
    from pathlib import Path

    from assessment.survey.forms import page_form_class
    from scoring.format.loader import load_file, load_questionnaire

    shipped = Path(__file__).resolve().parents[2] / "questionnaires" / "executive-pulse.yaml"
    q = load_file(shipped)
    first = page_form_class(q, 0, "en")
    assert page_form_class(q, 0, "en") is first  # made once
    assert page_form_class(q, 0, "de") is not first and page_form_class(q, 1, "en") is not first
    german = page_form_class(q, 0, "de").role.args[0]
    assert german != first.role.args[0] and "Rolle" in german

    text = shipped.read_text(encoding="utf-8").replace("Which role describes you best?", "Which hat do you wear?")
    changed = load_questionnaire(text)  # a draft saved again: another object, same id and version
    assert page_form_class(changed, 0, "en").role.args[0] == "Which hat do you wear?"


def form_of(page: str) -> str:
    """A survey page's form without its CSRF token (signed with the time, so it changes each second)."""
    form = page[page.index("<form method") : page.index("</form>")]
    without, found = re.subn(r'(<input id="csrf_token" name="csrf_token" type="hidden" value=")[^"]*', r"\1", form)
    assert found == 1, form[:400]
    return without


def test_questions_are_rendered_once_for_everyone_who_sees_them_alike_and_never_shown_to_the_wrong_person(
    client, survey
):
    from assessment import fragments

    fragments.forget_kept_html()
    answered, blank = survey.start(), survey.start()
    survey.answer(answered, PULSE_IT_LED[:4])
    first = client.get(f"/r/{blank}/page/3").get_data(as_text=True)
    kept = fragments.kept_count()
    assert kept > 0 and " checked " not in first
    again = client.get(f"/r/{blank}/page/3").get_data(as_text=True)
    assert form_of(again) == form_of(first)  # the same answers: the kept HTML
    assert fragments.kept_count() == kept
    own = client.get(f"/r/{answered}/page/3").get_data(as_text=True)  # the person's own answers, not the blank copy
    assert re.search(r'<input[^>]* checked [^>]*name="wiifm" [^>]*value="2"', own)
    assert re.search(r'<input[^>]* checked [^>]*name="wiifm__target" [^>]*value="4"', own)
    assert fragments.kept_count() > kept
    assert " checked " not in client.get(f"/r/{blank}/page/3").get_data(as_text=True)

    refused = client.post(f"/r/{blank}/page/1", {"owner": "it", "action": "next"})  # required answers missing
    assert refused.status_code == 422 and "has-error" in refused.get_data(as_text=True)
    kept = fragments.kept_count()
    assert "has-error" not in client.get(f"/r/{blank}/page/1").get_data(as_text=True)  # errors are never kept
    client.get("/language?to=de&next=/")
    german = client.get(f"/r/{blank}/page/1").get_data(as_text=True)
    assert "Verantwortung und Steuerung" in german and "(Pflichtfrage)" in german
    assert "Meinen Link per E-Mail schicken" in german and "E-mail me my link" not in german  # its field too
    assert 'name="email"' in german and 'name="email" value' not in german  # and it stays empty
    assert fragments.kept_count() > kept
